"""SQLAlchemy 2 typed models: the catalog (``product``, ``product_barcode``) and the sale journal
(``sale``, ``sale_line``, ``payment``).

The schema itself is created by the Alembic migrations next to this module, never by ``create_all``: a kiosk
in the field is upgraded in place, and a test compares these models with the migrated schema so the two cannot
drift. Types are portable (SQLite on the lane, PostgreSQL on a store server): text ids, integer money in minor
units, tax in basis points, booleans, and UTC timestamps.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kiosk.domain.product import SKU_MAX_LENGTH

SKU_MAX = SKU_MAX_LENGTH
CODE_MAX = 64


class SaleStatus(enum.StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    VOIDED = "voided"


class PaymentStatus(enum.StrEnum):
    """Where a payment attempt stands. ``PENDING`` is written before the terminal is asked, so an attempt that
    was in flight when the kiosk died is found and reconciled with the terminal on start-up."""

    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    FAILED = "failed"
    CANCELLED = "cancelled"
    REVERSED = "reversed"
    UNKNOWN = "unknown"  # the terminal did not answer; reconcile before selling again


def _check_in(column: str, values: type[enum.StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC.

    SQLite keeps no offset, so a naive value read back would be ambiguous; this type refuses naive input and
    hands back aware UTC datetimes on every backend.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware datetime (UTC)")
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


# The catalog tables are clustered on their keys in SQLite (WITHOUT ROWID): a lookup is one B-tree search and
# a bulk import maintains one tree per table instead of two. The PLU index covers only produce (partial), so
# the million packaged goods without a PLU cost it nothing. PostgreSQL ignores the first and honours the second.
_CLUSTERED = {"sqlite_with_rowid": False}


class ProductRow(Base):
    __tablename__ = "product"
    __table_args__ = (
        Index(
            "ix_product_plu",
            "plu",
            unique=True,
            sqlite_where=text("plu IS NOT NULL"),
            postgresql_where=text("plu IS NOT NULL"),
        ),
        _CLUSTERED,
    )

    sku: Mapped[str] = mapped_column(String(SKU_MAX), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    names: Mapped[str] = mapped_column(Text, default="{}")  # JSON object: language → name
    price_minor: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    unit: Mapped[str] = mapped_column(String(8))
    tax_rate_bp: Mapped[int] = mapped_column(Integer)
    plu: Mapped[str | None] = mapped_column(String(5))
    age_min: Mapped[int] = mapped_column(Integer, default=0)
    weight_g: Mapped[int | None] = mapped_column(Integer)
    weight_tol_g: Mapped[int | None] = mapped_column(Integer)
    sco_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    bag_exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    max_qty: Mapped[int | None] = mapped_column(Integer)
    marked: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str | None] = mapped_column(Text)
    image: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProductBarcodeRow(Base):
    __tablename__ = "product_barcode"
    __table_args__ = (Index("ix_product_barcode_sku", "sku"), _CLUSTERED)

    code: Mapped[str] = mapped_column(String(CODE_MAX), primary_key=True)
    sku: Mapped[str] = mapped_column(String(SKU_MAX), ForeignKey("product.sku", ondelete="CASCADE"))


class SaleRow(Base):
    __tablename__ = "sale"
    __table_args__ = (
        CheckConstraint(_check_in("status", SaleStatus), name="ck_sale_status"),
        Index("ix_sale_status", "status"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    lane_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    currency: Mapped[str] = mapped_column(String(3))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    end_reason: Mapped[str | None] = mapped_column(Text)


class SaleLineRow(Base):
    __tablename__ = "sale_line"

    sale_id: Mapped[str] = mapped_column(String(64), ForeignKey("sale.id"), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(SKU_MAX))  # no FK: a sale outlives catalog changes
    barcode: Mapped[str | None] = mapped_column(String(CODE_MAX))
    name: Mapped[str] = mapped_column(Text)
    names: Mapped[str] = mapped_column(Text, default="{}")
    quantity: Mapped[int] = mapped_column(Integer)
    weight_g: Mapped[int | None] = mapped_column(Integer)
    unit_price_minor: Mapped[int] = mapped_column(Integer)
    amount_minor: Mapped[int] = mapped_column(Integer)
    tax_rate_bp: Mapped[int] = mapped_column(Integer)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    scanned_at: Mapped[datetime] = mapped_column(UtcDateTime)
    voided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PaymentRow(Base):
    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint(_check_in("status", PaymentStatus), name="ck_payment_status"),
        Index("ix_payment_sale_id", "sale_id"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # attempt id, chosen before the call
    sale_id: Mapped[str] = mapped_column(String(64), ForeignKey("sale.id"))
    method: Mapped[str] = mapped_column(String(32))
    amount_minor: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    masked_pan: Mapped[str] = mapped_column(String(32), default="")  # BIN + last four only
    auth_code: Mapped[str] = mapped_column(String(32), default="")
    reference: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


# Typed handles for Core statements (``Model.__table__`` is typed as a bare FromClause).
PRODUCT: Final = Base.metadata.tables["product"]
PRODUCT_BARCODE: Final = Base.metadata.tables["product_barcode"]
SALE: Final = Base.metadata.tables["sale"]
SALE_LINE: Final = Base.metadata.tables["sale_line"]
PAYMENT: Final = Base.metadata.tables["payment"]
