"""A sale and its lines, with totals and tax per rate.

The lane actor owns one :class:`Sale` and is its only writer; it hands out immutable :class:`Line` values and
:class:`SaleTotals`. Totals are kept incrementally (adding a line is O(1)), because a basket of hundreds of
lines must cost the same per scan as a basket of one. For the same reason the lines are a persistent vector
(pyrsistent): handing them to a snapshot shares structure instead of copying the list, and a void replaces one
element without touching the snapshots already published.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from pyrsistent import PVector, pvector

from kiosk.domain.money import Money
from kiosk.domain.product import Product
from kiosk.domain.tax import Rounding, RoundingScope, TaxRate, divide_rounded
from kiosk.domain.tender import Tender, TenderStatus


@dataclass(frozen=True, slots=True)
class Line:
    """One basket line. ``n`` is 1-based and never reused within a sale; voided lines stay, flagged."""

    n: int
    sku: str
    name: str
    barcode: str | None
    quantity: int
    weight_g: int | None
    unit_price: Money
    amount: Money
    tax_rate: TaxRate
    voided: bool = False
    names: tuple[tuple[str, str], ...] = ()

    def name_in(self, language: str) -> str:
        return dict(self.names).get(language, self.name)


def line_amount(product: Product, quantity: int, weight_g: int | None, rounding: Rounding) -> Money:
    """Price of a line: unit price × quantity, or per-kg price × grams / 1000 rounded by the rule."""
    if product.sold_by_weight:
        if weight_g is None or weight_g <= 0:
            raise ValueError(f"{product.sku} is sold by weight and needs a positive weight")
        minor = divide_rounded(product.unit_price.minor * weight_g * quantity, 1000, rounding.mode)
        return Money(minor, product.unit_price.currency)
    return product.unit_price.times(quantity)


@dataclass(frozen=True, slots=True)
class SaleTotals:
    gross: Money
    tax: tuple[tuple[TaxRate, Money], ...]
    line_count: int  # lines not voided

    def tax_by_key(self) -> dict[str, str]:
        return {rate.key: amount.to_decimal_string() for rate, amount in self.tax}


class Sale:
    """The basket of one shopper. Mutable, single-owner (the lane actor)."""

    def __init__(
        self, sale_id: str, currency: str, started_at: datetime, rounding: Rounding | None = None
    ) -> None:
        self.id = sale_id
        self.currency = currency
        self.started_at = started_at
        self.rounding = rounding or Rounding()
        self._lines: PVector[Line] = pvector()
        self._gross_by_rate: dict[TaxRate, int] = {}
        self._tax_by_rate: dict[TaxRate, int] = {}  # used with RoundingScope.LINE
        self._active = 0
        self._tenders: dict[str, Tender] = {}

    @property
    def lines(self) -> PVector[Line]:
        """Every line, voided ones flagged: an immutable value, shared (O(1)), never copied."""
        return self._lines

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def line(self, n: int) -> Line:
        if not 1 <= n <= len(self._lines):
            raise IndexError(f"no line {n} (the sale has {len(self._lines)})")
        return self._lines[n - 1]

    def next_line_number(self) -> int:
        return len(self._lines) + 1

    def add(self, line: Line) -> Line:
        if line.n != len(self._lines) + 1:
            raise ValueError(f"line number {line.n} out of order (expected {len(self._lines) + 1})")
        if line.amount.currency != self.currency:
            raise ValueError(
                f"line currency {line.amount.currency} differs from sale currency {self.currency}"
            )
        self._lines = self._lines.append(line)
        if not line.voided:
            self._count(line, +1)
        return line

    def void(self, n: int) -> Line:
        line = self.line(n)
        if line.voided:
            raise ValueError(f"line {n} is already voided")
        voided = replace(line, voided=True)
        self._lines = self._lines.set(n - 1, voided)
        self._count(line, -1)
        return voided

    def _count(self, line: Line, sign: int) -> None:
        rate = line.tax_rate
        self._gross_by_rate[rate] = self._gross_by_rate.get(rate, 0) + sign * line.amount.minor
        if self.rounding.scope is RoundingScope.LINE:
            tax = self.rounding.included_tax(line.amount.minor, rate)
            self._tax_by_rate[rate] = self._tax_by_rate.get(rate, 0) + sign * tax
        self._active += sign

    @property
    def total(self) -> Money:
        return Money(sum(self._gross_by_rate.values()), self.currency)

    @property
    def tenders(self) -> tuple[Tender, ...]:
        return tuple(self._tenders.values())

    def record_tender(self, tender: Tender) -> None:
        """Add a payment attempt, or update it by its attempt id (pending → approved/declined)."""
        if tender.amount.currency != self.currency:
            raise ValueError(
                f"tender currency {tender.amount.currency} differs from sale currency {self.currency}"
            )
        self._tenders[tender.attempt_id] = tender

    @property
    def paid_minor(self) -> int:
        return sum(t.amount.minor for t in self._tenders.values() if t.status is TenderStatus.APPROVED)

    @property
    def balance_due(self) -> Money:
        return Money(self.total.minor - self.paid_minor, self.currency)

    def totals(self) -> SaleTotals:
        tax: list[tuple[TaxRate, Money]] = []
        for rate in sorted(self._gross_by_rate):
            gross = self._gross_by_rate[rate]
            if rate.bp == 0:
                continue
            if self.rounding.scope is RoundingScope.LINE:
                minor = self._tax_by_rate.get(rate, 0)
            else:
                minor = self.rounding.included_tax(gross, rate)
            if gross or minor:
                tax.append((rate, Money(minor, self.currency)))
        return SaleTotals(self.total, tuple(tax), self._active)
