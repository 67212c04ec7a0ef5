"""Tax rates and rounding as data.

Rates are held in basis points (22 % = 2200) so that 10 %, 22 % and 5.5 % are exact integers. Prices in
retail are tax-inclusive; the tax part of an amount is ``amount × rate / (100 % + rate)``, rounded by the
configured rule. Whether that rounding happens per line or once per rate on the receipt is configuration,
because fiscal law differs (54-FZ registrars compute per receipt position; some markets round per receipt).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_RATE = re.compile(r"([0-9]{1,3})(?:[.,]([0-9]{1,2}))?", re.ASCII)


@dataclass(frozen=True, slots=True, order=True)
class TaxRate:
    """A VAT / sales tax percentage in basis points (``TaxRate.parse("22").bp == 2200``)."""

    bp: int

    @classmethod
    def parse(cls, text: str | int) -> TaxRate:
        match = _RATE.fullmatch(str(text).strip().rstrip("%"))
        if match is None:
            raise ValueError(f"not a tax percent: {text!r}")
        whole, frac = match.groups()
        bp = int(whole) * 100 + int((frac or "0").ljust(2, "0"))
        if bp > 10000:
            raise ValueError(f"tax percent above 100: {text!r}")
        return cls(bp)

    @property
    def key(self) -> str:
        """``"22"`` or ``"5.5"``: the key used in reports and scenario ``expect: {tax: …}``."""
        whole, frac = divmod(self.bp, 100)
        return str(whole) if frac == 0 else f"{whole}.{frac:02d}".rstrip("0")


class RoundingMode(enum.StrEnum):
    HALF_UP = "half_up"
    HALF_EVEN = "half_even"


class RoundingScope(enum.StrEnum):
    LINE = "line"  # tax rounded on every line, then summed
    RECEIPT = "receipt"  # gross summed per rate, tax rounded once per rate


def divide_rounded(numerator: int, denominator: int, mode: RoundingMode) -> int:
    """Integer division with the given rounding, exact for any sign (no floats)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    quotient, remainder = divmod(abs(numerator), denominator)
    twice = remainder * 2
    if twice > denominator or (twice == denominator and (mode is RoundingMode.HALF_UP or quotient % 2 == 1)):
        quotient += 1
    return quotient if numerator >= 0 else -quotient


@dataclass(frozen=True, slots=True)
class Rounding:
    """How tax is rounded, and the smallest cash unit (cash rounding applies only to cash tenders)."""

    mode: RoundingMode = RoundingMode.HALF_UP
    scope: RoundingScope = RoundingScope.RECEIPT
    cash_increment_minor: int = 1

    def included_tax(self, gross_minor: int, rate: TaxRate) -> int:
        """The tax contained in a tax-inclusive amount."""
        return divide_rounded(gross_minor * rate.bp, 10000 + rate.bp, self.mode)

    def cash(self, due_minor: int) -> int:
        """What a cash tender settles ``due_minor`` with: the nearest multiple of the cash increment (in the
        currency's own minor units, so 10 yen and 0.005 dinar work alike), ties by the rounding mode."""
        step = self.cash_increment_minor
        return divide_rounded(due_minor, step, self.mode) * step
