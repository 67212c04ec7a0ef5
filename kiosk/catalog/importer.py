"""Catalog import from CSV: rows checked in parallel into staging files, then one transaction of set-based SQL.

A store's catalog has up to a million rows and arrives whole, so the import is built for that size. The file
is cut into byte ranges read by one process per core (:mod:`kiosk.catalog.staging`); each writes its valid
rows and its errors into a throwaway SQLite file. Those files are ATTACHed to one connection, where the checks
that span rows (duplicates within the file, codes owned by other products in the catalog) and the write itself
are ``INSERT … SELECT`` statements: SQLite's C loop, not Python's, touches each of the million rows.

Nothing is written while a single error stands, unless the caller asked to skip invalid rows; the write is one
transaction, so a crash or an error at any point leaves the previous catalog as it was, and the staging files
are removed whatever happens.

On a SQLite file the catalog is the connection's ``main`` database. On any other backend (an in-memory SQLite
database, PostgreSQL) the same SQL runs against a mirror of the catalog's keys loaded inside the engine
transaction, and its results are written through SQLAlchemy Core.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter
from typing import Any, Final

from sqlalchemy import Connection, Dialect, bindparam, delete, insert, null, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlalchemy.sql.expression import Executable

from kiosk.catalog.csvrows import (
    PRODUCT_COLUMNS,
    CatalogImportError,
    Defaults,
    RowError,
    RowParser,
)
from kiosk.catalog.staging import KEY_SOURCES, paused_gc, read_header, repeats_sql, stage_file
from kiosk.domain import TaxRate
from kiosk.domain.money import currency as currency_of
from kiosk.persistence.database import Database
from kiosk.persistence.models import PRODUCT, PRODUCT_BARCODE, UtcDateTime
from kiosk.persistence.rawsql import RawStatement

Progress = Callable[[int, int], None]
CHUNK: Final = 50_000  # rows per Core executemany call
# Below this size one process reads the file: starting another interpreter (~0.5 s) would cost more than it saves.
PARALLEL_MIN_BYTES: Final = 8 << 20
_MMAP_BYTES: Final = 1 << 30
_FLAGS: Final = tuple(PRODUCT_COLUMNS.index(c) for c in ("sco_allowed", "bag_exempt", "marked"))


@dataclass(frozen=True, slots=True)
class ImportReport:
    total_rows: int  # data rows in the file
    imported: int  # rows written (created + updated)
    created: int
    updated: int
    barcodes_written: int
    skipped: tuple[RowError, ...]  # with skip_invalid: the refused rows' errors
    seconds: float


@contextmanager
def _scratch(db: Database) -> Iterator[Path]:
    """A folder for the staging files, removed on the way out whatever happened.

    Next to a SQLite catalog (same disk, and ATTACH needs no copy); elsewhere in the system's temp folder.
    """
    near = db.sqlite_path
    folder = Path(tempfile.mkdtemp(prefix=".catalog-import-", dir=None if near is None else near.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _Staging:
    """SQL over the staging files attached to ``conn`` as ``s0``, ``s1`` …, and the catalog in ``main``."""

    def __init__(self, conn: sqlite3.Connection, files: Sequence[Path]) -> None:
        self.conn = conn
        self.schemas = [f"s{i}" for i in range(len(files))]
        for schema, file in zip(self.schemas, files, strict=True):
            conn.execute("ATTACH DATABASE ? AS " + schema, (str(file),))
            conn.execute(f"PRAGMA {schema}.journal_mode = OFF")  # scratch: nothing to roll back to
            conn.execute(f"PRAGMA {schema}.synchronous = OFF")
            # The write reads rows in key order, not file order: mapped pages make each jump a memory read.
            conn.execute(f"PRAGMA {schema}.mmap_size = {_MMAP_BYTES}")

    def union(self, select_from: str, order_by: str = "") -> str:
        """``select_from`` (with ``{s}`` for the schema) over every staging file, as one compound SELECT."""
        compound = " UNION ALL ".join(select_from.format(s=s) for s in self.schemas)
        return compound + (f" ORDER BY {order_by}" if order_by else "")

    def count(self, select_from: str) -> int:
        return sum(self.conn.execute(select_from.format(s=s)).fetchone()[0] for s in self.schemas)

    def catalog_is_empty(self) -> bool:
        return bool(self.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM main.product)").fetchone()[0])

    def row_errors(self) -> list[RowError]:
        sql = self.union("SELECT line, col, value, reason FROM {s}.error", "line")
        return [RowError(*row) for row in self.conn.execute(sql)]

    def remove(self, lines: set[int]) -> None:
        """Take rows out of the import (refused after reading): the write only sees what is left."""
        if not lines:
            return
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS refused (line INTEGER PRIMARY KEY)")
        self.conn.executemany("INSERT OR IGNORE INTO temp.refused VALUES (?)", ((n,) for n in lines))
        for s in self.schemas:
            self.conn.execute(f"DELETE FROM {s}.product WHERE line IN temp.refused")
            self.conn.execute(f"DELETE FROM {s}.barcode WHERE line IN temp.refused")

    def repeated(self) -> dict[str, list[str]]:
        """Keys found more than once, by kind (:data:`KEY_SOURCES`): each worker listed its file's own; the
        pairs of files are compared here, each pair of sources through the smaller one's keys."""
        found: dict[str, list[str]] = {kind: [] for kind in KEY_SOURCES}
        selects = [f"SELECT kind, key FROM {s}.repeated" for s in self.schemas]
        for i, s in enumerate(self.schemas):
            for later in self.schemas[i + 1 :]:
                for kind, sources in KEY_SOURCES.items():
                    for ia, a in enumerate(sources):
                        for ib, b in enumerate(sources):
                            pair = ((s, *a), (later, *b)) if ia <= ib else ((later, *b), (s, *a))
                            selects.append(repeats_sql(kind, *pair))
        for sql in selects:
            for kind, key in self.conn.execute(sql):
                found[kind].append(key)
        return found

    def rows_with(self, skus: Sequence[str], codes: Sequence[str], plus: Sequence[str]) -> list[_Keys]:
        """Line, sku, PLU and every barcode of the staged rows holding any of these keys, by line."""
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (kind TEXT, key TEXT)")
        self.conn.execute("DELETE FROM temp.wanted")
        self.conn.executemany(
            "INSERT INTO temp.wanted VALUES (?, ?)",
            [("sku", k) for k in skus] + [("code", k) for k in codes] + [("plu", k) for k in plus],
        )
        lines = self.union(
            "SELECT line FROM {s}.product WHERE sku IN (SELECT key FROM temp.wanted WHERE kind = 'sku') "
            "OR code IN (SELECT key FROM temp.wanted WHERE kind = 'code') "
            "OR plu IN (SELECT key FROM temp.wanted WHERE kind = 'plu') "
            "UNION ALL SELECT line FROM {s}.barcode WHERE code IN "
            "(SELECT key FROM temp.wanted WHERE kind = 'code')"
        )
        found: dict[int, _Keys] = {}
        for line, sku, plu, code in self.conn.execute(
            self.union(f"SELECT line, sku, plu, code FROM {{s}}.product WHERE line IN ({lines})", "line")
        ):
            found[line] = _Keys(line, sku, plu, [code] if code is not None else [])
        for line, code, _ in self.conn.execute(  # a row's codes in the order it gave them
            self.union(f"SELECT line, code, rowid FROM {{s}}.barcode WHERE line IN ({lines})", "1, 3")
        ):
            found[line].codes.append(code)
        return list(found.values())


@dataclass(frozen=True, slots=True)
class _Keys:
    """The keys of one staged row, for the checks that compare rows with each other."""

    line: int
    sku: str
    plu: str | None
    codes: list[str]


def _duplicates(staging: _Staging) -> tuple[list[RowError], set[int]]:
    """Rows repeating a sku, barcode or PLU of an earlier kept row, as a sequential reading would find them.

    SQL finds the keys that occur twice (usually none); only the rows holding one are then walked in line
    order, in Python. A row whose keys are all unique can neither be refused nor block another row, so the
    walk over that subset refuses exactly the rows a walk over the whole file would.
    """
    repeated = staging.repeated()
    skus, codes, plus = repeated["sku"], repeated["code"], repeated["plu"]
    if not (skus or codes or plus):
        return [], set()
    errors: list[RowError] = []
    refused: set[int] = set()
    sku_at: dict[str, int] = {}
    code_at: dict[str, int] = {}
    plu_at: dict[str, int] = {}
    for row in staging.rows_with(skus, codes, plus):
        before = len(errors)
        if (first := sku_at.get(row.sku)) is not None:
            errors.append(RowError(row.line, "sku", row.sku, f"duplicate sku (first on line {first})"))
        for code in row.codes:
            if (first := code_at.get(code)) is not None:
                errors.append(RowError(row.line, "barcodes", code, f"duplicate barcode (on line {first})"))
        if row.plu is not None and (first := plu_at.get(row.plu)) is not None:
            errors.append(RowError(row.line, "plu", row.plu, f"duplicate PLU (on line {first})"))
        if len(errors) > before:
            refused.add(row.line)
            continue
        sku_at[row.sku] = row.line
        code_at.update(dict.fromkeys(row.codes, row.line))
        if row.plu is not None:
            plu_at[row.plu] = row.line
    return errors, refused


def _conflicts(staging: _Staging) -> tuple[list[RowError], set[int]]:
    """Refuse rows claiming a barcode or PLU that stays with another product of the catalog.

    A code owned by a sku that this file re-imports is free to move (that sku's codes are replaced), unless
    that sku's own row is refused — which can free nothing, so repeat until no new refusal appears.
    """
    candidates = [
        (column, key, line, sku, owner)
        for column, sql in (
            (
                "barcodes",
                "SELECT p.code, p.line, p.sku, c.sku FROM {s}.product p "
                "JOIN main.product_barcode c ON c.code = p.code WHERE c.sku <> p.sku "
                "UNION ALL SELECT b.code, b.line, p.sku, c.sku FROM {s}.barcode b "
                "JOIN {s}.product p ON p.line = b.line "
                "JOIN main.product_barcode c ON c.code = b.code WHERE c.sku <> p.sku",
            ),
            (
                "plu",
                "SELECT p.plu, p.line, p.sku, c.sku FROM {s}.product p "
                "JOIN main.product c ON c.plu = p.plu WHERE p.plu IS NOT NULL AND c.sku <> p.sku",
            ),
        )
        for key, line, sku, owner in staging.conn.execute(staging.union(sql, "2, 1"))
    ]
    if not candidates:
        return [], set()
    owners = {owner for *_, owner in candidates}
    importing = {
        sku
        for (sku,) in staging.conn.execute(
            staging.union("SELECT sku FROM {s}.product WHERE sku IN (SELECT value FROM json_each(?))"),
            [json.dumps(sorted(owners))] * len(staging.schemas),
        )
    }
    errors: list[RowError] = []
    refused: set[int] = set()
    while hits := [c for c in candidates if c[2] not in refused and c[4] not in importing]:
        for column, key, line, sku, owner in hits:
            errors.append(RowError(line, column, key, f"already belongs to sku {owner}"))
            refused.add(line)
            importing.discard(sku)
    return errors, refused


def _upsert(dialect: Dialect) -> Executable:
    """INSERT … ON CONFLICT (sku) DO UPDATE: same syntax on SQLite and PostgreSQL, no portable Core form."""

    def updates(excluded: ReadOnlyColumnCollection[str, Any]) -> dict[str, Any]:
        return {c: excluded[c] for c in PRODUCT_COLUMNS if c != "sku"}

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


_CLEAR_PLU: Final = _Step(
    "UPDATE main.product SET plu = NULL WHERE sku IN ({select})",
    _everywhere(update(PRODUCT).where(PRODUCT.c.sku == bindparam("k_sku")).values(plu=null())),
)
_DROP_CODES: Final = _Step(
    "DELETE FROM main.product_barcode WHERE code IN ({select})",
    _everywhere(delete(PRODUCT_BARCODE).where(PRODUCT_BARCODE.c.code == bindparam("k_code"))),
)
_UPSERT: Final = _Step(
    f"INSERT INTO main.product ({', '.join(PRODUCT_COLUMNS)}) {{select}} ON CONFLICT (sku) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in PRODUCT_COLUMNS if c != "sku"),
    _upsert,
    PRODUCT_COLUMNS,
    products=True,
)
_ADD_CODES: Final = _Step(
    "INSERT INTO main.product_barcode (code, sku) {select}",
    _everywhere(insert(PRODUCT_BARCODE)),
    ("code", "sku"),
)


class _SqliteWriter:
    """The catalog is the connection's ``main``: each step is one statement, run by SQLite itself."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @contextmanager
    def locked(self) -> Iterator[None]:
        """The write lock from the start (``BEGIN IMMEDIATE``): the conflict checks and the write see the
        same catalog. Durability is the database's own: WAL with ``synchronous=FULL``."""
        self._conn.execute("BEGIN IMMEDIATE")
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
    """Another backend: ``main`` is a mirror of the catalog's keys; the rows of each step go through Core,
    inside the engine transaction the mirror was read in."""

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


_Writer = _SqliteWriter | _CoreWriter


@contextmanager
def _catalog(db: Database, folder: Path, stamp: datetime) -> Iterator[tuple[sqlite3.Connection, _Writer]]:
    """A connection whose ``main`` is the catalog (or its mirror), and the writer that changes the catalog."""
    raw = db.connect_sqlite()
    if raw is not None:
        try:
            raw.execute("PRAGMA cache_size = -131072")  # 128 MiB: a big import's B-tree pages stay cached
            raw.execute("PRAGMA temp_store = MEMORY")
            # Every code written belongs to a product upserted just before it in the same transaction (both
            # come from one staged row) and no product is deleted, so a per-row foreign-key probe could only
            # ever pass: it is skipped on this connection, which exists for this import alone.
            raw.execute("PRAGMA foreign_keys = OFF")
            yield raw, _SqliteWriter(raw)
        finally:
            raw.close()
        return
    with db.engine.begin() as core:
        mirror = sqlite3.connect(folder / "catalog-keys.sqlite3", isolation_level=None)
        try:
            mirror.execute("CREATE TABLE product (sku TEXT PRIMARY KEY, plu TEXT) WITHOUT ROWID")
            mirror.execute("CREATE INDEX product_plu ON product (plu) WHERE plu IS NOT NULL")
            mirror.execute("CREATE TABLE product_barcode (code TEXT PRIMARY KEY, sku TEXT) WITHOUT ROWID")
            mirror.execute("CREATE INDEX product_barcode_sku ON product_barcode (sku)")
            mirror.executemany(
                "INSERT INTO product VALUES (?, ?)", core.execute(select(PRODUCT.c.sku, PRODUCT.c.plu))
            )
            mirror.executemany(
                "INSERT INTO product_barcode VALUES (?, ?)",
                core.execute(select(PRODUCT_BARCODE.c.code, PRODUCT_BARCODE.c.sku)),
            )
            yield mirror, _CoreWriter(core, mirror, stamp)
        finally:
            mirror.close()


def _write(staging: _Staging, writer: _Writer, params: dict[str, Any], first_import: bool) -> tuple[int, int]:
    """Clear PLUs that move, drop codes the file no longer gives their product, upsert the products in key
    order (each lands next to the previous one in the clustered B-tree), add the new codes in key order."""
    if not first_import:  # an empty catalog has no PLU to clear and no code to drop
        moved_plu = " OR ".join(
            f"EXISTS (SELECT 1 FROM {s}.product p WHERE p.sku = c.sku AND p.plu IS NOT c.plu)"
            for s in staging.schemas
        )
        writer.apply(
            _CLEAR_PLU, f"SELECT sku FROM main.product c WHERE c.plu IS NOT NULL AND ({moved_plu})", {}
        )
        writer.apply(  # a code stays only if its product's own row still lists it (skus are unique by now)
            _DROP_CODES,
            staging.union(
                "SELECT c.code FROM {s}.product p JOIN main.product_barcode c ON c.sku = p.sku "
                "WHERE c.code IS NOT p.code "
                "AND NOT EXISTS (SELECT 1 FROM {s}.barcode b WHERE b.code = c.code AND b.line = p.line)"
            ),
            {},
        )
    live = ", ".join({"currency": ":currency", "updated_at": ":stamp"}.get(c, c) for c in PRODUCT_COLUMNS)
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
        imported = writer.apply(_UPSERT, staging.union(f"SELECT {live} FROM {{s}}.product", "sku"), params)
        codes_written = writer.apply(_ADD_CODES, codes, {})
    return imported, codes_written


def _default_workers(path: Path) -> int:
    """One process per core this process may run on, for a file big enough to repay their start."""
    if path.stat().st_size < PARALLEL_MIN_BYTES:
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def import_catalog_csv(
    db: Database,
    path: str | Path,
    *,
    currency: str,
    default_tax_rate: TaxRate,
    default_weight_tol_g: int,
    skip_invalid: bool = False,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import (create or update) the products of a catalog CSV; see shared/specs/catalog-csv.md.

    Raises :class:`CatalogImportError` with every problem found, having written nothing, unless all rows
    are valid or ``skip_invalid`` is set (then the valid rows are written and the report lists the rest).
    ``progress(done, total)`` counts rows read and then rows written; ``total`` is an estimate until the
    file has been read. ``workers``: processes reading the file (default: one per core for a large file).
    """
    started = perf_counter()
    path = Path(path)
    now = datetime.now(UTC)
    to_db = UtcDateTime().dialect_impl(sqlite.dialect()).bind_processor(sqlite.dialect())
    defaults = Defaults(currency_of(currency).code, default_tax_rate, default_weight_tol_g)
    header = read_header(path)
    RowParser.from_header(header, defaults, ignore_unknown=ignore_unknown)  # header errors before any work

    def on_read(done: int, lines: int) -> None:
        if progress is not None:  # rows, then as many again for the write: a data row per line, roughly
            progress(done, max(done, lines - 1, 1) * 2)

    with _scratch(db) as folder, paused_gc():
        files, staged = stage_file(
            path,
            header,
            defaults,
            ignore_unknown=ignore_unknown,
            folder=folder,
            workers=workers or _default_workers(path),
            report=on_read,
        )
        total_rows = sum(s.rows for s in staged)
        unreadable = [s.unreadable for s in staged if s.unreadable is not None]
        if unreadable:  # the first one in the file, as a sequential reading would have stopped there
            raise CatalogImportError([min(unreadable, key=lambda e: e.line)], total_rows)
        with _catalog(db, folder, now) as (conn, writer):
            staging = _Staging(conn, files)
            errors = staging.row_errors()
            duplicated, refused = _duplicates(staging)
            errors += duplicated
            staging.remove(refused)
            with writer.locked():
                first_import = staging.catalog_is_empty()  # then nothing in it can conflict or be updated
                conflicting, refused = ([], set()) if first_import else _conflicts(staging)
                errors += conflicting
                staging.remove(refused)
                if errors and not skip_invalid:
                    raise CatalogImportError(errors, total_rows)
                updated = (
                    0
                    if first_import
                    else staging.count(
                        "SELECT count(*) FROM {s}.product p "
                        "WHERE EXISTS (SELECT 1 FROM main.product c WHERE c.sku = p.sku)"
                    )
                )
                to_write = staging.count("SELECT count(*) FROM {s}.product")
                if progress is not None:  # the write is a few statements, with no steps to show within
                    progress(total_rows, total_rows + to_write)
                params = {"currency": defaults.currency, "stamp": to_db(now) if to_db else now}
                imported, barcodes = _write(staging, writer, params, first_import)
            if progress is not None:
                progress(total_rows + to_write, total_rows + to_write)
    return ImportReport(
        total_rows=total_rows,
        imported=imported,
        created=imported - updated,
        updated=updated,
        barcodes_written=barcodes,
        skipped=tuple(sorted(errors, key=lambda e: e.line)),
        seconds=perf_counter() - started,
    )
