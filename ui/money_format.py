"""Money as shoppers read it, per language, with Babel (``1 234,50 ₽`` in Russian, ``RUB 1,234.50`` in English).

Babel is imported on first use, not at start-up, so the attract screen paints before it loads. Formatting is
only done when a basket line is inserted or the language changes (the basket model caches the strings).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from kiosk.domain import Money
from kiosk.domain.money import currency as currency_info

_LOCALES = {"ru": "ru_RU", "en": "en_US"}
_CODE_THEN_DIGIT = re.compile(r"^(-?)([A-Z]{3})(?=\d)")


@cache
def _exponent(code: str) -> int:
    return currency_info(code).exponent


def format_money(money: Money, language: str) -> str:
    """The amount in the shopper's language; an ISO code used as symbol is kept apart from the digits."""
    from babel.numbers import format_currency  # lazy: see the module docstring

    amount = Decimal(money.minor).scaleb(-_exponent(money.currency))
    text = format_currency(amount, money.currency, locale=_LOCALES.get(language, language))
    return _CODE_THEN_DIGIT.sub("\\1\\2\u00a0", text)


def warm_up() -> None:
    """Load Babel and its locale data ahead of the first scan (call after the first paint)."""
    for language in _LOCALES:
        format_money(Money.zero(), language)
