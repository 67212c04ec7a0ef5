"""``kiosk catalog import`` with a plain path or a bad URL as ``--database``: exit 0 or 2, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _import(csv: Path, database: str) -> int:
    return main(["catalog", "import", str(csv), "--database", database, "--config", str(ROOT / "config")])


def test_a_plain_path_is_taken_as_a_sqlite_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "c.csv"
    csv.write_text("sku,name,price\nA1,Tea,1.50\n", encoding="utf-8")
    target = tmp_path / "sub" / "catalog.sqlite3"
    assert _import(csv, str(target)) == 0
    assert str(target) in capsys.readouterr().err  # says which database it wrote to
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT sku FROM product").fetchall() == [("A1",)]
    conn.close()


def test_a_bad_url_says_what_a_url_looks_like(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "c.csv"
    csv.write_text("sku,name,price\nA1,Tea,1.50\n", encoding="utf-8")
    assert _import(csv, "nosuchdb://host/x") == 2
    err = capsys.readouterr().err
    assert "sqlite:////" in err and "Traceback" not in err
