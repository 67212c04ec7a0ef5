"""Money as an integer count of minor units plus a currency.

Floats never represent money here: binary fractions cannot hold 0.10 exactly, and one cent lost per line is a
fiscal error. Text in and out (config, CSV, JSON, scenarios) is a decimal string such as ``"12.34"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

# The largest amount in minor units that text may give: what an INTEGER column holds on every backend the
# journal runs on (32-bit on PostgreSQL; SQLite's are 64-bit), so a parsed price can always be stored.
MINOR_MAX: Final = 2**31 - 1


class MoneyError(ValueError):
    """A money value could not be parsed or combined (wrong format, too many decimals, currency mix).

    ``reason`` is the message without the offending text, for callers that show the value themselves.
    """

    def __init__(self, reason: str, text: str | None = None) -> None:
        super().__init__(reason if text is None else f"{reason}: {text!r}")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Currency:
    """ISO 4217 code, the decimals of its minor unit, and the smallest cash step (in minor units)."""

    code: str
    exponent: int = 2
    cash_step_minor: int = 1

    @property
    def scale(self) -> int:
        return int(10**self.exponent)


@cache
def currency(code: str) -> Currency:
    """The :class:`Currency` for an ISO 4217 code (``"RUB"``, ``"JPY"`` …), from Babel's CLDR data.

    CLDR gives the decimals a currency is used with (JPY 0, KWD 3, RUB 2) and its cash rounding (CHF in
    0.05, SEK in whole kronor): a hand table would miss most of the 300 codes. Babel is imported here, on
    first use, and the answer is cached.
    """
    # Lazy, and babel.core only (babel.numbers stays out of the first paint): the CLDR tables load on the
    # first currency asked for.
    from babel.core import get_global

    upper = code.upper()
    known = get_global("all_currencies")
    if not (len(upper) == 3 and upper.isascii() and upper.isalpha()) or upper not in known:
        raise MoneyError("not an ISO 4217 currency code", code)
    fractions = get_global("currency_fractions")
    digits, _, cash_digits, cash_rounding = fractions.get(upper, fractions["DEFAULT"])
    step = max(cash_rounding, 1) * 10 ** max(digits - cash_digits, 0)
    return Currency(upper, digits, step)


_DECIMAL = re.compile(r"(-)?([0-9]+)(?:[.,]([0-9]+))?", re.ASCII)
_DIGITS_MAX: Final = len(str(MINOR_MAX))  # more digits than this cannot be a storable amount


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount in minor units (kopecks, cents). Arithmetic refuses to mix currencies."""

    minor: int
    currency: str = "RUB"

    @classmethod
    def parse(cls, text: str, currency_code: str = "RUB") -> Money:
        """Parse ``"12.34"`` (or ``"12,34"``, ``"12"``) exactly; ASCII digits only, no more decimals than the
        currency has, at most :data:`MINOR_MAX` minor units either way."""
        cur = currency(currency_code)
        match = _DECIMAL.fullmatch(text.strip())
        if match is None:
            raise MoneyError("not a decimal amount", text)
        sign, whole, frac = match.groups()
        frac = frac or ""
        if len(frac) > cur.exponent:
            raise MoneyError(f"more than {cur.exponent} decimals for {cur.code}", text)
        whole = whole.lstrip("0")
        minor = 0
        if len(whole) <= _DIGITS_MAX:  # never int() of thousands of digits (slow, and refused past 4300)
            minor = int(whole or "0") * cur.scale + (
                int(frac.ljust(cur.exponent, "0")) if cur.exponent else 0
            )
        if len(whole) > _DIGITS_MAX or minor > MINOR_MAX:
            most = Money(MINOR_MAX, cur.code).to_decimal_string()
            raise MoneyError(f"amount too large (at most {most} {cur.code})", text)
        return cls(-minor if sign else minor, cur.code)

    @classmethod
    def zero(cls, currency_code: str = "RUB") -> Money:
        return cls(0, currency_code)

    def to_decimal_string(self) -> str:
        """``"12.34"``: the form used in JSON, CSV and scenario files (never a float)."""
        exp = currency(self.currency).exponent
        sign = "-" if self.minor < 0 else ""
        whole, frac = divmod(abs(self.minor), 10**exp)
        return f"{sign}{whole}.{frac:0{exp}d}" if exp else f"{sign}{whole}"

    def __str__(self) -> str:
        return f"{self.to_decimal_string()} {self.currency}"

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise MoneyError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def times(self, quantity: int) -> Money:
        """Price × whole quantity (exact)."""
        return Money(self.minor * quantity, self.currency)
