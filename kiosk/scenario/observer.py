"""Watches the lane from outside, as a person at the kiosk would: snapshots and events, nothing private."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable

from kiosk.domain import Money
from kiosk.lane import events as ev
from kiosk.lane.events import LaneEvent
from kiosk.lane.snapshot import LaneSnapshot
from kiosk.lane.states import LaneState


class LaneObserver:
    """Records every published (snapshot, events) pair; lets the runner wait for an event to appear."""

    def __init__(self, initial: LaneSnapshot) -> None:
        self._cond = threading.Condition()
        self.events: list[LaneEvent] = []
        self.snapshot = initial
        self.last_sale: LaneSnapshot | None = initial if initial.sale_id else None
        self.completed: set[str] = set()
        self.voided: set[str] = set()

    def __call__(self, snapshot: LaneSnapshot, events: tuple[LaneEvent, ...]) -> None:
        with self._cond:
            self.snapshot = snapshot
            if snapshot.sale_id is not None:
                self.last_sale = snapshot
            for event in events:
                if isinstance(event, ev.SaleCompleted):
                    self.completed.add(event.sale_id)
                elif isinstance(event, ev.SaleVoided):
                    self.voided.add(event.sale_id)
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

    def wait_snapshot(self, match: Callable[[LaneSnapshot], bool], timeout_s: float) -> LaneSnapshot:
        """The newest snapshot once it matches, or the newest when ``timeout_s`` is up."""
        with self._cond:
            self._cond.wait_for(lambda: match(self.snapshot), timeout_s)
            return self.snapshot

    def since(self, mark: int) -> list[LaneEvent]:
        with self._cond:
            return list(self.events[mark:])

    def sale_view(self) -> LaneSnapshot:
        """The sale on screen, or the last one if the lane has moved on (thank-you → attract).

        A voided sale (shopper, attendant or inactivity) has no lines left (scenario.md, ``expect``): its
        lines are shown voided, its totals zero — not as the basket looked before the void.
        """
        with self._cond:
            if self.snapshot.sale_id is not None or self.last_sale is None:
                view = self.snapshot
            else:
                view = self.last_sale
            if view.sale_id not in self.voided:
                return view
            zero = Money.zero(view.currency)
            return dataclasses.replace(
                view,
                lines=tuple(dataclasses.replace(line, voided=True) for line in view.lines),
                line_count=0,
                total=zero,
                tax=(),
                balance_due=zero,
            )

    def status(self, view: LaneSnapshot) -> str:
        """The sale's ``status`` in the report: open, paid, voided or suspended."""
        with self._cond:
            if view.sale_id in self.completed:
                return "paid"
            if view.sale_id in self.voided:
                return "voided"
            return "suspended" if self.snapshot.state is LaneState.SUSPENDED else "open"
