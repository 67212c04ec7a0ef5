"""The basket part: item entry, quantities and voids of the one open sale, journaled before they show.

It owns the :class:`~kiosk.domain.Sale` and writes the sale's lines to the journal; it decides what may be
sold here (refusals are codes the UI turns into words) but never changes the lane's state — the handlers in
:mod:`kiosk.lane.handlers` do that through the transition table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from kiosk.domain import Line, Product, Rounding, Sale
from kiosk.domain.sale import line_amount
from kiosk.lane.ports import ProductLookup, RecoveredSaleLike, SaleJournalPort
from kiosk.lane.snapshot import PromptCode


class Basket:
    def __init__(
        self,
        catalog: ProductLookup,
        journal: SaleJournalPort,
        currency: str,
        rounding: Rounding,
        new_id: Callable[[], str],
    ) -> None:
        self._catalog = catalog
        self._journal = journal
        self._currency = currency
        self._rounding = rounding
        self._new_id = new_id
        self.sale: Sale | None = None

    def lookup(self, code: str) -> Product | None:
        return self._catalog.by_code(code) if code else None

    @staticmethod
    def refusal(product: Product) -> PromptCode | None:
        """Why this lane may not sell ``product`` unattended, or None."""
        if not product.sco_allowed:
            return PromptCode.ITEM_NOT_FOR_SCO
        if product.age_min > 0:
            # Selling it needs an attendant's ID check, which this build does not have yet: refusing keeps
            # the store within the law instead of selling alcohol or tobacco unchecked.
            return PromptCode.ITEM_AGE_RESTRICTED
        if product.sold_by_weight:
            # No item scale is wired in this build: a per-kg item cannot be priced, so it is refused
            # visibly rather than added at a made-up weight.
            return PromptCode.ITEM_NEEDS_WEIGHT
        return None

    def open(self, at: datetime) -> tuple[Sale, bool]:
        """The open sale, opening (and journaling) a new one if there is none; ``True`` when it is new."""
        if self.sale is not None:
            return self.sale, False
        sale_id = self._new_id()
        self._journal.open_sale(sale_id, self._currency, at)
        self.sale = Sale(sale_id, self._currency, at, self._rounding)
        return self.sale, True

    def add(self, product: Product, barcode: str | None, at: datetime, quantity: int = 1) -> Line:
        """Add ``quantity`` of ``product`` as one line. Journal first: if the write fails, nothing shows."""
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        sale, _ = self.open(at)
        line = Line(
            n=sale.next_line_number(),
            sku=product.sku,
            name=product.name,
            barcode=barcode,
            quantity=quantity,
            weight_g=None,
            unit_price=product.unit_price,
            amount=line_amount(product, quantity, None, self._rounding),
            tax_rate=product.tax_rate,
            names=tuple(sorted(product.names.items())),
        )
        self._journal.record_line(sale.id, line, at)
        return sale.add(line)

    def voidable(self, n: int) -> bool:
        sale = self.sale
        return sale is not None and 1 <= n <= sale.line_count and not sale.line(n).voided

    def void(self, n: int, at: datetime) -> Line:
        sale = self.sale
        if sale is None or not self.voidable(n):
            raise ValueError(f"no active line {n}")
        self._journal.record_void(sale.id, n, at)
        return sale.void(n)

    def close(self, status: Literal["completed", "voided"], reason: str, at: datetime) -> Sale:
        """Close the open sale in the journal (``completed`` or ``voided``). It stays shown until forgotten."""
        sale = self.sale
        if sale is None:
            raise ValueError("no open sale")
        self._journal.close_sale(sale.id, status, reason, at)
        return sale

    def forget(self) -> None:
        """Stop showing a sale that is already closed (the thank-you screen ends)."""
        self.sale = None

    def restore(self, found: RecoveredSaleLike) -> Sale:
        """Rebuild the basket of a sale found open in the journal at start-up (its lines, voids flagged)."""
        sale = Sale(found.sale_id, found.currency, found.started_at, self._rounding)
        for line in found.lines:
            sale.add(line)
        self.sale = sale
        return sale
