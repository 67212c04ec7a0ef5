"""Start-up recovery against the real SQLite journal, left as a crash leaves it (written through its API)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.domain import Line, Money, TaxRate
from kiosk.lane.actor import Lane
from kiosk.lane.clock import ManualClock
from kiosk.lane.interventions import InterventionType
from kiosk.lane.settings import LaneSettings
from kiosk.lane.states import LaneState as S
from kiosk.persistence import Database, SaleJournal
from payments.tender import TenderRouter
from payments.test_tender import InstantTestTender
from tests.fakes import InMemoryCatalog

AT = datetime(2026, 6, 1, 12, tzinfo=UTC)
PRICE = Money.parse("89.90")


def crashed_sale(db: Database, payment_status: str | None) -> None:
    """A sale with one line and one attempt, as the journal holds it after a SIGKILL."""
    journal = SaleJournal(db, "lane-1")
    journal.open_sale("s1", "RUB", AT)
    journal.record_line("s1", Line(1, "1", "Milk", "4600000000011", 1, None, PRICE, PRICE, TaxRate(2200)), AT)
    journal.record_payment_intent("a1", "s1", "card", PRICE.minor, AT)
    if payment_status is not None:
        journal.record_payment_result("a1", payment_status, AT, "489537******1234", "000001", "TEST1")
    journal.close()


def restarted_lane(db: Database) -> tuple[Lane, SaleJournal]:
    journal = SaleJournal(db, "lane-1")
    lane = Lane(
        settings=LaneSettings(),
        catalog=InMemoryCatalog([]),
        journal=journal,
        tenders=TenderRouter({"card": InstantTestTender()}),
        clock=ManualClock(),
        strict=True,
    )
    lane.recover()
    lane.drain()
    return lane, journal


@pytest.mark.expect_warnings("unfinished sale found at start-up")
def test_a_sale_approved_before_the_crash_is_completed_at_start_up(db: Database) -> None:
    crashed_sale(db, "approved")
    lane, journal = restarted_lane(db)
    assert lane.snapshot().state is S.COMPLETE
    assert journal.unfinished_sales() == []
    assert lane.snapshot().pending_interventions == ()


@pytest.mark.expect_warnings("unfinished sale found at start-up", "payment outcome unknown")
def test_an_attempt_without_a_result_is_asked_first_and_a_never_received_one_leaves_it_to_staff(
    db: Database,
) -> None:
    crashed_sale(db, None)
    lane, journal = restarted_lane(db)
    snap = lane.snapshot()
    assert snap.state is S.ATTENDANT_REQUIRED
    assert [i.type for i in snap.pending_interventions] == [InterventionType.RECOVERED_SALE]
    [sale] = journal.unfinished_sales()
    assert [p.status.value for p in sale.payments] == ["declined"]  # asked: the provider never got it
