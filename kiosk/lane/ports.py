"""What the lane needs from the outside, as narrow protocols (the catalog, the journal, the tenders).

The real implementations live in :mod:`kiosk.catalog`, :mod:`kiosk.persistence` and :mod:`payments`; the lane
depends only on these shapes, which keeps it testable and the import graph one-way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from kiosk.domain import Line, Product
from payments.tendering import JournaledPayment, PaymentJournal


class ProductLookup(Protocol):
    def by_code(self, code: str) -> Product | None: ...


class RecoveredSaleLike(Protocol):
    @property
    def sale_id(self) -> str: ...

    @property
    def currency(self) -> str: ...

    @property
    def started_at(self) -> datetime: ...

    @property
    def lines(self) -> tuple[Line, ...]: ...

    @property
    def payments(self) -> Sequence[JournaledPayment]: ...


class SaleJournalPort(PaymentJournal, Protocol):
    """The sale journal: lines and the sale's end here, payment steps as :class:`PaymentJournal` says."""

    def open_sale(self, sale_id: str, currency: str, started_at: datetime) -> None: ...

    def record_line(self, sale_id: str, line: Line, at: datetime) -> None: ...

    def record_void(self, sale_id: str, n: int, at: datetime) -> None: ...

    def close_sale(self, sale_id: str, status: str, reason: str, at: datetime) -> None: ...

    def unfinished_sales(self) -> Sequence[RecoveredSaleLike]: ...
