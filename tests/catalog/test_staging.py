"""The split of a catalog CSV into byte ranges, checked in-process: each range staged on its own must give
exactly the rows, physical line numbers and errors that one reading of the whole file gives."""

from __future__ import annotations

import sqlite3
from itertools import count
from pathlib import Path

import pytest

from kiosk.catalog.csvrows import Defaults
from kiosk.catalog.staging import Chunk, plan_chunks, read_header, stage
from kiosk.domain import TaxRate

DEFAULTS = Defaults("RUB", TaxRate.parse("22"), 15)
Staged = tuple[list[tuple[int, str, str]], list[tuple[int, str | None, str]]]


def _rows(count: int, start: int = 0) -> list[str]:
    return [f"S{i:05d},Item {i},{i % 90 + 1}.50," for i in range(start, start + count)]


def _write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    return path


def _stage_all(path: Path, chunks: list[Chunk], folder: Path) -> Staged:
    """Stage every chunk in this process; the rows (line, sku, name) and errors (line, column, value)."""
    header = read_header(path)
    rows: list[tuple[int, str, str]] = []
    errors: list[tuple[int, str | None, str]] = []
    for i, chunk in enumerate(chunks):
        target = folder / f"{path.stem}-{len(chunks)}-{i}.sqlite3"
        staged = stage(path, [chunk], count().__next__, header, DEFAULTS, True, target, lambda n: None)
        assert staged.aligned
        with sqlite3.connect(target) as conn:
            rows += conn.execute("SELECT line, sku, name FROM product ORDER BY line").fetchall()
            errors += conn.execute("SELECT line, col, value FROM error ORDER BY line").fetchall()
        conn.close()
    return rows, errors


def _split_like_whole(path: Path, tmp_path: Path, parts: int = 2) -> Staged:
    chunks, _ = plan_chunks(path, parts)
    assert len(chunks) == parts
    whole = _stage_all(path, [Chunk(0, None, 1)], tmp_path)
    assert _stage_all(path, chunks, tmp_path) == whole
    return whole


def test_a_quoted_field_across_the_middle_is_not_cut(tmp_path: Path) -> None:
    before = _rows(40)
    # Line breaks are refused in product text, so the quoted field is in a column the import ignores.
    multi = 'Q1,Quoted,1.00,"one\n' + "\n".join(f"line {i}, with a comma" for i in range(30)) + '\nend"'
    text = "sku,name,price,notes\n" + "\n".join([*before, multi, *_rows(40, 100)]) + "\n"
    path = _write(tmp_path / "quoted.csv", text)
    rows, errors = _split_like_whole(path, tmp_path)
    assert errors == []
    quoted = next(row for row in rows if row[1] == "Q1")
    assert quoted[0] == 42  # header, 40 rows, then Q1 starts on line 42 and spans 32 lines
    assert rows[rows.index(quoted) + 1][0] == 42 + 32


def test_crlf_bom_and_blank_lines_keep_physical_line_numbers(tmp_path: Path) -> None:
    lines = ["sku,name,price,notes", *_rows(30), "", "", "BAD1,Bad,-1,", *_rows(30, 50), "", "BAD2,,1,"]
    path = _write(tmp_path / "crlf.csv", "\r\n".join(lines) + "\r\n", bom=True)
    rows, errors = _split_like_whole(path, tmp_path, parts=3)
    assert errors == [(34, "price", "-1"), (66, "name", "")]
    assert [line for line, *_ in rows] == [*range(2, 32), *range(35, 65)]
    assert rows[0][1] == "S00000"  # the BOM is not part of the first sku


def test_a_stray_quote_that_fools_the_split_is_noticed(tmp_path: Path) -> None:
    # A quote inside an unquoted field is literal for the csv module, but flips the quote parity the split
    # relies on, so a cut can land inside the quoted field that follows: that range must report it.
    quoted = 'Q1,Quoted,1.00,"one\n' + "\n".join(f"more {i}" for i in range(200)) + '\nend"'
    text = "sku,name,price,notes\n" + "\n".join(['S1,5" screen,1.00,', quoted, *_rows(5)]) + "\n"
    path = _write(tmp_path / "stray.csv", text)
    chunks, _ = plan_chunks(path, 2)
    assert len(chunks) == 2
    header = read_header(path)
    target = tmp_path / "s0.sqlite3"
    first = stage(path, chunks[:1], count().__next__, header, DEFAULTS, True, target, lambda n: None)
    assert not first.aligned


@pytest.mark.parametrize("parts", [1, 2, 4])
def test_plan_covers_the_file_once(tmp_path: Path, parts: int) -> None:
    path = _write(tmp_path / "plain.csv", "sku,name,price,notes\n" + "\n".join(_rows(500)) + "\n")
    chunks, lines = plan_chunks(path, parts)
    assert chunks[0].start == 0 and chunks[-1].lines is None
    assert [c.first_line for c in chunks[1:]] == [c.first_line + (c.lines or 0) for c in chunks[:-1]]
    assert abs(lines - 501) <= 501 // 10  # an estimate for the progress bar


def test_a_stray_quote_does_not_stop_the_split(tmp_path: Path) -> None:
    rows = _rows(3000)
    rows[1] = 'S00001,5" screen,1.00,'  # literal for the csv module; no closing quote anywhere after it
    path = _write(tmp_path / "stray.csv", "sku,name,price,notes\n" + "\n".join(rows) + "\n")
    rows_, errors = _split_like_whole(path, tmp_path, parts=4)
    assert errors == [] and len(rows_) == 3000
