"""Money formatting per shopper language (Babel)."""

from __future__ import annotations

import pytest

from kiosk.domain import Money
from ui.money_format import format_money


@pytest.mark.parametrize(
    ("minor", "language", "expected"),
    [
        (123450, "ru", "1\u00a0234,50\u00a0₽"),
        (8990, "ru", "89,90\u00a0₽"),
        (0, "ru", "0,00\u00a0₽"),
        (-1250, "ru", "-12,50\u00a0₽"),
        (123450, "en", "RUB\u00a01,234.50"),
        (-1250, "en", "-RUB\u00a012.50"),
    ],
)
def test_rubles(minor: int, language: str, expected: str) -> None:
    assert format_money(Money(minor, "RUB"), language) == expected


def test_currency_exponent_is_respected() -> None:
    assert format_money(Money(1500, "JPY"), "en") == "¥1,500"
