"""The tendering part alone: attempts journaled before they are acted on, results, uncertainty, recovery."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.domain import Money, Sale, TenderStatus
from kiosk.domain.sale import Line
from kiosk.domain.tax import TaxRate
from payments.tendering import Phase, Tendering
from tests.fakes import InMemoryJournal, JournalPayment

AT = datetime(2026, 6, 1, 12, tzinfo=UTC)


def sale_of(minor: int, journal: InMemoryJournal) -> Sale:
    journal.open_sale("s1", "RUB", AT)
    sale = Sale("s1", "RUB", AT)
    price = Money(minor, "RUB")
    sale.add(Line(1, "1", "Milk", None, 1, None, price, price, TaxRate.parse("22")))
    return sale


def test_the_intent_is_journaled_before_anything_else_and_the_approval_pays() -> None:
    journal = InMemoryJournal()
    sale = sale_of(1000, journal)
    part = Tendering(journal)
    attempt = part.begin(sale, "a1", "card", 1000, AT)
    assert attempt.phase is Phase.SENT
    assert journal.calls[-1] == "record_payment_intent"
    assert sale.tenders[0].status is TenderStatus.PENDING
    tender = part.approve(sale, "a1", 1000, AT, auth_code="123456")
    assert tender is not None and tender.status is TenderStatus.APPROVED and tender.auth_code == "123456"
    assert sale.balance_due.minor == 0 and part.open_attempts == ()
    assert [p.status for p in journal.sales["s1"].payments] == ["approved"]


def test_no_second_attempt_while_one_is_open_and_no_overpaying() -> None:
    journal = InMemoryJournal()
    sale = sale_of(1000, journal)
    part = Tendering(journal)
    with pytest.raises(ValueError, match="amount"):
        part.begin(sale, "a0", "card", 1001, AT)
    part.begin(sale, "a1", "card", 400, AT)
    with pytest.raises(RuntimeError, match="still open"):
        part.begin(sale, "a2", "card", 600, AT)


def test_answers_for_attempts_that_are_not_open_are_ignored() -> None:
    journal = InMemoryJournal()
    sale = sale_of(1000, journal)
    part = Tendering(journal)
    part.begin(sale, "a1", "card", 1000, AT)
    assert part.decline(sale, "a1", AT) is not None
    assert part.approve(sale, "a1", 1000, AT) is None  # a late approval of a closed attempt changes nothing
    assert part.decline(sale, "nope", AT) is None
    assert sale.paid_minor == 0


def test_uncertain_is_journaled_once_and_stays_open_until_answered() -> None:
    journal = InMemoryJournal()
    sale = sale_of(1000, journal)
    part = Tendering(journal)
    part.begin(sale, "a1", "card", 1000, AT)
    part.uncertain(sale, "a1", AT)
    part.uncertain(sale, "a1", AT)
    assert journal.calls.count("record_payment_result") == 1
    assert [a.phase for a in part.open_attempts] == [Phase.UNCERTAIN]
    assert sale.tenders[0].status is TenderStatus.UNCERTAIN and sale.paid_minor == 0
    part.approve(sale, "a1", 1000, AT)
    assert sale.paid_minor == 1000


def test_restore_counts_approved_as_paid_and_unresolved_as_uncertain() -> None:
    journal = InMemoryJournal()
    sale = sale_of(1000, journal)
    rub = lambda minor: Money(minor, "RUB")  # noqa: E731
    payments = [
        JournalPayment("a1", "card", rub(300), "approved"),
        JournalPayment("a2", "card", rub(700), "declined"),
        JournalPayment("a3", "card", rub(700), "pending"),
    ]
    uncertain = Tendering(journal).restore(sale, payments)
    assert [(a.attempt_id, a.phase) for a in uncertain] == [("a3", Phase.UNCERTAIN)]
    assert sale.paid_minor == 300
    assert [t.status for t in sale.tenders] == [
        TenderStatus.APPROVED,
        TenderStatus.DECLINED,
        TenderStatus.UNCERTAIN,
    ]
