"""Initial schema: catalog (product, product_barcode) and sale journal (sale, sale_line, payment).

Revision ID: 0001
Revises:
Create Date: 2025-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "product",
        sa.Column("sku", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("price_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("unit", sa.String(8), nullable=False),
        sa.Column("tax_rate_bp", sa.Integer(), nullable=False),
        sa.Column("plu", sa.String(5), nullable=True),
        sa.Column("age_min", sa.Integer(), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("weight_tol_g", sa.Integer(), nullable=True),
        sa.Column("sco_allowed", sa.Boolean(), nullable=False),
        sa.Column("bag_exempt", sa.Boolean(), nullable=False),
        sa.Column("max_qty", sa.Integer(), nullable=True),
        sa.Column("marked", sa.Boolean(), nullable=False),
        sa.Column("category", sa.Text(), nullable=True),
        sa.Column("image", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_product_plu",
        "product",
        ["plu"],
        unique=True,
        sqlite_where=sa.text("plu IS NOT NULL"),
        postgresql_where=sa.text("plu IS NOT NULL"),
    )

    op.create_table(
        "product_barcode",
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("sku", sa.String(64), sa.ForeignKey("product.sku", ondelete="CASCADE"), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_product_barcode_sku", "product_barcode", ["sku"])

    op.create_table(
        "sale",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("lane_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'completed', 'voided')", name="ck_sale_status"),
    )
    op.create_index("ix_sale_status", "sale", ["status"])

    op.create_table(
        "sale_line",
        sa.Column("sale_id", sa.String(64), sa.ForeignKey("sale.id"), primary_key=True),
        sa.Column("n", sa.Integer(), primary_key=True),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("barcode", sa.String(64), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("unit_price_minor", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("tax_rate_bp", sa.Integer(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
    )

    op.create_table(
        "payment",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("sale_id", sa.String(64), sa.ForeignKey("sale.id"), nullable=False),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("masked_pan", sa.String(32), nullable=False),
        sa.Column("auth_code", sa.String(32), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'declined', 'failed', 'cancelled', 'reversed', 'unknown')",
            name="ck_payment_status",
        ),
    )
    op.create_index("ix_payment_sale_id", "payment", ["sale_id"])


def downgrade() -> None:
    op.drop_table("payment")
    op.drop_table("sale_line")
    op.drop_index("ix_sale_status", table_name="sale")
    op.drop_table("sale")
    op.drop_table("product_barcode")
    op.drop_index("ix_product_plu", table_name="product")
    op.drop_table("product")
