"""The typed catalogue of lane events (past tense) and the in-process event bus.

Events say what happened because of one message; the snapshot says what *is*. The UI uses events for O(1)
updates (append one basket row) and snapshots for everything else.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.domain import Line
from kiosk.lane.interventions import Intervention
from kiosk.lane.states import LaneState

if TYPE_CHECKING:
    from kiosk.lane.snapshot import LaneSnapshot

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LaneEvent:
    """Base class of lane events."""


@dataclass(frozen=True, slots=True)
class StateChanged(LaneEvent):
    old: LaneState
    new: LaneState


@dataclass(frozen=True, slots=True)
class SaleStarted(LaneEvent):
    sale_id: str


@dataclass(frozen=True, slots=True)
class ItemAdded(LaneEvent):
    line: Line


@dataclass(frozen=True, slots=True)
class LineVoided(LaneEvent):
    line: Line


@dataclass(frozen=True, slots=True)
class ItemNotFound(LaneEvent):
    code: str


@dataclass(frozen=True, slots=True)
class ItemRejected(LaneEvent):
    """A known item the lane may not sell here (not SCO-allowed, needs weighing this build cannot do …)."""

    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class MessageRejected(LaneEvent):
    """A message that is not allowed in the current state (explicitly, per the transition table)."""

    message: str
    state: LaneState
    reason: str


@dataclass(frozen=True, slots=True)
class HandlingFailed(LaneEvent):
    """A message could not be handled (a journal write failed …): nothing of it took effect."""

    message: str
    error: str


@dataclass(frozen=True, slots=True)
class InactivityWarned(LaneEvent):
    seconds_left: int


@dataclass(frozen=True, slots=True)
class SaleVoided(LaneEvent):
    sale_id: str
    reason: str  # "inactivity", "attendant"


@dataclass(frozen=True, slots=True)
class PaymentAccepted(LaneEvent):
    attempt_id: str
    amount_minor: int


@dataclass(frozen=True, slots=True)
class PaymentRefused(LaneEvent):
    attempt_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class SaleCompleted(LaneEvent):
    sale_id: str
    total_minor: int


@dataclass(frozen=True, slots=True)
class SaleRecovered(LaneEvent):
    """An unfinished sale was found in the journal at start-up and offered back."""

    sale_id: str
    lines: int


@dataclass(frozen=True, slots=True)
class SaleResumed(LaneEvent):
    sale_id: str


@dataclass(frozen=True, slots=True)
class DeviceWentMissing(LaneEvent):
    device: str
    detail: str


@dataclass(frozen=True, slots=True)
class DeviceCameBack(LaneEvent):
    device: str


@dataclass(frozen=True, slots=True)
class DeviceInputDiscarded(LaneEvent):
    device: str
    code: str


@dataclass(frozen=True, slots=True)
class HelpCalled(LaneEvent):
    pass


@dataclass(frozen=True, slots=True)
class PaymentAbortAsked(LaneEvent):
    """The tender was asked to abort (``reason``: ``timeout`` or ``shopper``); its answer still decides."""

    attempt_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class PaymentOutcomeUnknown(LaneEvent):
    """An attempt may have been charged: it is being asked of the provider, and nothing else happens."""

    attempt_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class InterventionRaised(LaneEvent):
    intervention: Intervention


@dataclass(frozen=True, slots=True)
class InterventionResolved(LaneEvent):
    intervention: Intervention


Subscriber = Callable[["LaneSnapshot", tuple[LaneEvent, ...]], None]


class EventBus:
    """Synchronous fan-out of (snapshot, events) to subscribers, called on the lane's thread.

    Subscribers must be quick and must not post back synchronously expecting an answer; the UI bridge
    re-emits on the GUI thread through a queued Qt signal. A failing subscriber is logged and skipped so one
    bad listener cannot stop the lane.
    """

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            with self._lock:
                if subscriber in self._subscribers:
                    self._subscribers.remove(subscriber)

        return unsubscribe

    def publish(self, snapshot: LaneSnapshot, events: tuple[LaneEvent, ...]) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(snapshot, events)
            except Exception:
                log.exception("lane subscriber failed", extra={"sale_id": snapshot.sale_id})
