"""In-memory fakes of the lane's ports (catalog, journal), recording what they were asked.

Fakes, not mocks: they behave like the real thing (a journal that can be 'reopened' returns what was written),
so lane and UI tests need no database. The real SQLite implementations have their own tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from kiosk.domain import Line, Money, Product, SaleUnit, TaxRate


def product(
    sku: str,
    price: str,
    barcode: str | None = None,
    *,
    name: str | None = None,
    tax: str = "22",
    unit: SaleUnit = SaleUnit.EACH,
    plu: str | None = None,
    sco_allowed: bool = True,
    names: dict[str, str] | None = None,
) -> Product:
    return Product(
        sku=sku,
        name=name or f"Item {sku}",
        unit_price=Money.parse(price),
        tax_rate=TaxRate.parse(tax),
        unit=unit,
        barcodes=(barcode,) if barcode else (),
        plu=plu,
        sco_allowed=sco_allowed,
        names=names or {},
    )


class InMemoryCatalog:
    def __init__(self, products: list[Product]) -> None:
        self._by_code: dict[str, Product] = {}
        for p in products:
            for code in p.barcodes:
                self._by_code[code] = p
            if p.plu:
                self._by_code.setdefault(p.plu, p)
            self._by_code.setdefault(p.sku, p)

    def by_code(self, code: str) -> Product | None:
        return self._by_code.get(code)


@dataclass
class JournalPayment:
    attempt_id: str
    method: str
    amount: Money
    status: str


@dataclass
class JournalSale:
    sale_id: str
    currency: str
    started_at: datetime
    status: str = "open"
    reason: str = ""
    line_list: list[Line] = field(default_factory=list)
    payment_list: list[JournalPayment] = field(default_factory=list)

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(self.line_list)

    @property
    def payments(self) -> tuple[JournalPayment, ...]:
        return tuple(self.payment_list)


class InMemoryJournal:
    def __init__(self) -> None:
        self.sales: dict[str, JournalSale] = {}
        self.calls: list[str] = []

    def open_sale(self, sale_id: str, currency: str, started_at: datetime) -> None:
        self.calls.append("open_sale")
        self.sales[sale_id] = JournalSale(sale_id, currency, started_at)

    def record_line(self, sale_id: str, line: Line, at: datetime) -> None:
        self.calls.append("record_line")
        self.sales[sale_id].line_list.append(line)

    def record_void(self, sale_id: str, n: int, at: datetime) -> None:
        self.calls.append("record_void")
        lines = self.sales[sale_id].line_list
        lines[n - 1] = replace(lines[n - 1], voided=True)

    def record_payment_intent(
        self, attempt_id: str, sale_id: str, method: str, amount_minor: int, at: datetime
    ) -> None:
        self.calls.append("record_payment_intent")
        self.sales[sale_id].payment_list.append(
            JournalPayment(attempt_id, method, Money(amount_minor, self.sales[sale_id].currency), "pending")
        )

    def record_payment_result(
        self,
        attempt_id: str,
        status: str,
        at: datetime,
        masked_pan: str = "",
        auth_code: str = "",
        reference: str = "",
    ) -> None:
        self.calls.append("record_payment_result")
        for sale in self.sales.values():
            for payment in sale.payment_list:
                if payment.attempt_id == attempt_id:
                    payment.status = status

    def close_sale(self, sale_id: str, status: str, reason: str, at: datetime) -> None:
        self.calls.append("close_sale")
        self.sales[sale_id].status = status
        self.sales[sale_id].reason = reason

    def unfinished_sales(self) -> list[JournalSale]:
        return [s for s in self.sales.values() if s.status == "open"]
