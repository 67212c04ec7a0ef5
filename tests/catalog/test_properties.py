"""Property tests of the CSV import: whatever the bytes, the import writes every row or nothing, never
crashes, and every error it reports names a line the file has."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.catalog.csvrows import CatalogImportError, Defaults, RowParser
from kiosk.catalog.importer import import_catalog_csv
from kiosk.catalog.staging import Chunk, plan_chunks, read_header, stage
from kiosk.domain import TaxRate
from kiosk.persistence import Database

HEADERS = [b"sku,name,price", b"sku,name,price,barcodes,plu", b"price,sku,name,name_en,age_min", b"sku,name"]
GOOD = [b"A%d,Tea,1.50", b'B%d,"Milk, 1 l",89.90', b"C%d,Caf\xc3\xa9,2", b"D%d,Salt,0"]
PIECES = st.one_of(
    st.sampled_from(
        [b",", b'"', b"\n", b"\r\n", b"\r", b"", b"\xff", b"\xc3", b"\x00", b"1.5", b"4006381333931"]
    ),
    st.binary(max_size=6),
    st.text(max_size=6).map(str.encode),
)


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    """A header, then rows: mostly well-formed (distinct skus), some with noise spliced in."""
    out = [draw(st.sampled_from(HEADERS)) + draw(st.sampled_from([b"\n", b"\r\n"]))]
    for i in range(draw(st.integers(0, 8))):
        row = draw(st.sampled_from(GOOD)) % i
        if draw(st.booleans()):
            at = draw(st.integers(0, len(row)))
            row = row[:at] + b"".join(draw(st.lists(PIECES, max_size=3))) + row[at:]
        out.append(row + draw(st.sampled_from([b"\n", b"\r\n", b""])))
    return b"".join(out)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path]]:
    folder = tmp_path_factory.mktemp("properties")
    db = Database.open(f"sqlite:///{folder / 'catalog.sqlite3'}")
    yield db, folder
    db.close()


def _import(db: Database, path: Path) -> object:
    return import_catalog_csv(
        db, path, currency="RUB", default_tax_rate=TaxRate.parse("22"), default_weight_tol_g=15
    )


def _skus(db: Database) -> set[str]:
    assert db.sqlite_path is not None
    with sqlite3.connect(db.sqlite_path) as conn:
        found = {sku for (sku,) in conn.execute("SELECT sku FROM product")}
    conn.close()
    return found


def _records(data: bytes) -> list[list[str]] | None:
    """The file as Python's csv module reads it, or None if it cannot (then the import must refuse it)."""
    try:
        text = data.decode("utf-8-sig")
        return [r for r in csv.reader(io.StringIO(text, newline=""), strict=True) if r]
    except (UnicodeDecodeError, csv.Error):
        return None


def _physical_lines(data: bytes) -> int:
    return len(data.splitlines()) + 1


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=csv_bytes())
@example(data=b'sku,name,price\nA0,"Tea,1.50\nB1,Milk,2\n')
@example(data=b"sku,name,price\nA0,Tea,1.50\nB1,Mi\xfflk,2\n")
@example(data=b"sku,name,price,\nA0,Tea,1.50,\n")
def test_every_valid_row_or_nothing_and_errors_name_real_lines(
    catalog: tuple[Database, Path], data: bytes
) -> None:
    db, folder = catalog
    base = folder / "base.csv"
    base.write_bytes(b"sku,name,price\nBASE,Base,1\n")
    assert db.sqlite_path is not None
    with sqlite3.connect(db.sqlite_path) as conn:
        conn.execute("DELETE FROM product_barcode")
        conn.execute("DELETE FROM product")
    conn.close()
    _import(db, base)
    path = folder / "given.csv"
    path.write_bytes(data)
    try:
        _import(db, path)
    except CatalogImportError as refused:
        assert refused.errors
        assert all(1 <= e.line <= _physical_lines(data) for e in refused.errors), refused.errors
        assert _skus(db) == {"BASE"}  # nothing written
        return
    records = _records(data)
    assert records is not None, "imported a file the csv module cannot read"
    header = [c.strip().lower() for c in records[0]]
    rows = records[1:]
    assert _skus(db) == {"BASE"} | {row[header.index("sku")].strip() for row in rows}


DEFAULTS = Defaults("RUB", TaxRate.parse("22"), 15)


Staged = tuple[bool, list[tuple[int, str]], list[tuple[int, str]], list[int]]


def _stage(path: Path, chunks: list[Chunk], folder: Path) -> Staged:
    """Stage each chunk in this process: (all aligned, rows (line, sku), errors (line, reason), unreadable lines)."""
    header = read_header(path)
    rows: list[tuple[int, str]] = []
    errors: list[tuple[int, str]] = []
    unreadable: list[int] = []
    aligned = True
    for i, chunk in enumerate(chunks):
        target = folder / f"part{len(chunks)}-{i}.sqlite3"
        target.unlink(missing_ok=True)
        staged = stage(path, [chunk], count().__next__, header, DEFAULTS, True, target, lambda n: None)
        aligned &= staged.aligned
        if staged.unreadable is not None:
            unreadable.append(staged.unreadable.line)
        with sqlite3.connect(target) as conn:
            rows += conn.execute("SELECT line, sku FROM product ORDER BY line").fetchall()
            errors += conn.execute("SELECT line, reason FROM error ORDER BY line").fetchall()
        conn.close()
    return aligned, rows, errors, unreadable


@settings(max_examples=40, deadline=None)
@given(data=csv_bytes(), parts=st.integers(2, 4))
@example(data=b"sku,name\n", parts=2)  # found by hypothesis: a header refused before any row is read
def test_a_split_reads_like_the_whole_file_or_says_it_cannot(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, parts: int
) -> None:
    folder = tmp_path_factory.mktemp("split")
    path = folder / "given.csv"
    path.write_bytes(data)
    try:
        RowParser.from_header(read_header(path), DEFAULTS, ignore_unknown=True)
    except CatalogImportError:
        return  # refused before any row is read
    chunks, _ = plan_chunks(path, parts)
    assert chunks[0].start == 0 and chunks[-1].lines is None
    _, rows, errors, unreadable = _stage(path, [Chunk(0, None, 1)], folder)
    aligned, split_rows, split_errors, split_unreadable = _stage(path, chunks, folder)
    if not aligned:
        return  # the importer reads the file as one range then
    stop = min(unreadable, default=_physical_lines(data) + 1)  # a reading stops at the first unreadable line
    assert min(split_unreadable, default=_physical_lines(data) + 1) == stop
    assert [r for r in split_rows if r[0] < stop] == rows
    assert [e for e in split_errors if e[0] < stop] == errors
