"""The sale journal: every basket change and payment step written durably at the moment it happens.

The lane actor calls it synchronously; each call is one committed transaction (WAL + ``synchronous=FULL``), so
after a crash or power cut :meth:`SaleJournal.unfinished_sales` returns every line the shopper saw and every
payment attempt that may have reached a terminal. The per-scan write is a single prepared INSERT on a
dedicated SQLite connection (about 0.25 ms, performance.md §5); recovery, which runs once at start-up, uses
plain Core queries.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Dialect, Table, bindparam, insert, select, update

from kiosk.domain import Line, Money, TaxRate
from kiosk.domain.money import MINOR_MAX
from kiosk.persistence.database import Database
from kiosk.persistence.models import PAYMENT, SALE, SALE_LINE, PaymentStatus, SaleStatus
from kiosk.persistence.rawsql import RawStatement


class JournalError(RuntimeError):
    """A journal write did not apply (unknown sale, line or payment attempt)."""


@dataclass(frozen=True, slots=True)
class RecoveredPayment:
    attempt_id: str
    method: str
    amount: Money
    status: PaymentStatus
    masked_pan: str
    auth_code: str
    reference: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RecoveredSale:
    """An open sale found after a restart: enough to rebuild the basket and reconcile its payments."""

    sale_id: str
    currency: str
    started_at: datetime
    lines: tuple[Line, ...]
    payments: tuple[RecoveredPayment, ...]


# BIN (first six) and last four digits are the most PCI DSS allows to be shown; everything between is masked.
_MASKED_PAN: Final = re.compile(r"\d{0,6}[*Xx#•.\- ]+\d{0,4}")


def check_masked_pan(masked_pan: str) -> None:
    """Refuse anything that could be a full card number before it reaches the disk."""
    if masked_pan and _MASKED_PAN.fullmatch(masked_pan) is None:
        raise ValueError("masked_pan must show at most the BIN and the last four digits")


def _names_json(names: tuple[tuple[str, str], ...]) -> str:
    return json.dumps(dict(names), ensure_ascii=False, separators=(",", ":"))


INT_MAX: Final = MINOR_MAX  # the journal's INTEGER columns are 32-bit on PostgreSQL
# The integer columns each statement writes, checked before the write (see SaleJournal._write).
_INTEGERS: Final = {
    "open_sale": (),
    "record_line": ("n", "quantity", "weight_g", "unit_price_minor", "amount_minor", "tax_rate_bp"),
    "record_payment_intent": ("amount_minor",),
    "record_void": ("k_n",),
    "record_payment_result": (),
    "close_sale": (),
}


def _statements(dialect: Dialect) -> dict[str, RawStatement]:
    sale, line, payment = SALE, SALE_LINE, PAYMENT

    def compile_insert(table: Table) -> RawStatement:
        return RawStatement.compile(insert(table), dialect, [c.name for c in table.c])

    return {
        "open_sale": compile_insert(sale),
        "record_line": compile_insert(line),
        "record_payment_intent": compile_insert(payment),
        "record_void": RawStatement.compile(
            update(line)
            .where(line.c.sale_id == bindparam("k_sale_id"), line.c.n == bindparam("k_n"), ~line.c.voided)
            .values(voided=bindparam("voided"), voided_at=bindparam("voided_at")),
            dialect,
        ),
        "record_payment_result": RawStatement.compile(
            update(payment)
            .where(payment.c.id == bindparam("k_id"))
            .values(
                status=bindparam("status"),
                masked_pan=bindparam("masked_pan"),
                auth_code=bindparam("auth_code"),
                reference=bindparam("reference"),
                updated_at=bindparam("updated_at"),
            ),
            dialect,
        ),
        "close_sale": RawStatement.compile(
            update(sale)
            .where(sale.c.id == bindparam("k_id"), sale.c.status == SaleStatus.OPEN.value)
            .values(
                status=bindparam("status"), ended_at=bindparam("ended_at"), end_reason=bindparam("reason")
            ),
            dialect,
        ),
    }


class SaleJournal:
    """Durable record of the sales of one lane.

    Meant for the lane actor's thread; a lock makes a call from another thread wait instead of interleaving
    on the shared connection.
    """

    def __init__(self, db: Database, lane_id: str) -> None:
        self._db = db
        self.lane_id = lane_id
        self._lock = threading.Lock()
        self._raw: sqlite3.Connection | None = db.connect_sqlite()
        self._stmts = _statements(db.engine.dialect)

    def close(self) -> None:
        with self._lock:
            if self._raw is not None:
                self._raw.close()
                self._raw = None

    def _write(self, name: str, values: Mapping[str, Any]) -> int:
        """Run one statement as its own committed transaction; returns the number of rows it changed.

        An integer beyond what an INTEGER column holds on every backend is a :class:`JournalError` before
        anything is sent (SQLite would raise OverflowError past 2⁶³, PostgreSQL refuse past 2³¹)."""
        for key in _INTEGERS[name]:
            if (value := values[key]) is not None and not -INT_MAX - 1 <= value <= INT_MAX:
                raise JournalError(f"{name}: {key} = {value} is beyond what the journal stores (±{INT_MAX})")
        stmt = self._stmts[name]
        with self._lock:
            if self._raw is not None:
                return self._raw.execute(stmt.sql, stmt.params(values)).rowcount
            with self._db.engine.begin() as conn:
                return int(conn.execute(stmt.statement, dict(values)).rowcount)

    def _write_one(self, name: str, values: Mapping[str, Any], what: str) -> None:
        if self._write(name, values) != 1:
            raise JournalError(f"{name}: {what}")

    def open_sale(self, sale_id: str, currency: str, started_at: datetime) -> None:
        self._write(
            "open_sale",
            {
                "id": sale_id,
                "lane_id": self.lane_id,
                "status": SaleStatus.OPEN.value,
                "currency": currency,
                "started_at": started_at,
                "ended_at": None,
                "end_reason": None,
            },
        )

    def record_line(self, sale_id: str, line: Line, at: datetime) -> None:
        self._write(
            "record_line",
            {
                "sale_id": sale_id,
                "n": line.n,
                "sku": line.sku,
                "barcode": line.barcode,
                "name": line.name,
                "names": _names_json(line.names),
                "quantity": line.quantity,
                "weight_g": line.weight_g,
                "unit_price_minor": line.unit_price.minor,
                "amount_minor": line.amount.minor,
                "tax_rate_bp": line.tax_rate.bp,
                "voided": line.voided,
                "scanned_at": at,
                "voided_at": at if line.voided else None,
            },
        )

    def record_void(self, sale_id: str, n: int, at: datetime) -> None:
        values = {"k_sale_id": sale_id, "k_n": n, "voided": True, "voided_at": at}
        self._write_one("record_void", values, f"no line {n} to void in sale {sale_id!r}")

    def record_payment_intent(
        self, attempt_id: str, sale_id: str, method: str, amount_minor: int, at: datetime
    ) -> None:
        """Write the attempt as ``pending`` *before* the terminal is asked, so a crash mid-call is found."""
        self._write(
            "record_payment_intent",
            {
                "id": attempt_id,
                "sale_id": sale_id,
                "method": method,
                "amount_minor": amount_minor,
                "status": PaymentStatus.PENDING.value,
                "masked_pan": "",
                "auth_code": "",
                "reference": "",
                "created_at": at,
                "updated_at": at,
            },
        )

    def record_payment_result(
        self,
        attempt_id: str,
        status: PaymentStatus | str,
        at: datetime,
        masked_pan: str = "",
        auth_code: str = "",
        reference: str = "",
    ) -> None:
        check_masked_pan(masked_pan)
        values = {
            "k_id": attempt_id,
            "status": PaymentStatus(status).value,
            "masked_pan": masked_pan,
            "auth_code": auth_code,
            "reference": reference,
            "updated_at": at,
        }
        self._write_one("record_payment_result", values, f"no payment attempt {attempt_id!r}")

    def close_sale(self, sale_id: str, status: SaleStatus | str, reason: str, at: datetime) -> None:
        """``status`` is ``completed`` or ``voided`` (a ValueError otherwise)."""
        final = SaleStatus(status)
        if final is SaleStatus.OPEN:
            raise ValueError("close_sale needs a final status")
        values = {"k_id": sale_id, "status": final.value, "ended_at": at, "reason": reason}
        self._write_one("close_sale", values, f"no open sale {sale_id!r}")

    def unfinished_sales(self) -> list[RecoveredSale]:
        """Every sale of this lane still open, oldest first, with its lines (voided ones flagged) and payments."""
        sale, line, payment = SALE, SALE_LINE, PAYMENT
        open_sales = (sale.c.lane_id == self.lane_id) & (sale.c.status == SaleStatus.OPEN.value)
        with self._lock, self._db.engine.connect() as conn:
            sales = conn.execute(select(sale).where(open_sales).order_by(sale.c.started_at, sale.c.id)).all()
            lines = conn.execute(
                select(line).join(sale, sale.c.id == line.c.sale_id).where(open_sales).order_by(line.c.n)
            ).all()
            payments = conn.execute(
                select(payment)
                .join(sale, sale.c.id == payment.c.sale_id)
                .where(open_sales)
                .order_by(payment.c.created_at, payment.c.id)
            ).all()
        currency_of = {s.id: s.currency for s in sales}
        lines_of: dict[str, list[Line]] = {s.id: [] for s in sales}
        payments_of: dict[str, list[RecoveredPayment]] = {s.id: [] for s in sales}
        for row in lines:
            cur = currency_of[row.sale_id]
            lines_of[row.sale_id].append(
                Line(
                    n=row.n,
                    sku=row.sku,
                    name=row.name,
                    barcode=row.barcode,
                    quantity=row.quantity,
                    weight_g=row.weight_g,
                    unit_price=Money(row.unit_price_minor, cur),
                    amount=Money(row.amount_minor, cur),
                    tax_rate=TaxRate(row.tax_rate_bp),
                    voided=row.voided,
                    names=tuple(json.loads(row.names).items()),
                )
            )
        for row in payments:
            payments_of[row.sale_id].append(
                RecoveredPayment(
                    attempt_id=row.id,
                    method=row.method,
                    amount=Money(row.amount_minor, currency_of[row.sale_id]),
                    status=PaymentStatus(row.status),
                    masked_pan=row.masked_pan,
                    auth_code=row.auth_code,
                    reference=row.reference,
                    created_at=row.created_at,
                    updated_at=row.updated_at,
                )
            )
        return [
            RecoveredSale(s.id, s.currency, s.started_at, tuple(lines_of[s.id]), tuple(payments_of[s.id]))
            for s in sales
        ]
