"""Reading a catalog CSV in parallel into throwaway SQLite files ("staging"), one per process.

Parsing and checking a million rows is pure Python (~10 µs a row), so it is spread over the cores. The file is
cut into byte ranges on record boundaries; each process takes the next free range until none is left, reads it
straight from the file — nothing row-sized crosses a pipe, because pickling a row costs about as much as
parsing it — and writes the valid rows, keyed by physical line, and every error it found into its own staging
file. The importer ATTACHes those files and does the cross-row checks and the write in SQL. Staging files are
scratch (no journal, no fsync); their indexes, and the duplicate checks within each, are done here, in parallel.
"""

from __future__ import annotations

import csv
import ctypes
import gc
import io
import multiprocessing
import os
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, count, islice
from pathlib import Path
from typing import Any, Final

from kiosk.catalog.csvrows import (
    STAGED_COLUMNS,
    UNDECODED,
    CatalogImportError,
    Defaults,
    RowError,
    RowParser,
    Unreadable,
    not_utf8,
)

PROGRESS_EVERY: Final = 50_000  # rows between progress reports
_PR_SET_PDEATHSIG: Final = 1  # linux/prctl.h
_EOF_IN_QUOTES: Final = "unexpected end of data"  # the csv module's (strict) words for an unclosed quote
_BLOCK: Final = 1 << 20
_STRAY_SPAN: Final = 64 << 10  # bytes without a closing quote after which an open quote is taken as stray
# Ranges per process: each takes the next free range when done with one, so a process that starts late (a
# new interpreter takes ~0.5 s) or runs slower (a busy core) simply reads fewer, and all finish together.
_RANGES_PER_WORKER: Final = 16
_VALUES_PER_INSERT: Final = 50  # rows per INSERT statement: a third less per-row overhead than one each

_ROW: Final = "(" + ",".join("?" * len(STAGED_COLUMNS)) + ")"
_SCHEMA: Final = (
    f"CREATE TABLE product ({STAGED_COLUMNS[0]} INTEGER PRIMARY KEY, {', '.join(STAGED_COLUMNS[1:])})",
    "CREATE TABLE barcode (line INTEGER, code TEXT)",  # codes after a row's first
    "CREATE TABLE error (line INTEGER, col TEXT, value TEXT, reason TEXT)",
    "CREATE TABLE repeated (kind TEXT, key TEXT)",  # keys found twice within this file
)
# Where each kind of key lives in a staging file, smaller table first (see repeats_sql).
KEY_SOURCES: Final = {
    "sku": (("product", "sku"),),
    "code": (("barcode", "code"), ("product", "code")),
    "plu": (("product", "plu"),),
}
Source = tuple[str, str, str]  # schema, table, column


def repeats_sql(kind: str, a: Source, b: Source | None = None) -> str:
    """A SELECT of (``kind``, key) for the keys of ``a`` found twice in ``a`` (``b`` None) or found in ``b``.

    Both forms read the sources' indexes: a grouped scan of one, or one probe into ``b`` per key of ``a``,
    which is why ``a`` should be the smaller.
    """
    schema, table, column = a
    if b is None:
        return (
            f"SELECT '{kind}', {column} FROM {schema}.{table} WHERE {column} IS NOT NULL "
            f"GROUP BY {column} HAVING count(*) > 1"
        )
    schema_b, table_b, column_b = b
    return (
        f"SELECT '{kind}', a.{column} FROM {schema}.{table} a WHERE a.{column} IS NOT NULL "
        f"AND EXISTS (SELECT 1 FROM {schema_b}.{table_b} b WHERE b.{column_b} = a.{column})"
    )


_INDEXES: Final = (
    "CREATE INDEX product_sku ON product (sku)",
    "CREATE INDEX product_code ON product (code, sku) WHERE code IS NOT NULL",  # covering: read by the write
    "CREATE INDEX product_plu ON product (plu) WHERE plu IS NOT NULL",
    "CREATE INDEX barcode_code ON barcode (code)",
)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the import runs.

    Reading allocates millions of short-lived strings, lists and tuples but no reference cycles, so each
    automatic collection is wasted work. Reference counting still frees memory as usual. The pause is
    process-wide, which is fine for the few seconds of a catalog import.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class Chunk:
    """A byte range of the file that starts on a record boundary (the first one also holds the header)."""

    start: int
    lines: int | None  # physical lines in the range; None: to the end of the file
    first_line: int  # physical line number of its first line


@dataclass(frozen=True, slots=True)
class Staged:
    """What a worker reports back: the data itself stays in its staging file."""

    rows: int  # data rows read (blank lines excluded)
    aligned: bool  # False: the range ended inside a quoted field, so the split was wrong
    unreadable: RowError | None  # bad UTF-8 or CSV: the import stops here, whatever the options


def plan_chunks(path: Path, parts: int) -> tuple[list[Chunk], int]:
    """Cut the file into up to ``parts`` ranges on line ends outside quoted fields; also its line count (an
    estimate: with several parts the scan stops at the last cut and extrapolates, for the progress bar).

    A line end is taken as outside quotes when the number of ``"`` before it is even, which holds for
    well-formed CSV. A stray quote inside an unquoted field can fool that, so each worker also checks that its
    range ended outside a quoted field (see :func:`stage`), and the importer falls back to one range if not.
    A lone CR before a cut (Python counts it as a line end, the scan does not) also makes the file one range.
    """
    size = path.stat().st_size
    targets = [size * k // parts for k in range(1, parts)]
    cuts: list[tuple[int, int]] = []  # (byte offset, lines before it)
    lines = offset = odd = 0  # odd: the parity of the quotes before the scan position
    lone_cr = False
    previous = b""
    whole = size if parts == 1 else 0  # bytes to scan even with no cut left to find
    with path.open("rb") as f:
        while (targets or offset < whole) and (block := f.read(_BLOCK)):
            if b"\r" in block or previous == b"\r":
                lone_cr |= block.count(b"\r") != block.count(b"\r\n") + (block[-1:] == b"\r")
                lone_cr |= previous == b"\r" and block[:1] != b"\n"
            previous = block[-1:]
            # Each byte is counted once whatever the quotes (a stray one once made this quadratic). While the
            # parity is odd no line end can be a cut until the next quote, so the search jumps there; with
            # no quote within _STRAY_SPAN the open one was a stray quote in an unquoted field (``5" screen``),
            # most likely, and the count starts afresh: a wrong guess is caught by the readers (see stage).
            pos = 0
            while targets and offset + len(block) > targets[0] and pos < len(block):
                start = max(pos, targets[0] - offset)
                odd ^= block.count(b'"', pos, start) % 2
                pos = start
                if odd:
                    odd = 0
                    if (quote := block.find(b'"', pos, pos + _STRAY_SPAN)) >= 0:
                        pos = quote + 1
                    continue
                end = block.find(b"\n", pos)
                if end < 0:
                    break
                odd ^= block.count(b'"', pos, end) % 2
                if not odd:
                    cuts.append((offset + end + 1, lines + block.count(b"\n", 0, end) + 1))
                    targets.pop(0)
                pos = end + 1
            odd ^= block.count(b'"', pos) % 2
            lines += block.count(b"\n")
            offset += len(block)
    estimate = lines * size // offset if offset else 0
    cuts = [(start, before) for start, before in cuts if start < size]
    if lone_cr or not cuts:
        return [Chunk(0, None, 1)], estimate
    starts = [(0, 0), *cuts]
    chunks = [
        Chunk(start, (nxt[1] - before) if nxt else None, before + 1)
        for (start, before), nxt in zip(starts, [*starts[1:], None], strict=True)
    ]
    return chunks, estimate


def read_header(path: Path) -> list[str]:
    """The header record; :class:`CatalogImportError` if the file has none or cannot be read."""
    with path.open(encoding="utf-8-sig", errors=UNDECODED, newline="") as f:
        reader = csv.reader(f, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise CatalogImportError([RowError(1, None, "", csv_problem(exc))], None) from exc
    if not header:
        raise CatalogImportError([RowError(1, None, "", "the file is empty; a header row is needed")], None)
    if (bad := not_utf8(header, 1, [f"column {i + 1}" for i in range(len(header))])) is not None:
        raise CatalogImportError([bad], None)
    return header


def csv_problem(exc: csv.Error) -> str:
    """The cause of a CSV syntax error in a store's terms (the csv module's words are a parser's)."""
    text = str(exc)
    if text.startswith("field larger than field limit"):
        return f"a field longer than {csv.field_size_limit()} characters"
    if text == _EOF_IN_QUOTES:
        return "a quote opened in the record starting on this line is never closed"
    if "expected after" in text:
        return 'text after a closing quote (a quote inside a quoted field is written twice: "")'
    return f"unreadable CSV: {text}"


def stage(
    path: Path,
    chunks: Sequence[Chunk],
    take: Callable[[], int],
    header: list[str],
    defaults: Defaults,
    ignore_unknown: bool,
    target: Path,
    report: Callable[[int], object],
) -> Staged:
    """Parse and check the chunks handed out by ``take`` (an index; past the end: no more) into a new staging
    file ``target``, then index it and list the keys it holds twice. ``report(n)``: n more rows read."""
    parser = RowParser.from_header(header, defaults, ignore_unknown=ignore_unknown)
    conn = sqlite3.connect(target, isolation_level=None)
    target.chmod(0o600)  # product data, like the catalog: private whatever the umask (no row written yet)
    rows, aligned, unreadable = 0, True, None
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: index builds sort in memory, not in temp files
        conn.execute("PRAGMA temp_store = MEMORY")
        for ddl in _SCHEMA:
            conn.execute(ddl)
        conn.execute("BEGIN")
        sink = _Sink(conn)
        while (i := take()) < len(chunks):
            one = _read(path, chunks[i], parser, sink, report)
            rows, aligned = rows + one.rows, aligned and one.aligned
            if one.unreadable is not None and (unreadable is None or one.unreadable.line < unreadable.line):
                unreadable = one.unreadable
        for ddl in _INDEXES:
            conn.execute(ddl)
        for kind, sources in KEY_SOURCES.items():  # the duplicate checks within this file, done in parallel
            for n, (table, column) in enumerate(sources):
                conn.execute("INSERT INTO repeated " + repeats_sql(kind, ("main", table, column)))
                for other in sources[n + 1 :]:
                    conn.execute(
                        "INSERT INTO repeated " + repeats_sql(kind, ("main", table, column), ("main", *other))
                    )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return Staged(rows, aligned, unreadable)


class _Sink:
    """Buffered writes to one staging file, many rows per INSERT."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.values: list[Any] = []  # rows of STAGED_COLUMNS, flat (see RowParser.parse)
        self.codes: list[tuple[int, str]] = []
        self.errors: list[RowError] = []
        self._many = f"INSERT INTO product VALUES {','.join([_ROW] * _VALUES_PER_INSERT)}"

    def flush(self, final: bool = False) -> None:
        values, width = self.values, len(STAGED_COLUMNS)
        step = width * _VALUES_PER_INSERT
        whole = len(values) - len(values) % step
        self._conn.executemany(self._many, (values[i : i + step] for i in range(0, whole, step)))
        if final:
            rest = values[whole:]
            self._conn.executemany(
                f"INSERT INTO product VALUES {_ROW}",
                (rest[i : i + width] for i in range(0, len(rest), width)),
            )
            whole = len(values)
        del values[:whole]
        self._conn.executemany("INSERT INTO barcode VALUES (?, ?)", self.codes)
        self._conn.executemany(
            "INSERT INTO error VALUES (?, ?, ?, ?)",
            ((e.line, e.column, e.value, e.reason) for e in self.errors),
        )
        self.codes.clear()
        self.errors.clear()


def _read(
    path: Path, chunk: Chunk, parser: RowParser, sink: _Sink, report: Callable[[int], object]
) -> Staged:
    offset = chunk.first_line - 1
    read = 0
    cells: list[str] = []
    unreadable = None
    values, codes, errors, parse = sink.values, sink.codes, sink.errors, parser.parse
    with path.open("rb") as raw:
        raw.seek(chunk.start)
        # Undecodable bytes become lone surrogates, found by the parser on the record's own line.
        text = io.TextIOWrapper(
            raw, encoding="utf-8-sig" if chunk.start == 0 else "utf-8", errors=UNDECODED, newline=""
        )
        # After a middle range, one extra line end: outside quotes it reads as a blank line, inside a quoted
        # field it becomes part of the last record — which is how a bad split is noticed.
        lines: Iterable[str] = text if chunk.lines is None else chain(islice(text, chunk.lines), ["\n"])
        reader = csv.reader(lines, strict=True)
        previous = 0
        misaligned = False
        try:
            if chunk.start == 0:
                next(reader)  # the header, already read by the importer
            previous = reader.line_num
            for cells in reader:
                line, previous = offset + previous + 1, reader.line_num
                if not cells:
                    continue  # a blank line is not a row
                read += 1
                more = parse(cells, line, errors, values)
                if more:
                    codes.extend((line, code) for code in more)
                if read % PROGRESS_EVERY == 0:
                    sink.flush()
                    report(PROGRESS_EVERY)
        except Unreadable as exc:
            unreadable = exc.error
        except csv.Error as exc:
            # Within a middle range, a quote still open at its end means the cut was inside a quoted field.
            misaligned = chunk.lines is not None and str(exc) == _EOF_IN_QUOTES
            if not misaligned:
                unreadable = RowError(offset + previous + 1, None, "", csv_problem(exc))
        sink.flush(final=True)
        report(read % PROGRESS_EVERY)
    aligned = chunk.lines is None or unreadable is not None or not (cells or misaligned)
    return Staged(read, aligned, unreadable)


_shared: tuple[Any, Any] = (None, None)  # in a worker process: counters of rows read and of ranges taken


def _init_worker(rows: Any, ranges: Any, parent: int) -> None:
    global _shared
    _shared = (rows, ranges)
    _die_with(parent)


def _die_with(parent: int) -> None:
    """End this worker when the importing process ends, however it ends (``kill -9`` included).

    A pool's workers otherwise outlive a killed parent for as long as their current range takes, writing
    into a scratch folder nobody will read. Linux delivers SIGKILL on the parent's death (``PR_SET_PDEATHSIG``);
    a parent already gone before that was set shows as a changed parent pid.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _add(counter: Any, n: int) -> int:
    """Add ``n`` to a shared counter; its value before."""
    with counter.get_lock():
        before: int = counter.value
        counter.value = before + n
    return before


def _stage_in_worker(
    path: Path, chunks: list[Chunk], header: list[str], defaults: Defaults, ignore_unknown: bool, target: Path
) -> Staged:
    rows, ranges = _shared
    with paused_gc():
        return stage(
            path,
            chunks,
            lambda: _add(ranges, 1),
            header,
            defaults,
            ignore_unknown,
            target,
            lambda n: _add(rows, n),
        )


def _ready() -> None:
    """A first task for a new worker: unpickling it imports this module there while the importer scans."""


def stage_file(
    path: Path,
    header: list[str],
    defaults: Defaults,
    *,
    ignore_unknown: bool,
    folder: Path,
    workers: int,
    report: Callable[[int, int], None],
) -> tuple[list[Path], list[Staged]]:
    """Stage the whole file into ``folder``, one staging file per process: this one and ``workers - 1``
    spawned ones (spawn: safe whatever threads the caller runs; as with any spawned worker, a script that
    imports must guard its entry point with ``if __name__ == "__main__"``). ``report(rows read, lines)``.

    This process works too rather than waiting: on two cores that is one process start saved. The workers
    start first and load their modules while the file is scanned for the cuts.
    """
    if workers == 1:
        return _stage_alone(path, header, defaults, ignore_unknown, folder, report)
    context = multiprocessing.get_context("spawn")
    rows, ranges = context.Value("q", 0), context.Value("q", 0)
    with ProcessPoolExecutor(
        workers - 1, mp_context=context, initializer=_init_worker, initargs=(rows, ranges, os.getpid())
    ) as pool:
        for _ in range(workers - 1):
            pool.submit(_ready)
        chunks, lines = plan_chunks(path, workers * _RANGES_PER_WORKER)
        if len(chunks) == 1:
            return _stage_alone(path, header, defaults, ignore_unknown, folder, report)
        targets = [folder / f"stage{i}.sqlite3" for i in range(workers)]
        futures = [
            pool.submit(_stage_in_worker, path, chunks, header, defaults, ignore_unknown, target)
            for target in targets[1:]
        ]
        own = stage(
            path,
            chunks,
            lambda: _add(ranges, 1),
            header,
            defaults,
            ignore_unknown,
            targets[0],
            lambda n: report(_add(rows, n) + n, lines),
        )
        while wait(futures, timeout=0.25).not_done:
            report(rows.value, lines)
        staged = [own, *(future.result() for future in futures)]
    if all(s.aligned for s in staged):
        return targets, staged
    for target in targets:  # a quote fooled the split: read the file as one range instead
        target.unlink()
    return _stage_alone(path, header, defaults, ignore_unknown, folder, report)


def _stage_alone(
    path: Path,
    header: list[str],
    defaults: Defaults,
    ignore_unknown: bool,
    folder: Path,
    report: Callable[[int, int], None],
) -> tuple[list[Path], list[Staged]]:
    chunks, lines = plan_chunks(path, 1)
    target = folder / "stage0.sqlite3"
    done = 0

    def own(n: int) -> None:
        nonlocal done
        done += n
        report(done, lines)

    return [target], [stage(path, chunks, count().__next__, header, defaults, ignore_unknown, target, own)]
