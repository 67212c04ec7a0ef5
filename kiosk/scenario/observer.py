"""Watches the lane from outside, as a person at the kiosk would: snapshots and events, nothing private."""

from __future__ import annotations

import threading
from collections.abc import Callable

from kiosk.lane import events as ev
from kiosk.lane.events import LaneEvent
from kiosk.lane.snapshot import LaneSnapshot


class LaneObserver:
    """Records every published (snapshot, events) pair; lets the runner wait for an event to appear."""

    def __init__(self, initial: LaneSnapshot) -> None:
        self._cond = threading.Condition()
        self.events: list[LaneEvent] = []
        self.snapshot = initial
        self.last_sale: LaneSnapshot | None = initial if initial.sale_id else None
        self.completed: set[str] = set()

    def __call__(self, snapshot: LaneSnapshot, events: tuple[LaneEvent, ...]) -> None:
        with self._cond:
            self.snapshot = snapshot
            if snapshot.sale_id is not None:
                self.last_sale = snapshot
            for event in events:
                if isinstance(event, ev.SaleCompleted):
                    self.completed.add(event.sale_id)
            self.events.extend(events)
            self._cond.notify_all()

    def mark(self) -> int:
        with self._cond:
            return len(self.events)

    def wait_for(self, since: int, match: Callable[[LaneEvent], bool], timeout_s: float) -> LaneEvent | None:
        """The first event after index ``since`` that matches, waiting up to ``timeout_s``."""

        def found() -> LaneEvent | None:
            return next((e for e in self.events[since:] if match(e)), None)

        with self._cond:
            self._cond.wait_for(lambda: found() is not None, timeout_s)
            return found()

    def since(self, mark: int) -> list[LaneEvent]:
        with self._cond:
            return list(self.events[mark:])

    def sale_view(self) -> LaneSnapshot:
        """The sale on screen, or the last one if the lane has moved on (thank-you → attract)."""
        with self._cond:
            if self.snapshot.sale_id is not None or self.last_sale is None:
                return self.snapshot
            return self.last_sale
