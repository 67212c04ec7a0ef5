"""Catalog import from CSV: rows checked in parallel into staging files, then one transaction of set-based SQL.

A store's catalog has up to a million rows and arrives whole, so the import is built for that size. The file
is cut into byte ranges read by one process per core (:mod:`kiosk.catalog.staging`); each writes its valid
rows and its errors into a throwaway SQLite file. Those files are ATTACHed to one connection, where the checks
that span rows (:mod:`kiosk.catalog.checks`) and the write itself (:mod:`kiosk.catalog.writer`) are
``INSERT … SELECT`` statements: SQLite's C loop, not Python's, touches each of the million rows.

Nothing is written while a single error stands, unless the caller asked to skip invalid rows; the write is one
transaction, so a crash or an error at any point leaves the previous catalog as it was. The staging files live
in a private scratch folder removed whatever happens; one left by an import that was killed is removed by
the next import (a lock held on a file inside tells a live import's folder from a dead one's).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter
from typing import Final

from sqlalchemy.dialects import sqlite

from kiosk.catalog.checks import Staging, conflicts, duplicates
from kiosk.catalog.csvrows import CatalogImportError, Defaults, RowError, RowParser
from kiosk.catalog.staging import paused_gc, read_header, stage_file
from kiosk.catalog.writer import LOCK_WAIT_S, Notice, open_catalog, write
from kiosk.domain import TaxRate
from kiosk.domain.money import currency as currency_of
from kiosk.persistence.database import Database
from kiosk.persistence.models import UtcDateTime

Progress = Callable[[int, int], None]
# Below this size one process reads the file: starting another interpreter (~0.5 s) would cost more than it saves.
PARALLEL_MIN_BYTES: Final = 8 << 20
SCRATCH_PREFIX: Final = ".catalog-import-"
_OWNER: Final = "owner.lock"
_UNOWNED_AGE_S: Final = (
    60.0  # a scratch folder without an owner file this old is debris, not a starting import
)


@dataclass(frozen=True, slots=True)
class ImportReport:
    total_rows: int  # data rows in the file
    imported: int  # valid rows taken: created + updated + unchanged
    created: int
    updated: int  # existing products with a changed value or barcode
    unchanged: int  # existing products the file repeats exactly (not written)
    barcodes_written: int
    skipped: tuple[RowError, ...]  # with skip_invalid: the refused rows' errors
    seconds: float
    database: str  # where it was written, password hidden


def _is_debris(folder: Path) -> bool:
    """A scratch folder no running import owns: its owner file is not locked (or, if it has none, it is old)."""
    try:
        fd = os.open(folder / _OWNER, os.O_RDWR)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > _UNOWNED_AGE_S
        except OSError:
            return False
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a live import holds it
    finally:
        os.close(fd)  # closing drops the lock just taken, if any
    return True


@contextmanager
def _scratch(db: Database) -> Iterator[Path]:
    """A private folder (0700) for the staging files, removed on the way out whatever happened; debris of
    killed imports beside it is removed first.

    Next to a SQLite catalog (same disk, and ATTACH needs no copy); elsewhere in the system's temp folder.
    """
    near = db.sqlite_path
    parent = Path(tempfile.gettempdir()) if near is None else near.parent
    for old in parent.glob(SCRATCH_PREFIX + "*"):
        if old.is_dir() and _is_debris(old):
            shutil.rmtree(old, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=parent))
    owner = os.open(folder / _OWNER, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(owner, fcntl.LOCK_EX)  # released when this process ends, however it ends
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(owner)


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
    notice: Notice | None = None,
    workers: int | None = None,
    lock_wait_s: float = LOCK_WAIT_S,
) -> ImportReport:
    """Import (create or update) the products of a catalog CSV; see shared/specs/catalog-csv.md.

    Raises :class:`CatalogImportError` with every problem found, having written nothing, unless all rows
    are valid or ``skip_invalid`` is set (then the valid rows are written and the report lists the rest);
    :class:`~kiosk.catalog.writer.CatalogBusyError` if another writer keeps the catalog locked past
    ``lock_wait_s``. ``progress(rows read, rows in the file)``: the total is an estimate until the file has
    been read, then exact, and the last call (``done == total``) comes before the write. ``notice(text)``:
    something the user should know while it runs (a wait for the lock). ``workers``: processes reading the
    file (default: one per core for a large file).
    """
    started = perf_counter()
    path = Path(path)
    now = datetime.now(UTC)
    to_db = UtcDateTime().dialect_impl(sqlite.dialect()).bind_processor(sqlite.dialect())
    defaults = Defaults(currency_of(currency).code, default_tax_rate, default_weight_tol_g)
    header = read_header(path)
    # Header errors before any work; the parser also says which columns the file has.
    columns = RowParser.from_header(header, defaults, ignore_unknown=ignore_unknown).columns

    def on_read(done: int, lines: int) -> None:
        if progress is not None:
            progress(done, max(done, lines - 1, 1))

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
            raise CatalogImportError([min(unreadable, key=lambda e: e.line)], None)
        if progress is not None:
            progress(total_rows, total_rows)
        with open_catalog(db, folder, now, notice or (lambda _: None), lock_wait_s) as (conn, writer):
            staging = Staging(conn, files)
            errors = staging.row_errors()
            duplicated, refused = duplicates(staging)
            errors += duplicated
            staging.remove(refused)
            with writer.locked():
                first_import = staging.catalog_is_empty()  # then nothing in it can conflict or be updated
                conflicting, refused = ([], set()) if first_import else conflicts(staging)
                errors += conflicting
                staging.remove(refused)
                if errors and not skip_invalid:
                    raise CatalogImportError(errors, total_rows)
                params = {"currency": defaults.currency, "stamp": to_db(now) if to_db else now}
                done = write(staging, writer, params, first_import, columns)
    return ImportReport(
        total_rows=total_rows,
        imported=done.created + done.updated + done.unchanged,
        created=done.created,
        updated=done.updated,
        unchanged=done.unchanged,
        barcodes_written=done.barcodes,
        skipped=tuple(sorted(errors, key=lambda e: e.line)),
        seconds=perf_counter() - started,
        database=db.engine.url.render_as_string(hide_password=True),
    )
