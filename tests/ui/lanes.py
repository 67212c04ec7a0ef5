"""Real lanes for UI tests and the screenshot tool: in-memory catalog (Russian products), journal and tender."""

from __future__ import annotations

from kiosk.lane.actor import Lane
from kiosk.lane.clock import ManualClock
from kiosk.lane.messages import DeviceAvailabilityChanged, Message
from kiosk.lane.settings import LaneSettings
from payments.tender import TenderRouter
from payments.test_tender import InstantTestTender
from tests.fakes import InMemoryCatalog, InMemoryJournal
from tests.ui.products import ALL


class DrainedLane(Lane):
    """A lane that handles every message as soon as it is posted, on the posting (test) thread.

    The UI still receives publications only through the bridge's queued signal, so tests exercise the same
    GUI-thread delivery as the threaded app while staying deterministic.
    """

    _draining = False

    def post(self, message: Message) -> None:
        super().post(message)
        if not self._draining:  # a handler that posts (a tender's answer) is queued, not re-entered
            self._draining = True
            try:
                self.drain()
            finally:
                self._draining = False


def make_lane(journal: InMemoryJournal | None = None, lane_class: type[Lane] = DrainedLane) -> Lane:
    lane = lane_class(
        settings=LaneSettings(),
        catalog=InMemoryCatalog(ALL),
        journal=journal or InMemoryJournal(),
        tenders=TenderRouter({"card": InstantTestTender()}),
        clock=ManualClock(),
    )
    lane.recover()
    lane.post(DeviceAvailabilityChanged("scanner", True))
    lane.drain()
    return lane
