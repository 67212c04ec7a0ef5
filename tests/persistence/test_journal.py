from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain import Line, Money, TaxRate
from kiosk.persistence import Database, JournalError, PaymentStatus, SaleJournal

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]


def line(n: int, *, minor: int = 8990, quantity: int = 1, weight_g: int | None = None) -> Line:
    return Line(
        n=n,
        sku=f"G{n:05d}",
        name=f"Молоко {n}",
        barcode="4610001126485",
        quantity=quantity,
        weight_g=weight_g,
        unit_price=Money(minor, "RUB"),
        amount=Money(minor * quantity, "RUB"),
        tax_rate=TaxRate.parse("10"),
        names=(("en", f"Milk {n}"),),
    )


def test_round_trip_after_dropping_the_objects_without_closing(db_url: str) -> None:
    db = Database.open(db_url)
    journal = SaleJournal(db, "lane-1")
    journal.open_sale("S1", "RUB", T0)
    for n in (1, 2, 3):
        journal.record_line("S1", line(n, quantity=n), T0 + timedelta(seconds=n))
    journal.record_void("S1", 2, T0 + timedelta(seconds=9))
    del journal, db  # a crash: nothing closed, nothing flushed by us

    recovered = SaleJournal(Database.open(db_url), "lane-1").unfinished_sales()
    assert [s.sale_id for s in recovered] == ["S1"]
    sale = recovered[0]
    assert sale.currency == "RUB"
    assert sale.started_at == T0
    assert [(ln.n, ln.voided) for ln in sale.lines] == [(1, False), (2, True), (3, False)]
    assert sale.lines[2] == line(3, quantity=3)
    assert sale.lines[1].name_in("en") == "Milk 2"


def test_completed_and_voided_sales_are_not_recovered(db: Database) -> None:
    journal = SaleJournal(db, "lane-1")
    for sale_id in ("done", "cancelled", "open"):
        journal.open_sale(sale_id, "RUB", T0)
        journal.record_line(sale_id, line(1), T0)
    journal.close_sale("done", "completed", "paid", T0)
    journal.close_sale("cancelled", "voided", "shopper cancelled", T0)
    assert [s.sale_id for s in journal.unfinished_sales()] == ["open"]
    with pytest.raises(JournalError):
        journal.close_sale("done", "voided", "twice", T0)


def test_other_lanes_sales_are_not_ours(db: Database) -> None:
    SaleJournal(db, "lane-2").open_sale("theirs", "RUB", T0)
    assert SaleJournal(db, "lane-1").unfinished_sales() == []


def test_payment_intent_and_result_are_recovered(db: Database) -> None:
    journal = SaleJournal(db, "lane-1")
    journal.open_sale("S1", "RUB", T0)
    journal.record_line("S1", line(1), T0)
    journal.record_payment_intent("A1", "S1", "card", 8990, T0)
    journal.record_payment_result("A1", PaymentStatus.DECLINED, T0, masked_pan="220220******1234")
    journal.record_payment_intent("A2", "S1", "card", 8990, T0 + timedelta(seconds=5))
    [sale] = journal.unfinished_sales()
    assert [(p.attempt_id, p.status, p.amount) for p in sale.payments] == [
        ("A1", PaymentStatus.DECLINED, Money(8990, "RUB")),
        ("A2", PaymentStatus.PENDING, Money(8990, "RUB")),
    ]
    assert sale.payments[0].masked_pan == "220220******1234"


def test_full_card_numbers_and_unknown_ids_are_refused(db: Database) -> None:
    journal = SaleJournal(db, "lane-1")
    journal.open_sale("S1", "RUB", T0)
    journal.record_payment_intent("A1", "S1", "card", 100, T0)
    with pytest.raises(ValueError, match="masked_pan"):
        journal.record_payment_result("A1", PaymentStatus.APPROVED, T0, masked_pan="2202201234561234")
    with pytest.raises(JournalError):
        journal.record_payment_result("nope", PaymentStatus.APPROVED, T0)
    with pytest.raises(JournalError):
        journal.record_void("S1", 7, T0)


def test_naive_timestamps_are_refused(db: Database) -> None:
    journal = SaleJournal(db, "lane-1")
    with pytest.raises(ValueError, match="naive"):
        journal.open_sale("S1", "RUB", datetime(2026, 3, 1, 10, 0))


def test_in_memory_database_uses_the_core_path() -> None:
    with Database.open("sqlite://") as db:
        journal = SaleJournal(db, "lane-1")
        journal.open_sale("S1", "RUB", T0)
        journal.record_line("S1", line(1), T0)
        journal.record_void("S1", 1, T0)
        [sale] = journal.unfinished_sales()
        assert sale.lines[0].voided


CHILD = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from kiosk.domain import Line, Money, TaxRate
    from kiosk.persistence import Database, SaleJournal

    journal = SaleJournal(Database.open(sys.argv[1]), "lane-1")
    now = datetime.now(UTC)
    journal.open_sale("S-killed", "RUB", now)
    for n in range(1, 6):
        price = Money(1000 * n, "RUB")
        journal.record_line("S-killed", Line(n, f"SKU{n}", f"Item {n}", None, 1, None, price, price, TaxRate(2200)), now)
    journal.record_void("S-killed", 4, now)
    print("written", flush=True)
    sys.stdin.read()  # wait to be killed mid-sale
    """
)


def test_sale_survives_sigkill_of_the_writing_process(db_url: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, db_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "written"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    [sale] = SaleJournal(Database.open(db_url), "lane-1").unfinished_sales()
    assert sale.sale_id == "S-killed"
    assert [ln.amount.minor for ln in sale.lines] == [1000, 2000, 3000, 4000, 5000]
    assert [ln.n for ln in sale.lines if ln.voided] == [4]


@pytest.mark.parametrize("minor", [2**31, 2**63, -(2**31) - 1])
def test_amounts_beyond_the_integer_columns_are_refused_before_writing(db: Database, minor: int) -> None:
    journal = SaleJournal(db, "lane-1")
    journal.open_sale("S1", "RUB", T0)
    with pytest.raises(JournalError, match="beyond what the journal stores"):
        journal.record_line("S1", line(1, minor=minor), T0)
    with pytest.raises(JournalError, match="amount_minor"):
        journal.record_payment_intent("P1", "S1", "card", minor, T0)
    journal.record_line("S1", line(1, minor=2**31 - 1), T0)  # the largest that fits is kept
    [sale] = journal.unfinished_sales()
    assert [ln.unit_price.minor for ln in sale.lines] == [2**31 - 1]
    assert sale.payments == ()
    journal.close()
