"""A lane facade that exists before the lane does, so the screen can paint while the services start.

Starting the services (database, migrations, catalog, devices) costs more than half a second, mostly in
imports; a kiosk that reboots should show its attract screen at once (cold-start budget ≤ 1 s). The window
is built on a :class:`DeferredLane`; once the real lane exists, :meth:`DeferredLane.attach` hands everything
over: subscribers are moved to the lane, messages posted meanwhile (a touch on the attract screen) are
forwarded in order — never dropped — and every subscriber receives the lane's current snapshot.

Threading rule: every method may be called from any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from kiosk.lane.events import LaneEvent, Subscriber
from kiosk.lane.messages import Message
from kiosk.lane.snapshot import LaneSnapshot
from kiosk.lane.states import LaneState


class LaneFacade(Protocol):
    def snapshot(self) -> LaneSnapshot: ...

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]: ...

    def post(self, message: Message) -> None: ...


class _Forward:
    """Passes on only publications newer than the last one delivered.

    The hand-over publishes the lane's snapshot from the attaching thread while the lane's own thread may
    publish at the same moment; a snapshot already contains the effect of every earlier event, so anything
    not newer is dropped whole (a reset from the snapshot, never a line applied twice).
    """

    def __init__(self, subscriber: Subscriber) -> None:
        self.subscriber = subscriber
        self._lock = threading.Lock()
        self._version = -1
        self.active = True

    def __call__(self, snapshot: LaneSnapshot, events: tuple[LaneEvent, ...]) -> None:
        with self._lock:
            if self.active and snapshot.version > self._version:
                self._version = snapshot.version
                self.subscriber(snapshot, events)


class DeferredLane:
    def __init__(self, language: str, currency: str) -> None:
        self._lock = threading.Lock()
        self._lane: LaneFacade | None = None
        self._placeholder = LaneSnapshot(
            version=0, state=LaneState.ATTRACT, language=language, currency=currency
        )
        self._forwards: list[_Forward] = []
        self._unsubscribes: dict[int, Callable[[], None]] = {}
        self._queued: list[Message] = []

    @property
    def attached(self) -> bool:
        return self._lane is not None

    def snapshot(self) -> LaneSnapshot:
        lane = self._lane
        return lane.snapshot() if lane is not None else self._placeholder

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        forward = _Forward(subscriber)
        with self._lock:
            self._forwards.append(forward)
            if self._lane is not None:
                self._unsubscribes[id(forward)] = self._lane.subscribe(forward)

        def unsubscribe() -> None:
            forward.active = False
            with self._lock:
                if forward in self._forwards:
                    self._forwards.remove(forward)
                stop = self._unsubscribes.pop(id(forward), None)
            if stop is not None:
                stop()

        return unsubscribe

    def post(self, message: Message) -> None:
        with self._lock:
            lane = self._lane
            if lane is None:
                self._queued.append(message)
                return
        lane.post(message)

    def attach(self, lane: LaneFacade) -> None:
        """Hand over to the real lane: move subscribers, forward queued messages, publish its snapshot."""
        with self._lock:
            if self._lane is not None:
                raise RuntimeError("the lane is already attached")
            self._lane = lane
            forwards = list(self._forwards)
            for forward in forwards:
                self._unsubscribes[id(forward)] = lane.subscribe(forward)
            for message in self._queued:  # under the lock: a post arriving now must queue behind these
                lane.post(message)
            self._queued.clear()
        current = lane.snapshot()
        for forward in forwards:
            forward(current, ())
