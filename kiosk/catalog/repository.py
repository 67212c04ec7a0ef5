"""Product lookup for the scan path, plus the slower queries a picklist needs.

A lookup runs on every scan, so on SQLite it is one prepared statement on a dedicated read-only connection
(single-digit µs; performance.md §4), and the :class:`Product` is built straight from the row tuple. The
connection stays in autocommit mode: no read transaction is held between lookups, so a catalog import that
commits is seen by the next scan. Other backends run the same Core select through the engine.

The file is memory-mapped and, at start-up, every page a lookup can descend is touched once (see
:meth:`CatalogRepository.warm`): a page first touched during a scan costs a page fault or a disk read.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, bindparam, func, literal_column, or_, select

from kiosk.catalog.csvrows import PRODUCT_COLUMNS
from kiosk.catalog.gtin import canonical_gtin
from kiosk.domain import Money, Product, SaleUnit, TaxRate
from kiosk.persistence.database import Database
from kiosk.persistence.models import PRODUCT, PRODUCT_BARCODE
from kiosk.persistence.rawsql import RawStatement

_PRODUCT: Final = PRODUCT
_BARCODE: Final = PRODUCT_BARCODE
_COLUMNS: Final = tuple(c for c in PRODUCT_COLUMNS if c != "updated_at")  # what a Product is built from
_UNITS: Final = {unit.value: unit for unit in SaleUnit}
_RATES: dict[int, TaxRate] = {}  # a handful of distinct rates; shared immutable values
MMAP_BYTES: Final = 256 * 1024 * 1024
# One ``count(*)`` per B-tree a barcode lookup descends: the barcodes by code (primary key), the barcodes by
# sku (the product's barcode list; the range makes SQLite walk that index instead of counting the primary
# key again) and the products. Each walk reads every page of its tree in C, without building Python rows.
WARM_WALKS: Final = (
    "SELECT count(*) FROM product_barcode",
    "SELECT count(*) FROM product_barcode INDEXED BY ix_product_barcode_sku WHERE sku >= ''",
    "SELECT count(*) FROM product",
)
_CASEFOLD: Final = "kiosk_casefold"  # SQL name of str.casefold on SQLite connections (see search)


def _product(row: Sequence[Any], barcodes: tuple[str, ...]) -> Product:
    (sku, name, names, price, cur, unit, bp, plu, age, weight, tol, sco, bag, max_qty, marked, cat, image) = (
        row
    )
    rate = _RATES.get(bp)
    if rate is None:
        rate = _RATES[bp] = TaxRate(bp)
    return Product(
        sku=sku,
        name=name,
        unit_price=Money(price, cur),
        tax_rate=rate,
        unit=_UNITS[unit],
        barcodes=barcodes,
        plu=plu,
        names=json.loads(names) if names != "{}" else {},
        age_min=age,
        weight_g=weight,
        weight_tol_g=tol,
        sco_allowed=bool(sco),
        bag_exempt=bool(bag),
        max_qty=max_qty,
        marked=bool(marked),
        category=cat,
        image=image,
    )


def _select(where: ColumnElement[bool], *, with_barcodes: bool) -> Select[Any]:
    """Product columns (and on SQLite, all its barcodes joined by ``|``) for rows matching ``where``."""
    columns: list[Any] = [_PRODUCT.c[name] for name in _COLUMNS]
    if with_barcodes:
        codes = select(func.group_concat(_BARCODE.c.code, literal_column("'|'"))).where(
            _BARCODE.c.sku == _PRODUCT.c.sku
        )
        columns.append(codes.scalar_subquery())
    return select(*columns).where(where)


def product_count(db: Database) -> int:
    """Products in the catalog, without opening (and warming) a repository."""
    with db.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(_PRODUCT)) or 0)


def _is_plu(code: str) -> bool:
    return 4 <= len(code) <= 5 and code.isascii() and code.isdigit()


class CatalogRepository:
    """Read access to the catalog. Thread-safe; the scan path is :meth:`by_barcode` / :meth:`by_code`."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._raw: sqlite3.Connection | None = db.connect_sqlite(readonly=True)
        by_sku = _PRODUCT.c.sku == bindparam("key")
        by_plu = _PRODUCT.c.plu == bindparam("key")
        by_barcode = _PRODUCT.c.sku == (
            select(_BARCODE.c.sku).where(_BARCODE.c.code == bindparam("key")).scalar_subquery()
        )
        raw = self._raw is not None
        dialect = db.engine.dialect
        self._by = {
            kind: RawStatement.compile(_select(where, with_barcodes=raw), dialect)
            for kind, where in (("sku", by_sku), ("plu", by_plu), ("barcode", by_barcode))
        }
        if self._raw is not None:
            self._raw.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")  # reads served from the OS page cache
            self._cursor = self._raw.cursor()  # reused under the lock: no cursor object per scan
            self.warm()

    def close(self) -> None:
        with self._lock:
            if self._raw is not None:
                self._raw.close()
                self._raw = None

    def warm(self) -> None:
        """Prepare the statements and touch every page a scan can need: the first scans as fast as the rest.

        On a fresh connection the first lookups have a tail of up to milliseconds (performance.md §4): the
        statements are compiled, and each B-tree page touched for the first time is read from disk or, when
        the OS already caches it, mapped into this process by a page fault. Sample lookups touched only
        some pages, so early scans still faulted; a ``count(*)`` walk of each tree touches all of them, in
        C, in tens of milliseconds on a 1M catalog, where reading every barcode into Python took 0.6 s. The
        mapped pages are file-backed (the kernel can reclaim them), not heap.
        """
        if self._raw is None:
            return
        for kind in self._by:
            self._lookup(kind, "")
        with self._lock:
            for walk in WARM_WALKS:
                self._cursor.execute(walk).fetchone()

    def _lookup(self, kind: str, key: str) -> Product | None:
        stmt = self._by[kind]
        if self._raw is not None:
            with self._lock:
                row = self._cursor.execute(stmt.sql, (key,)).fetchone()
            if row is None:
                return None
            return _product(row[:-1], tuple(row[-1].split("|")) if row[-1] else ())
        with self._db.engine.connect() as conn:
            found = conn.execute(stmt.statement, {"key": key}).first()
            if found is None:
                return None
            codes = conn.scalars(select(_BARCODE.c.code).where(_BARCODE.c.sku == found.sku)).all()
        return _product(found, tuple(codes))

    def by_barcode(self, code: str) -> Product | None:
        """The product of a scanned code; a UPC-A is found whether scanned with 12 digits or 13 (leading 0)."""
        return self._lookup("barcode", canonical_gtin(code))

    def by_plu(self, plu: str) -> Product | None:
        return self._lookup("plu", plu) if _is_plu(plu) else None

    def by_sku(self, sku: str) -> Product | None:
        return self._lookup("sku", sku)

    def by_code(self, code: str) -> Product | None:
        """What a shopper or attendant keyed in or scanned: a barcode, else a 4–5 digit PLU, else a sku."""
        return self.by_barcode(code) or self.by_plu(code) or self.by_sku(code)

    def count(self) -> int:
        return product_count(self._db)

    def search(self, text: str, limit: int = 50) -> list[Product]:
        """Products whose name (any language) contains ``text`` in any letter case, by name; for picklists.

        SQLite's ``LIKE``/``lower()`` fold ASCII letters only, so "бан" would miss "Бананы". On SQLite both
        sides are folded by Python's :meth:`str.casefold` instead, registered on the connection as an SQL
        function; it is a full scan either way (a picklist query, not the scan path). PostgreSQL's ``ILIKE``
        already folds every script.
        """
        with self._db.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.connection.driver_connection.create_function(  # type: ignore[union-attr]
                    _CASEFOLD, 1, str.casefold, deterministic=True
                )
                needle = text.casefold()
                fold = getattr(func, _CASEFOLD)
                where = or_(
                    func.instr(fold(_PRODUCT.c.name), needle) > 0,
                    func.instr(fold(_PRODUCT.c.names), needle) > 0,
                )
            else:
                pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                where = or_(
                    _PRODUCT.c.name.ilike(pattern, escape="\\"), _PRODUCT.c.names.ilike(pattern, escape="\\")
                )
            query = _select(where, with_barcodes=False).order_by(_PRODUCT.c.name).limit(limit)
            rows = conn.execute(query).all()
            skus = [row.sku for row in rows]
            codes: dict[str, list[str]] = {sku: [] for sku in skus}
            for code, sku in conn.execute(
                select(_BARCODE.c.code, _BARCODE.c.sku).where(_BARCODE.c.sku.in_(skus))
            ):
                codes[sku].append(code)
        return [_product(row, tuple(codes[row.sku])) for row in rows]
