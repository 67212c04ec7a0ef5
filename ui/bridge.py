"""Carries lane publications from the lane's thread to the GUI thread.

The lane calls its subscribers on its own thread, where no widget may be touched. :class:`LaneBridge` queues
each publication and wakes the GUI thread through a queued Qt signal. When the GUI thread falls behind (a
burst of scans), publications are coalesced: the newest snapshot plus *all* events in order, so no
``ItemAdded`` is ever lost and the basket still grows by exactly the lines that were added.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot

from kiosk.lane.events import LaneEvent
from kiosk.lane.snapshot import LaneSnapshot
from ui.ports import LaneFacade


class LaneBridge(QObject):
    """Re-emits ``(snapshot, events)`` from the lane as :attr:`published`, on the thread owning the bridge.

    Threading rule: construct on the GUI thread; :meth:`_on_lane` runs on the lane's thread and only touches
    the locked pending buffer; :attr:`published` is always emitted on the GUI thread.
    """

    published = Signal(object, object)  # (LaneSnapshot, tuple[LaneEvent, ...])
    _wake = Signal()

    def __init__(self, lane: LaneFacade, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._snapshot: LaneSnapshot | None = None
        self._events: list[LaneEvent] = []
        self._wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = lane.subscribe(self._on_lane)

    def close(self) -> None:
        """Stop listening to the lane (idempotent); pending publications are still delivered."""
        self._unsubscribe()

    def _on_lane(self, snapshot: LaneSnapshot, events: tuple[LaneEvent, ...]) -> None:
        with self._lock:
            idle = self._snapshot is None
            self._snapshot = snapshot
            self._events.extend(events)
        if idle:  # one wake-up per batch: later publications join the batch already queued
            self._wake.emit()

    @Slot()
    def _deliver(self) -> None:
        with self._lock:
            snapshot, self._snapshot = self._snapshot, None
            events, self._events = tuple(self._events), []
        if snapshot is not None:
            self.published.emit(snapshot, events)
