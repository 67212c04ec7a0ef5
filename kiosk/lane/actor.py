"""The lane actor: a thin shell of one inbox, one thread and snapshot publication over the lane's parts.

Messages are handled strictly in order by :meth:`Lane._handle`: it looks the (state, message) pair up in the
transition table (:mod:`kiosk.lane.table`), runs the entry's guard and handler on the :class:`LaneCore`,
applies the state the handler returns if the entry allows it, hands the device commands the message caused to
the outbound port (:mod:`kiosk.lane.outbound`) and publishes a snapshot with the message's events. Nothing
that can block — a device, a card authorisation — runs on this thread; it comes back as a message.

Threading rule: :meth:`post` may be called from any thread; every other method runs on the lane's thread
(or, in tests, on the thread that calls :meth:`drain`).
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections.abc import Callable, Mapping

from drivers.contracts import LaneLight
from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.clock import Clock
from kiosk.lane.core import LaneCore
from kiosk.lane.events import EventBus, Subscriber
from kiosk.lane.executors import default_executors
from kiosk.lane.outbound import CommandRunner, DeviceCommand, Executor
from kiosk.lane.ports import ProductLookup, SaleJournalPort
from kiosk.lane.settings import LaneSettings
from kiosk.lane.snapshot import LaneSnapshot, Prompt, PromptCode
from kiosk.lane.table import lookup, reject_reason
from payments.tender import TenderRouter

log = logging.getLogger(__name__)

_STOP = object()


def new_id() -> str:
    return uuid.uuid4().hex


class IllegalTransition(RuntimeError):
    """A handler returned a state its table entry does not list (a bug; raised in strict mode)."""


class Lane:
    """The checkout state machine of one lane."""

    def __init__(
        self,
        *,
        settings: LaneSettings,
        catalog: ProductLookup,
        journal: SaleJournalPort,
        tenders: TenderRouter,
        clock: Clock,
        id_factory: Callable[[], str] = new_id,
        light: LaneLight | None = None,
        executors: Mapping[type[DeviceCommand], Executor] | None = None,
        strict: bool = False,
    ) -> None:
        """``light``: the lane light, if one is configured. ``executors``: device commands carried out by
        something other than the defaults (a real printer, a fiscal register, a test's stand-in).
        ``strict``: a handler leading to a state its entry does not list raises (tests) instead of being
        logged and refused."""
        self.settings = settings
        self._journal = journal
        self._core = LaneCore(settings, catalog, journal, clock, id_factory, tenders.methods)
        self._strict = strict
        self._inbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._bus = EventBus()
        self._thread: threading.Thread | None = None
        self._idle = threading.Condition()
        self._posted = 0
        self._handled = 0
        runs = {**default_executors(tenders, light), **(executors or {})}
        self._devices = CommandRunner(runs, self.post, self._settled)
        self._version = 1
        self._snapshot = self._core.snapshot(self._version)

    # -- public, any thread ------------------------------------------------------------------------------
    def post(self, message: m.Message) -> None:
        with self._idle:
            self._posted += 1
        self._inbox.put(message)

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        return self._bus.subscribe(subscriber)

    def snapshot(self) -> LaneSnapshot:
        return self._snapshot

    @property
    def clock(self) -> Clock:
        return self._core.clock

    def start_thread(self) -> None:
        """Run the actor and its device worker on their own threads (the real app). Tests may :meth:`drain`."""
        if self._thread is None:
            self._devices.start()
            self._thread = threading.Thread(target=self._run, name="lane", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> None:
        if self._thread is not None:
            self._inbox.put(_STOP)
            self._thread.join(timeout_s)
            self._thread = None
        self._devices.stop(timeout_s)

    def wait_idle(self, timeout_s: float = 5.0) -> bool:
        """Block until every message posted so far is handled and no device command is in flight."""
        with self._idle:
            return self._idle.wait_for(
                lambda: self._handled >= self._posted and self._devices.in_flight == 0, timeout_s
            )

    def drain(self) -> int:
        """Handle every queued message, and run the device commands they cause, on the calling thread."""
        count = 0
        while True:
            try:
                message: object = self._inbox.get_nowait()
            except queue.Empty:
                message = None
            if isinstance(message, m.Message):
                self._handle(message)
                count += 1
            elif message is None and self._devices.run_pending() == 0:
                return count

    # -- start-up ------------------------------------------------------------------------------------
    def recover(self) -> None:
        """Reconcile the journal before selling (see :mod:`kiosk.lane.handlers.attending`).

        Must run before :meth:`start_thread` and before any device may post: the journal is read here and
        handled as the lane's first message.
        """
        self._handle(m.JournalRead(tuple(self._journal.unfinished_sales())), count=False)

    # -- the loop ------------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            message = self._inbox.get()
            if message is _STOP:
                return
            if isinstance(message, m.Message):
                self._handle(message)

    def _handle(self, message: m.Message, count: bool = True) -> None:
        core = self._core
        core.events.clear()
        state = core.state
        try:
            self._dispatch(core, message)
        except IllegalTransition:
            if self._strict:
                raise
        except Exception as exc:
            # Handlers journal before they change anything, so a failure leaves the sale as it was; the
            # shopper is told it did not go through rather than seeing a scan vanish.
            log.exception("lane handler failed", extra={"sale_id": core.sale_id()})
            core.prompt = Prompt(PromptCode.NOT_RECORDED)
            core.emit(ev.HandlingFailed(type(message).__name__, str(exc)))
        finally:
            core.light_command()
            for command in core.commands:
                self._devices.submit(command)
            core.commands.clear()
            # A tick that changed nothing the UI shows publishes nothing (every visible change is an event).
            if not isinstance(message, m.Tick) or core.events or core.state is not state:
                self._publish()
            if count:
                with self._idle:
                    self._handled += 1
                    self._idle.notify_all()

    def _dispatch(self, core: LaneCore, message: m.Message) -> None:
        state, kind = core.state, type(message)
        entry = lookup(state, kind)
        refusal = reject_reason(state, kind) if entry is None else None
        if entry is not None and entry.guard is not None:
            refusal = entry.guard(core, message)
        if entry is None or refusal is not None:
            core.emit(ev.MessageRejected(kind.__name__, state, refusal or ""))
            log.info("message rejected", extra={"message_type": kind.__name__, "state": state.value})
            return
        target = entry.handler(core, message)
        if target is not None and target is not state:
            if target not in entry.targets:
                log.error(
                    "transition refused: %s in %s may not lead to %s",
                    kind.__name__, state.value, target.value,
                )  # fmt: skip
                raise IllegalTransition(f"{kind.__name__} in {state.value} -> {target.value}")
            core.enter(target)
        if entry.touch:
            core.touch()

    def _publish(self) -> None:
        self._version += 1
        self._snapshot = self._core.snapshot(self._version)
        self._bus.publish(self._snapshot, tuple(self._core.events))

    def _settled(self) -> None:
        with self._idle:
            self._idle.notify_all()
