"""Money as an integer count of minor units plus a currency.

Floats never represent money here: binary fractions cannot hold 0.10 exactly, and one cent lost per line is a
fiscal error. Text in and out (config, CSV, JSON, scenarios) is a decimal string such as ``"12.34"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


class MoneyError(ValueError):
    """A money value could not be parsed or combined (wrong format, too many decimals, currency mix)."""


@dataclass(frozen=True, slots=True)
class Currency:
    """ISO 4217 code and the number of decimal places of its minor unit."""

    code: str
    exponent: int = 2

    @property
    def scale(self) -> int:
        return int(10**self.exponent)


# Exponents from ISO 4217; a currency not listed here uses 2, which is right for almost all of them.
_EXPONENTS: Final = {"JPY": 0, "KRW": 0, "ISK": 0, "HUF": 2, "KWD": 3, "BHD": 3, "TND": 3}


def currency(code: str) -> Currency:
    """The :class:`Currency` for an ISO 4217 code (``"RUB"``, ``"EUR"`` …)."""
    code = code.upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise MoneyError(f"currency code must be three letters, got {code!r}")
    return Currency(code, _EXPONENTS.get(code, 2))


_DECIMAL = re.compile(r"(-)?(\d+)(?:[.,](\d+))?")


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount in minor units (kopecks, cents). Arithmetic refuses to mix currencies."""

    minor: int
    currency: str = "RUB"

    @classmethod
    def parse(cls, text: str, currency_code: str = "RUB") -> Money:
        """Parse ``"12.34"`` (or ``"12,34"``, ``"12"``) exactly; more decimals than the currency has is an error."""
        cur = currency(currency_code)
        match = _DECIMAL.fullmatch(text.strip())
        if match is None:
            raise MoneyError(f"not a decimal amount: {text!r}")
        sign, whole, frac = match.groups()
        frac = frac or ""
        if len(frac) > cur.exponent:
            raise MoneyError(f"{text!r} has more than {cur.exponent} decimals for {cur.code}")
        minor = int(whole) * cur.scale + (int(frac.ljust(cur.exponent, "0")) if cur.exponent else 0)
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
