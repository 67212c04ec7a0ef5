from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from kiosk.catalog.console import ERRORS_SHOWN, run_import
from kiosk.domain import TaxRate
from kiosk.persistence import Database
from tests.catalog.conftest import HEADER, MILK

WriteCsv = Callable[..., Path]


def _run(db: Database, path: Path, **options: bool) -> tuple[object, str]:
    out = io.StringIO()
    console = Console(file=out, width=120, color_system=None)
    report = run_import(
        db,
        path,
        currency="RUB",
        default_tax_rate=TaxRate(2200),
        default_weight_tol_g=15,
        console=console,
        **options,
    )
    return report, out.getvalue()


def test_success_is_summarised(db: Database, write_csv: WriteCsv) -> None:
    report, text = _run(db, write_csv(HEADER, MILK))
    assert report is not None
    assert "Imported 1 product(s)" in text


def test_errors_are_listed_with_line_column_and_a_count(db: Database, write_csv: WriteCsv) -> None:
    bad = [f"S{i},N,-1" for i in range(ERRORS_SHOWN + 7)]
    report, text = _run(db, write_csv("sku,name,price", *bad))
    assert report is None
    assert "Nothing imported: 57 error(s) in 57 row(s)." in text
    assert "line       2  price          negative price '-1'" in text
    assert "… and 7 more" in text


def test_the_summary_names_the_database_and_what_changed(db: Database, write_csv: WriteCsv) -> None:
    path = write_csv(HEADER, MILK)
    _run(db, path)
    report, text = _run(db, path)
    assert report is not None
    assert "0 new, 0 changed, 1 unchanged" in text
    assert str(db.sqlite_path) in text


def test_a_bad_value_is_printed_once(db: Database, write_csv: WriteCsv) -> None:
    _, text = _run(db, write_csv("sku,name,price", "A,N,12.3.4"))
    assert text.count("12.3.4") == 1
