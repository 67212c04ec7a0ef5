from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.domain import Line, Money, MoneyError, Rounding, RoundingMode, Sale, TaxRate, Tender, TenderStatus
from kiosk.domain.sale import line_amount
from kiosk.domain.tax import RoundingScope, divide_rounded
from tests.fakes import product


@pytest.mark.parametrize(
    ("text", "minor"),
    [("12.34", 1234), ("12,3", 1230), ("0", 0), ("-0.05", -5), (" 7 ", 700), ("1000000.00", 100000000)],
)
def test_parse_is_exact(text: str, minor: int) -> None:
    assert Money.parse(text).minor == minor


@pytest.mark.parametrize("text", ["12.345", "abc", "", "1e3", "12.", ".5", "1 000"])
def test_parse_rejects_bad_text(text: str) -> None:
    with pytest.raises(MoneyError):
        Money.parse(text)


def test_decimal_string_round_trip_and_zero_exponent_currency() -> None:
    assert Money(-5, "RUB").to_decimal_string() == "-0.05"
    assert Money.parse("1500", "JPY").to_decimal_string() == "1500"
    with pytest.raises(MoneyError):
        Money.parse("1.5", "JPY")


def test_currencies_do_not_mix() -> None:
    with pytest.raises(MoneyError):
        Money(1, "RUB") + Money(1, "EUR")


@pytest.mark.parametrize(
    ("num", "den", "mode", "out"),
    [
        (5, 2, "half_up", 3),
        (5, 2, "half_even", 2),
        (7, 2, "half_even", 4),
        (-5, 2, "half_up", -3),
        (4, 3, "half_up", 1),
    ],
)
def test_divide_rounded(num: int, den: int, mode: str, out: int) -> None:
    assert divide_rounded(num, den, RoundingMode(mode)) == out


def test_tax_rate_keys() -> None:
    assert TaxRate.parse("22").bp == 2200
    assert TaxRate.parse("5.5").key == "5.5"
    assert TaxRate.parse("10%").key == "10"
    with pytest.raises(ValueError):
        TaxRate.parse("101")


def test_included_tax_22_percent() -> None:
    # 122.00 gross at 22 % contains exactly 22.00
    assert Rounding().included_tax(12200, TaxRate.parse("22")) == 2200


def _line(n: int, price: str, tax: str = "22") -> Line:
    amount = Money.parse(price)
    return Line(n, str(n), f"item {n}", None, 1, None, amount, amount, TaxRate.parse(tax))


def test_receipt_scope_vs_line_scope_rounding_differ_as_configured() -> None:
    started = datetime(2026, 1, 1, tzinfo=UTC)
    receipt = Sale("s1", "RUB", started, Rounding(scope=RoundingScope.RECEIPT))
    per_line = Sale("s2", "RUB", started, Rounding(scope=RoundingScope.LINE))
    for sale in (receipt, per_line):
        for n in range(1, 4):
            sale.add(_line(n, "0.10"))
    # each 0.10 at 22 % contains 0.018 -> 0.02 per line (0.06), but 0.30 contains 0.054 -> 0.05
    assert receipt.totals().tax_by_key() == {"22": "0.05"}
    assert per_line.totals().tax_by_key() == {"22": "0.06"}


def test_void_and_totals_are_incremental() -> None:
    sale = Sale("s", "RUB", datetime(2026, 1, 1, tzinfo=UTC))
    sale.add(_line(1, "10.00", "10"))
    sale.add(_line(2, "5.00"))
    sale.void(1)
    totals = sale.totals()
    assert totals.gross == Money.parse("5.00")
    assert totals.line_count == 1
    assert totals.tax_by_key() == {"22": "0.90"}
    with pytest.raises(ValueError):
        sale.void(1)
    with pytest.raises(ValueError):
        sale.add(_line(5, "1.00"))


def test_tenders_drive_the_balance() -> None:
    sale = Sale("s", "RUB", datetime(2026, 1, 1, tzinfo=UTC))
    sale.add(_line(1, "10.00"))
    sale.record_tender(Tender("a", "card", Money.parse("4.00"), TenderStatus.PENDING))
    assert sale.balance_due == Money.parse("10.00")
    sale.record_tender(Tender("a", "card", Money.parse("4.00"), TenderStatus.APPROVED))
    assert sale.balance_due == Money.parse("6.00")


def test_weighed_line_amount_rounds_half_up() -> None:
    from kiosk.domain import SaleUnit

    bananas = product("4", "149.90", unit=SaleUnit.KG)
    # 149.90/kg × 0.333 kg = 49.9167 -> 49.92
    assert line_amount(bananas, 1, 333, Rounding()).minor == 4992
    with pytest.raises(ValueError):
        line_amount(bananas, 1, None, Rounding())
