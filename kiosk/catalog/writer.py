"""The write of a catalog import: set-based SQL from the staging files into the catalog, in one transaction.

Only the columns the file has are written (shared/specs/catalog-csv.md): a column absent from the header
keeps every existing product's stored value, and rows whose stored values already equal the file's are not
written at all, so a re-import of identical data changes nothing and says so.

On a SQLite file the catalog is the connection's ``main`` database and each step is one statement run by
SQLite itself. On any other backend (an in-memory SQLite database, PostgreSQL) ``main`` is a copy of the
catalog loaded inside the engine transaction, the same SQL runs against it, and its results are written
through SQLAlchemy Core.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, Dialect, bindparam, delete, insert, null, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlalchemy.sql.expression import Executable

from kiosk.catalog.checks import Staging
from kiosk.catalog.csvrows import PRODUCT_COLUMNS
from kiosk.persistence.database import Database, processes_using
from kiosk.persistence.models import PRODUCT, PRODUCT_BARCODE
from kiosk.persistence.rawsql import RawStatement

CHUNK: Final = 50_000  # rows per Core executemany call
LOCK_WAIT_S: Final = 60.0  # how long an import waits for another writer before giving up
_FLAGS: Final = tuple(PRODUCT_COLUMNS.index(c) for c in ("sco_allowed", "bag_exempt", "marked"))
_MIRRORED: Final = tuple(c for c in PRODUCT_COLUMNS if c != "updated_at")
_CSV_NAME: Final = {"price_minor": "price", "tax_rate_bp": "tax_rate"}
_ALWAYS: Final = frozenset({"sku", "name", "price_minor", "currency", "updated_at"})

Notice = Callable[[str], None]


class CatalogBusyError(Exception):
    """Another writer held the catalog's write lock for longer than the import would wait; nothing written."""


def written_columns(file_columns: frozenset[str]) -> tuple[str, ...]:
    """The product columns an import of a file with these columns (see ``RowParser.columns``) sets."""
    return tuple(c for c in PRODUCT_COLUMNS if c in _ALWAYS or _CSV_NAME.get(c, c) in file_columns)


def _upsert(dialect: Dialect, columns: Sequence[str]) -> Executable:
    """INSERT … ON CONFLICT (sku) DO UPDATE: same syntax on SQLite and PostgreSQL, no portable Core form."""

    def updates(excluded: ReadOnlyColumnCollection[str, Any]) -> dict[str, Any]:
        return {c: excluded[c] for c in columns if c != "sku"}

    if dialect.name == "sqlite":
        lite = sqlite.insert(PRODUCT)
        return lite.on_conflict_do_update(index_elements=["sku"], set_=updates(lite.excluded))
    if dialect.name == "postgresql":
        pg = postgresql.insert(PRODUCT)
        return pg.on_conflict_do_update(index_elements=["sku"], set_=updates(pg.excluded))
    raise NotImplementedError(f"catalog import supports SQLite and PostgreSQL, not {dialect.name}")


@dataclass(frozen=True, slots=True)
class _Step:
    """One change to the catalog, given its rows as a SELECT over the staging files and ``main``.

    ``dml`` applies it in place on a SQLite catalog (``{select}`` is the SELECT); ``core`` gives, for a
    dialect, the same change for one row, run through SQLAlchemy for every row of the SELECT elsewhere.
    """

    dml: str
    core: Callable[[Dialect], Executable]
    columns: tuple[str, ...] | None = None  # the VALUES of ``core`` when it is an INSERT
    products: bool = False  # rows in PRODUCT_COLUMNS order


def _everywhere(statement: Executable) -> Callable[[Dialect], Executable]:
    return lambda _: statement


def _upsert_step(columns: Sequence[str]) -> _Step:
    return _Step(
        f"INSERT INTO main.product ({', '.join(PRODUCT_COLUMNS)}) {{select}} ON CONFLICT (sku) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in columns if c != "sku"),
        lambda dialect: _upsert(dialect, columns),
        PRODUCT_COLUMNS,
        products=True,
    )


_CLEAR_PLU: Final = _Step(
    "UPDATE main.product SET plu = NULL WHERE sku IN ({select})",
    _everywhere(update(PRODUCT).where(PRODUCT.c.sku == bindparam("k_sku")).values(plu=null())),
)
_DROP_CODES: Final = _Step(
    "DELETE FROM main.product_barcode WHERE code IN ({select})",
    _everywhere(delete(PRODUCT_BARCODE).where(PRODUCT_BARCODE.c.code == bindparam("k_code"))),
)
_ADD_CODES: Final = _Step(
    "INSERT INTO main.product_barcode (code, sku) {select}",
    _everywhere(insert(PRODUCT_BARCODE)),
    ("code", "sku"),
)


def _busy(exc: sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED")


class _SqliteWriter:
    """The catalog is the connection's ``main``: each step is one statement, run by SQLite itself."""

    def __init__(self, conn: sqlite3.Connection, path: Path, notice: Notice, wait_s: float) -> None:
        self._conn = conn
        self._path = path
        self._notice = notice
        self._wait_s = wait_s

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE`` within the connection's busy timeout; if another writer holds the lock past
        it, say so and keep waiting up to ``wait_s`` in all, then give up naming who has the file open."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
        started = time.monotonic()
        (quiet_ms,) = self._conn.execute("PRAGMA busy_timeout").fetchone()
        left_s = max(self._wait_s - quiet_ms / 1000, 0.0)
        self._notice(
            f"The catalog {self._path} is locked by another writer; waiting up to {self._wait_s:.0f} s for it."
        )
        self._conn.execute(f"PRAGMA busy_timeout = {int(left_s * 1000)}")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
            holders = processes_using(self._path) or ["an unknown process (not visible to this user)"]
            raise CatalogBusyError(
                f"{self._path} stayed locked for {quiet_ms / 1000 + time.monotonic() - started:.0f} s; "
                f"it is open in {'; '.join(holders)}. Nothing was imported; try again when that finishes."
            ) from exc
        finally:
            self._conn.execute(f"PRAGMA busy_timeout = {quiet_ms}")

    @contextmanager
    def locked(self) -> Iterator[None]:
        """The write lock from the start (``BEGIN IMMEDIATE``): the conflict checks and the write see the
        same catalog. Durability is the database's own: WAL with ``synchronous=FULL``."""
        self._begin()
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def apply(self, step: _Step, select: str, params: dict[str, Any]) -> int:
        return self._conn.execute(step.dml.format(select=select), params).rowcount

    @contextmanager
    def indexes_deferred(self, empty: bool) -> Iterator[None]:
        """Into an empty catalog, build the secondary indexes after the load (same transaction, same
        definitions): sorting the keys once is cheaper than a million inserts at random places."""
        found = (
            self._conn.execute(
                "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN ('product', 'product_barcode')"
            ).fetchall()
            if empty
            else []
        )
        for name, _ in found:
            self._conn.execute(f'DROP INDEX main."{name}"')
        yield
        for _, sql in found:
            self._conn.execute(sql)


class _CoreWriter:
    """Another backend: ``main`` is a copy of the catalog; the rows of each step go through Core, inside the
    engine transaction the copy was read in."""

    def __init__(self, core: Connection, staging: sqlite3.Connection, stamp: datetime) -> None:
        self._core = core
        self._staging = staging
        self._stamp = stamp
        self._dialect = core.dialect

    @contextmanager
    def locked(self) -> Iterator[None]:
        yield  # the engine transaction is already open

    @contextmanager
    def indexes_deferred(self, empty: bool) -> Iterator[None]:
        yield  # the backend's own business

    def apply(self, step: _Step, select: str, params: dict[str, Any]) -> int:
        raw = RawStatement.compile(step.core(self._dialect), self._dialect, step.columns)
        cursor = self._staging.execute(select, params)
        written = 0
        while rows := cursor.fetchmany(CHUNK):
            if step.products:
                rows = [self._product(row) for row in rows]
            self._core.execute(raw.statement, [dict(zip(raw.keys, row, strict=True)) for row in rows])
            written += len(rows)
        return written

    def _product(self, row: Sequence[Any]) -> tuple[Any, ...]:
        values = list(row)
        for i in _FLAGS:
            values[i] = bool(values[i])  # SQLite hands booleans back as 0/1
        values[-1] = self._stamp
        return tuple(values)


Writer = _SqliteWriter | _CoreWriter


@contextmanager
def open_catalog(
    db: Database, folder: Path, stamp: datetime, notice: Notice, wait_s: float = LOCK_WAIT_S
) -> Iterator[tuple[sqlite3.Connection, Writer]]:
    """A connection whose ``main`` is the catalog (or its copy), and the writer that changes the catalog."""
    raw = db.connect_sqlite()
    if raw is not None:
        assert db.sqlite_path is not None
        try:
            raw.execute("PRAGMA cache_size = -131072")  # 128 MiB: a big import's B-tree pages stay cached
            raw.execute("PRAGMA temp_store = MEMORY")
            # Every code written belongs to a product upserted just before it in the same transaction (both
            # come from one staged row) and no product is deleted, so a per-row foreign-key probe could only
            # ever pass: it is skipped on this connection, which exists for this import alone.
            raw.execute("PRAGMA foreign_keys = OFF")
            yield raw, _SqliteWriter(raw, db.sqlite_path, notice, wait_s)
        finally:
            raw.close()
        return
    with db.engine.begin() as core:
        mirror = sqlite3.connect(folder / "catalog-copy.sqlite3", isolation_level=None)
        (folder / "catalog-copy.sqlite3").chmod(0o600)  # a copy of the catalog: as private as the catalog
        try:
            mirror.execute(f"CREATE TABLE product ({', '.join(_MIRRORED)}, PRIMARY KEY (sku)) WITHOUT ROWID")
            mirror.execute("CREATE INDEX product_plu ON product (plu) WHERE plu IS NOT NULL")
            mirror.execute("CREATE TABLE product_barcode (code TEXT PRIMARY KEY, sku TEXT) WITHOUT ROWID")
            mirror.execute("CREATE INDEX product_barcode_sku ON product_barcode (sku)")
            mirror.executemany(
                f"INSERT INTO product VALUES ({', '.join('?' * len(_MIRRORED))})",
                core.execute(select(*(PRODUCT.c[c] for c in _MIRRORED))),
            )
            mirror.executemany(
                "INSERT INTO product_barcode VALUES (?, ?)",
                core.execute(select(PRODUCT_BARCODE.c.code, PRODUCT_BARCODE.c.sku)),
            )
            yield mirror, _CoreWriter(core, mirror, stamp)
        finally:
            mirror.close()


@dataclass(frozen=True, slots=True)
class Written:
    created: int
    updated: int  # existing products with at least one changed value or barcode
    unchanged: int  # existing products the file repeats exactly: not written
    barcodes: int


def _values(columns: Sequence[str], merge_names: bool) -> dict[str, str]:
    """The SQL expression of each product column's new value, over a staged row ``p``."""
    # Staged names hold null for an empty cell: the patch drops those keys. Braces doubled: the SELECT is
    # formatted once more by Staging.union.
    names = "json_patch('{{}}', p.names)"
    if merge_names:
        names = (
            "json_patch(coalesce((SELECT c.names FROM main.product c WHERE c.sku = p.sku), '{{}}'), p.names)"
        )
    fixed = {
        "currency": ":currency",
        "updated_at": ":stamp",
        "names": names if "names" in columns else "p.names",
    }
    return {c: fixed.get(c, f"p.{c}") for c in PRODUCT_COLUMNS}


def _mark_changed(staging: Staging, columns: Sequence[str], barcodes: bool, params: dict[str, Any]) -> None:
    """Fill ``temp.changed`` with the existing skus the file changes: a value of a written column, or (if the
    file has barcodes) a code dropped or added. Runs before any write, against the catalog as it is."""
    conn = staging.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS changed (sku TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.execute("DELETE FROM temp.changed")
    compare = {c: "json_patch(c.names, p.names)" if c == "names" else f"p.{c}" for c in columns}
    compare["currency"] = ":currency"
    differs = " OR ".join(
        f"c.{c} IS NOT {expr}" for c, expr in compare.items() if c not in ("sku", "updated_at")
    )
    selects = [f"SELECT p.sku FROM {{s}}.product p JOIN main.product c ON c.sku = p.sku WHERE {differs}"]
    if barcodes:
        missing = "NOT EXISTS (SELECT 1 FROM main.product_barcode k WHERE k.code = {code} AND k.sku = p.sku)"
        selects += [
            "SELECT c.sku FROM {s}.product p JOIN main.product_barcode c ON c.sku = p.sku "
            "WHERE c.code IS NOT p.code "
            "AND NOT EXISTS (SELECT 1 FROM {s}.barcode b WHERE b.code = c.code AND b.line = p.line)",
            "SELECT p.sku FROM {s}.product p JOIN main.product c ON c.sku = p.sku "
            "WHERE p.code IS NOT NULL AND " + missing.format(code="p.code"),
            "SELECT p.sku FROM {s}.barcode b JOIN {s}.product p ON p.line = b.line "
            "JOIN main.product c ON c.sku = p.sku WHERE " + missing.format(code="b.code"),
        ]
    for sql in selects:
        for s in staging.schemas:
            conn.execute("INSERT OR IGNORE INTO temp.changed " + sql.format(s=s), params)


def write(
    staging: Staging,
    writer: Writer,
    params: dict[str, Any],
    first_import: bool,
    file_columns: frozenset[str],
) -> Written:
    """Clear PLUs that move, drop codes the file no longer gives their product, upsert the new and changed
    products in key order (each lands next to the previous one in the clustered B-tree), add the new codes
    in key order. ``file_columns``: the file's columns, as ``RowParser.columns`` lists them."""
    columns = written_columns(file_columns)
    barcodes = "barcodes" in file_columns
    if not first_import:  # an empty catalog has nothing to compare, no PLU to clear and no code to drop
        _mark_changed(staging, columns, barcodes, params)
        if "plu" in file_columns:
            moved_plu = " OR ".join(
                f"EXISTS (SELECT 1 FROM {s}.product p WHERE p.sku = c.sku AND p.plu IS NOT c.plu)"
                for s in staging.schemas
            )
            writer.apply(
                _CLEAR_PLU, f"SELECT sku FROM main.product c WHERE c.plu IS NOT NULL AND ({moved_plu})", {}
            )
        if barcodes:
            writer.apply(  # a code stays only if its product's own row still lists it (skus are unique by now)
                _DROP_CODES,
                staging.union(
                    "SELECT c.code FROM {s}.product p JOIN main.product_barcode c ON c.sku = p.sku "
                    "WHERE c.code IS NOT p.code "
                    "AND NOT EXISTS (SELECT 1 FROM {s}.barcode b WHERE b.code = c.code AND b.line = p.line)"
                ),
                {},
            )
    updated = (
        0 if first_import else int(staging.conn.execute("SELECT count(*) FROM temp.changed").fetchone()[0])
    )
    values = _values(columns, merge_names="names" in file_columns and not first_import)
    live = ", ".join(values[c] for c in PRODUCT_COLUMNS)
    wanted = (
        ""
        if first_import
        else " WHERE p.sku IN temp.changed OR NOT EXISTS (SELECT 1 FROM main.product c WHERE c.sku = p.sku)"
    )
    not_kept = (
        "true"  # into an empty catalog: a probe per code would find nothing
        if first_import
        else "NOT EXISTS (SELECT 1 FROM main.product_barcode c WHERE c.code = {code} AND c.sku = {sku})"
    )
    codes = staging.union(
        "SELECT code, sku FROM {s}.product p WHERE code IS NOT NULL AND "
        + not_kept.format(code="p.code", sku="p.sku")
        + " UNION ALL SELECT b.code, p.sku FROM {s}.barcode b JOIN {s}.product p ON p.line = b.line WHERE "
        + not_kept.format(code="b.code", sku="p.sku"),
        "code",
    )
    with writer.indexes_deferred(first_import):
        written = writer.apply(
            _upsert_step(columns), staging.union(f"SELECT {live} FROM {{s}}.product p{wanted}", "sku"), params
        )
        codes_written = writer.apply(_ADD_CODES, codes, {}) if barcodes else 0
    created = written - updated  # rows written are the new products and the changed ones
    return Written(
        created, updated, staging.count("SELECT count(*) FROM {s}.product") - written, codes_written
    )
