"""Money as shoppers read it, per language, with Babel (``1 234,50 ₽`` in Russian, ``RUB 1,234.50`` in English).

Babel is imported on first use, not at start-up, so the attract screen paints before it loads. Formatting is
only done when a basket line is inserted or the language changes (the basket model caches the strings).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

from kiosk.domain import Money
from kiosk.domain.money import currency as currency_info

_LOCALES = {"ru": "ru_RU", "en": "en_US"}
_CODE_THEN_DIGIT = re.compile(r"^(-?)([A-Z]{3})(?=\d)")


@cache
def _exponent(code: str) -> int:
    return currency_info(code).exponent


@cache
def _pattern(language: str) -> tuple[Any, Any]:
    """The locale and its parsed currency pattern, once per language (``format_currency`` re-parses both on
    every call: half of its cost, paid five times per scan)."""
    from babel import Locale  # lazy: see the module docstring
    from babel.numbers import parse_pattern

    locale = Locale.parse(_LOCALES.get(language, language))
    return locale, parse_pattern(locale.currency_formats["standard"])


def format_money(money: Money, language: str) -> str:
    """The amount in the shopper's language; an ISO code used as symbol is kept apart from the digits."""
    locale, pattern = _pattern(language)
    amount = Decimal(money.minor).scaleb(-_exponent(money.currency))
    text = pattern.apply(amount, locale, currency=money.currency)
    return _CODE_THEN_DIGIT.sub("\\1\\2\u00a0", text)


def warm_up() -> None:
    """Load Babel and its locale data ahead of the first scan (call after the first paint)."""
    for language in _LOCALES:
        format_money(Money.zero(), language)
