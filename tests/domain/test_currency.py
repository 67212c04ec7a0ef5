"""Currencies come from Babel's CLDR data: any real code works with its own number of decimals (JPY 0, KWD 3),
an unknown code is refused with a reason, and parsing accepts ASCII digits only, within storable bounds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain import Money, MoneyError, Rounding, TaxRate
from kiosk.domain.money import MINOR_MAX, currency


@pytest.mark.parametrize(("code", "exponent"), [("RUB", 2), ("EUR", 2), ("JPY", 0), ("KWD", 3), ("BHD", 3)])
def test_exponents_come_from_currency_data(code: str, exponent: int) -> None:
    assert currency(code).exponent == exponent


@pytest.mark.parametrize("code", ["ZZZ", "ABC", "RU", "RUBL", "12A", ""])
def test_an_unknown_currency_is_refused_with_a_reason(code: str) -> None:
    with pytest.raises(MoneyError, match="ISO 4217"):
        currency(code)


def test_zero_and_three_decimal_currencies_parse_and_print() -> None:
    assert Money.parse("1500", "JPY") == Money(1500, "JPY")
    assert Money(1500, "JPY").to_decimal_string() == "1500"
    assert Money.parse("1.250", "KWD").minor == 1250
    assert Money.parse("1.25", "KWD").minor == 1250
    assert Money(-5, "KWD").to_decimal_string() == "-0.005"
    with pytest.raises(MoneyError, match="more than 0 decimals for JPY"):
        Money.parse("1.5", "JPY")
    with pytest.raises(MoneyError, match="more than 3 decimals for KWD"):
        Money.parse("1.2345", "KWD")


@pytest.mark.parametrize(("code", "step"), [("RUB", 1), ("JPY", 1), ("KWD", 1), ("CHF", 5), ("SEK", 100)])
def test_cash_step_comes_from_currency_data(code: str, step: int) -> None:
    assert currency(code).cash_step_minor == step


@pytest.mark.parametrize(
    ("code", "increment", "due", "cash"),
    [
        ("JPY", "1", 1499, 1499),
        ("JPY", "10", 1495, 1500),
        ("KWD", "0.005", 1252, 1250),
        ("CHF", "0.05", 1027, 1025),
    ],
)
def test_cash_rounding_in_any_exponent(code: str, increment: str, due: int, cash: int) -> None:
    rounding = Rounding(cash_increment_minor=Money.parse(increment, code).minor)
    assert rounding.cash(due) == cash


def test_tax_in_a_zero_decimal_currency() -> None:
    assert Rounding().included_tax(1100, TaxRate.parse("10")) == 100


@pytest.mark.parametrize("text", ["١٢", "12.٣٤", "１２", "1²", "12.3.4"])
def test_only_ascii_digits_are_amounts(text: str) -> None:
    with pytest.raises(MoneyError, match="not a decimal amount"):
        Money.parse(text)


def test_the_reason_does_not_repeat_the_value() -> None:
    with pytest.raises(MoneyError) as caught:
        Money.parse("12.3.4")
    assert caught.value.reason == "not a decimal amount"
    assert str(caught.value).count("12.3.4") == 1


def test_amounts_beyond_storage_are_refused_not_overflowing() -> None:
    assert Money.parse(str(MINOR_MAX // 100) + ".00").minor <= MINOR_MAX
    for text in (str(2**63), "9" * 5000, f"{MINOR_MAX // 100 + 1}.00"):
        with pytest.raises(MoneyError, match="too large"):
            Money.parse(text)


def test_non_ascii_tax_rates_are_refused() -> None:
    with pytest.raises(ValueError, match="not a tax percent"):
        TaxRate.parse("٢٢")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["RUB", "JPY", "KWD", "EUR"]), st.integers(-MINOR_MAX, MINOR_MAX))
def test_decimal_strings_round_trip(code: str, minor: int) -> None:
    money = Money(minor, code)
    assert Money.parse(money.to_decimal_string(), code) == money


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.sampled_from(["RUB", "JPY", "KWD"]))
def test_parse_raises_only_money_errors(text: str, code: str) -> None:
    try:
        money = Money.parse(text, code)
    except MoneyError:
        return
    assert abs(money.minor) <= MINOR_MAX
