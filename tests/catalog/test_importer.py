from __future__ import annotations

import sqlite3
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalog import checks, importer
from kiosk.catalog.csvrows import CatalogImportError, Defaults, RowError
from kiosk.catalog.repository import CatalogRepository
from kiosk.catalog.staging import plan_chunks, read_header, stage
from kiosk.catalog.synthetic import make_catalog_csv, synthetic_ean13
from kiosk.domain import Money, SaleUnit, TaxRate
from kiosk.persistence import Database
from tests.catalog.conftest import BANANAS, BEER, HEADER, MILK, Importer

WriteCsv = Callable[..., Path]


def test_valid_file_is_imported_with_every_column(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    report = do_import(write_csv(HEADER, MILK, BANANAS, BEER))
    assert (report.total_rows, report.imported, report.created, report.updated) == (3, 3, 3, 0)
    assert report.barcodes_written == 3
    repo = CatalogRepository(db)
    beer = repo.by_barcode("036000291452")
    assert beer is not None
    assert beer.sku == "BEER1"
    assert set(beer.barcodes) == {"96385074", "036000291452"}
    assert beer.unit_price == Money(8990, "RUB")
    assert beer.tax_rate == TaxRate(2200)  # default from configuration
    assert (beer.age_min, beer.weight_g, beer.weight_tol_g, beer.max_qty) == (18, 720, 15, 6)
    assert (beer.sco_allowed, beer.bag_exempt, beer.marked) == (True, False, False)
    assert beer.name_in("en") == "Beer"
    bananas = repo.by_plu("4011")
    assert bananas is not None
    assert (bananas.unit, bananas.tax_rate, bananas.plu) == (SaleUnit.KG, TaxRate(1000), "4011")


def test_columns_in_any_order_and_only_required_ones(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    do_import(write_csv("price,name,sku", "1,Соль,S1"))
    product = CatalogRepository(db).by_sku("S1")
    assert product is not None
    assert (product.unit_price, product.unit, product.barcodes, product.names) == (
        Money(100, "RUB"),
        SaleUnit.EACH,
        (),
        {},
    )


def test_utf8_bom_is_accepted(db: Database, write_csv: WriteCsv, do_import: Importer) -> None:
    do_import(write_csv(HEADER, MILK, bom=True))
    assert CatalogRepository(db).by_sku("M1") is not None


@pytest.mark.parametrize(
    ("row", "column", "value"),
    [
        ("X,4006381333932,,N,n,1.00,each,22,0,1,true,false,,false,C", "barcodes", "4006381333932"),
        ("X,12345,,N,n,1.00,each,22,0,1,true,false,,false,C", "barcodes", "12345"),
        ("X,96385074|96385074,,N,n,1.00,each,22,0,1,true,false,,false,C", "barcodes", "96385074|96385074"),
        ("X,,401,N,n,1.00,each,22,0,1,true,false,,false,C", "plu", "401"),
        ("X,,40a1,N,n,1.00,each,22,0,1,true,false,,false,C", "plu", "40a1"),
        ("X,,,N,n,-1.00,each,22,0,1,true,false,,false,C", "price", "-1.00"),
        ("X,,,N,n,1.005,each,22,0,1,true,false,,false,C", "price", "1.005"),
        ("X,,,N,n,abc,each,22,0,1,true,false,,false,C", "price", "abc"),
        ("X,,,N,n,,each,22,0,1,true,false,,false,C", "price", ""),
        ("X,,,N,n,1.00,piece,22,0,1,true,false,,false,C", "unit", "piece"),
        ("X,,,N,n,1.00,each,220,0,1,true,false,,false,C", "tax_rate", "220"),
        ("X,,,N,n,1.00,each,x,0,1,true,false,,false,C", "tax_rate", "x"),
        ("X,,,N,n,1.00,each,22,-1,1,true,false,,false,C", "age_min", "-1"),
        ("X,,,N,n,1.00,each,22,0,1.5,true,false,,false,C", "weight_g", "1.5"),
        ("X,,,N,n,1.00,each,22,0,1,maybe,false,,false,C", "sco_allowed", "maybe"),
        ("X,,,N,n,1.00,each,22,0,1,true,2,,false,C", "bag_exempt", "2"),
        ("X,,,N,n,1.00,each,22,0,1,true,false,-3,false,C", "max_qty", "-3"),
        ("X,,,N,n,1.00,each,22,0,1,true,false,,nope,C", "marked", "nope"),
        (",,,N,n,1.00,each,22,0,1,true,false,,false,C", "sku", ""),
        ("X,,,,n,1.00,each,22,0,1,true,false,,false,C", "name", ""),
        ("X,,,N,n,1.00", None, ""),
    ],
)
def test_each_bad_value_is_named_with_line_and_column(
    write_csv: WriteCsv, do_import: Importer, row: str, column: str | None, value: str
) -> None:
    with pytest.raises(CatalogImportError) as caught:
        do_import(write_csv(HEADER, MILK, row))
    [error] = caught.value.errors
    assert (error.line, error.column, error.value) == (3, column, value)
    assert error.reason
    assert caught.value.total_rows == 2


def test_duplicates_within_the_file_are_refused(write_csv: WriteCsv, do_import: Importer) -> None:
    path = write_csv(
        HEADER,
        MILK,
        "M1,,,Другое,Other,1.00,each,22,0,,true,false,,false,C",
        "M2,4006381333931,,Копия,Copy,1.00,each,22,0,,true,false,,false,C",
        BANANAS,
        "B2,,4011,Бананы 2,Bananas 2,1.00,kg,10,0,,true,false,,false,C",
    )
    with pytest.raises(CatalogImportError) as caught:
        do_import(path)
    assert [(e.line, e.column, e.value) for e in caught.value.errors] == [
        (3, "sku", "M1"),
        (4, "barcodes", "4006381333931"),
        (6, "plu", "4011"),
    ]
    assert "line 2" in caught.value.errors[0].reason


def test_line_numbers_count_physical_lines(write_csv: WriteCsv, do_import: Importer) -> None:
    path = write_csv("sku,name,price,notes", 'A,Two,1.00,"two\nlines"', "", "B,Bad,-2,")
    with pytest.raises(CatalogImportError) as caught:
        do_import(path, ignore_unknown=True)
    assert caught.value.errors == (RowError(5, "price", "-2", "negative price"),)


def test_header_problems(write_csv: WriteCsv, do_import: Importer, db: Database) -> None:
    with pytest.raises(CatalogImportError) as caught:
        do_import(write_csv("sku,name,colour,barcodes,barcodes", "A,B,red,,"))
    assert {(e.line, e.column, e.reason) for e in caught.value.errors} == {
        (1, "colour", "unknown column (use --ignore-unknown to skip it)"),
        (1, "barcodes", "column appears twice"),
        (1, "price", "required column is missing"),
    }
    report = do_import(write_csv("sku,name,price,colour,name_de", "A,B,1,red,Bier"), ignore_unknown=True)
    assert report.imported == 1
    product = CatalogRepository(db).by_sku("A")
    assert product is not None
    assert product.names == {"de": "Bier"}
    with pytest.raises(CatalogImportError, match="empty"):
        do_import(write_csv())


def test_failure_writes_nothing_and_keeps_the_previous_catalog(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    do_import(write_csv(HEADER, MILK, BANANAS))
    changed = MILK.replace("89.90", "99.90")
    with pytest.raises(CatalogImportError):
        do_import(write_csv(HEADER, changed, BEER, "NEW,,,N,n,-1,each,22,0,,true,false,,false,C"))
    repo = CatalogRepository(db)
    assert repo.count() == 2
    milk = repo.by_sku("M1")
    assert milk is not None
    assert milk.unit_price == Money(8990, "RUB")
    assert repo.by_sku("BEER1") is None


def test_skip_invalid_imports_the_valid_rows_and_lists_the_rest(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    report = do_import(
        write_csv(HEADER, MILK, "BAD,,,N,n,-1,each,22,0,,true,false,,false,C", BANANAS), skip_invalid=True
    )
    assert (report.total_rows, report.imported) == (3, 2)
    assert [(e.line, e.column) for e in report.skipped] == [(3, "price")]
    assert CatalogRepository(db).by_sku("BAD") is None


def test_reimport_updates_in_place_and_replaces_barcodes(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    do_import(write_csv(HEADER, MILK, BANANAS, BEER))
    report = do_import(
        write_csv(
            HEADER,
            "M1,036000291452,,Молоко 2,Milk 2,95.00,each,10,0,970,true,false,,false,Dairy",  # takes a beer code
            "BEER1,96385074,4012,Пиво,Beer,89.90,each,,18,720,true,false,6,false,Beer",
            "B1,,4011,Бананы,Bananas,129.90,kg,10,0,,true,false,,false,Produce",
        )
    )
    assert (report.created, report.updated) == (0, 3)
    repo = CatalogRepository(db)
    assert repo.count() == 3
    milk = repo.by_barcode("036000291452")
    assert milk is not None
    assert (milk.sku, milk.name, milk.unit_price) == ("M1", "Молоко 2", Money(9500, "RUB"))
    assert repo.by_barcode("4006381333931") is None  # M1's old code is gone
    beer = repo.by_plu("4012")
    assert beer is not None
    assert beer.barcodes == ("96385074",)


def test_plu_can_move_between_reimported_products(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    do_import(write_csv("sku,name,price,plu", "A,Apples,1,4131", "B,Pears,1,4416"))
    do_import(write_csv("sku,name,price,plu", "A,Apples,1,4416", "B,Pears,1,4131"))
    repo = CatalogRepository(db)
    assert [p.sku if p else None for p in (repo.by_plu("4131"), repo.by_plu("4416"))] == ["B", "A"]


def test_codes_of_another_existing_product_are_refused(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    do_import(write_csv(HEADER, MILK, BANANAS))
    with pytest.raises(CatalogImportError) as caught:
        do_import(
            write_csv(
                HEADER,
                "M2,4006381333931,,Молоко,Milk,1.00,each,10,0,,true,false,,false,Dairy",
                "B2,,4011,Бананы,Bananas,1.00,kg,10,0,,true,false,,false,Produce",
            )
        )
    assert [(e.line, e.column, e.reason) for e in caught.value.errors] == [
        (2, "barcodes", "already belongs to sku M1"),
        (3, "plu", "already belongs to sku B1"),
    ]
    report = do_import(
        write_csv(HEADER, "M2,4006381333931,,Молоко,Milk,1.00,each,10,0,,true,false,,false,Dairy", BEER),
        skip_invalid=True,
    )
    assert report.imported == 1
    assert CatalogRepository(db).by_sku("M2") is None


def test_synthetic_catalog_imports_with_progress(tmp_path: Path, db: Database, do_import: Importer) -> None:
    path = make_catalog_csv(tmp_path / "synthetic.csv", 20_000, seed=3)
    calls: list[tuple[int, int]] = []
    report = do_import(path, progress=lambda done, total: calls.append((done, total)))
    assert report.imported == 20_000
    assert report.barcodes_written == 19_800
    assert calls[-1] == (20_000, 20_000)  # rows read, before the write: the bar ends full, not at half
    assert all(done <= total <= 20_000 * 1.2 for done, total in calls)  # a total of rows, not doubled
    assert CatalogRepository(db).count() == 20_000


def test_core_path_on_an_in_memory_database(write_csv: WriteCsv, do_import: Importer) -> None:
    with Database.open("sqlite://") as memory:
        do_import(write_csv(HEADER, MILK, BANANAS, BEER), memory)
        do_import(write_csv(HEADER, MILK.replace("89.90", "91.00"), BEER), memory)
        repo = CatalogRepository(memory)
        milk = repo.by_code("4006381333931")
        assert milk is not None
        assert milk.unit_price == Money(9100, "RUB")
        assert repo.by_code("4011") is not None
        assert set(repo.by_code("BEER1").barcodes) == {"96385074", "036000291452"}  # type: ignore[union-attr]
        with pytest.raises(CatalogImportError):
            do_import(write_csv(HEADER, "M9,4006381333931,,x,x,1,each,10,0,,true,false,,false,C"), memory)


def test_a_upc_a_and_its_13_digit_form_are_one_barcode(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    with pytest.raises(CatalogImportError) as caught:
        do_import(
            write_csv(
                "sku,name,price,barcodes",
                "A,a,1,036000291452",
                "B,b,1,0036000291452",
                "C,c,1,96385074|0096385074",  # not a GTIN-12/13/14 pair: 10 digits is no GTIN at all
                "D,d,1,4006381333931|04006381333931",
            )
        )
    assert [(e.line, e.column, e.value, e.reason.split(" (")[0]) for e in caught.value.errors] == [
        (3, "barcodes", "036000291452", "duplicate barcode"),
        (4, "barcodes", "0096385074", "not a valid EAN-13/EAN-8/UPC-A/UPC-E/GTIN-14"),
        (5, "barcodes", "4006381333931|04006381333931", "the same barcode twice"),
    ]
    do_import(write_csv("sku,name,price,barcodes", "A,a,1,0036000291452"))
    assert CatalogRepository(db).by_sku("A").barcodes == ("036000291452",)  # type: ignore[union-attr]
    with pytest.raises(CatalogImportError) as caught:
        do_import(write_csv("sku,name,price,barcodes", "B,b,1,036000291452"))
    assert [(e.line, e.reason) for e in caught.value.errors] == [(2, "already belongs to sku A")]


def _scratch_left(db: Database) -> list[Path]:
    assert db.sqlite_path is not None
    return list(db.sqlite_path.parent.glob(".catalog-import-*"))


def _duplicates_file(tmp_path: Path) -> Path:
    """600 rows; line 552 repeats the sku of line 5, line 562 the barcode of line 9."""
    rows = [
        f"S{i:05d},{synthetic_ean13(i)},,Item {i},Item,1.00,each,22,0,,true,false,,false,C"
        for i in range(600)
    ]
    rows[550] = f"S00003,{synthetic_ean13(551)},,Again,Again,1.00,each,22,0,,true,false,,false,C"
    rows[560] = f"S00561,{synthetic_ean13(7)},,Code,Code,1.00,each,22,0,,true,false,,false,C"
    path = tmp_path / "duplicates.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


DUPLICATES = [
    (552, "sku", "S00003", "duplicate sku (first on line 5)"),
    (562, "barcodes", synthetic_ean13(7), "duplicate barcode (on line 9)"),
]


def test_duplicates_in_two_staging_files_name_both_lines(tmp_path: Path) -> None:
    path = _duplicates_file(tmp_path)
    chunks, _ = plan_chunks(path, 2)
    assert len(chunks) == 2 and chunks[1].first_line < 552  # first rows in one file, repeats in the other
    header = read_header(path)
    defaults = Defaults("RUB", TaxRate.parse("22"), 15)
    files = [tmp_path / f"s{i}.sqlite3" for i in range(2)]
    for chunk, file in zip(chunks, files, strict=True):
        stage(path, [chunk], count().__next__, header, defaults, False, file, lambda n: None)
    with sqlite3.connect(":memory:") as conn:
        errors, refused = checks.duplicates(checks.Staging(conn, files))
    conn.close()
    assert [(e.line, e.column, e.value, e.reason) for e in errors] == DUPLICATES
    assert refused == {552, 562}


def test_duplicates_through_worker_processes(db: Database, tmp_path: Path, do_import: Importer) -> None:
    path = _duplicates_file(tmp_path)
    with pytest.raises(CatalogImportError) as caught:
        do_import(path, workers=2)
    assert [(e.line, e.column, e.value, e.reason) for e in caught.value.errors] == DUPLICATES
    assert caught.value.total_rows == 600
    report = do_import(path, workers=2, skip_invalid=True)
    assert (report.total_rows, report.imported, len(report.skipped)) == (600, 598, 2)
    assert CatalogRepository(db).count() == 598
    assert _scratch_left(db) == []


def test_a_crash_while_writing_keeps_the_previous_catalog_and_no_scratch(
    db: Database, write_csv: WriteCsv, do_import: Importer, monkeypatch: pytest.MonkeyPatch
) -> None:
    do_import(write_csv(HEADER, MILK, BANANAS))
    real_write = importer.write

    def write_then_crash(*args: Any) -> object:
        real_write(*args)
        raise RuntimeError("power cut")

    monkeypatch.setattr(importer, "write", write_then_crash)
    with pytest.raises(RuntimeError, match="power cut"):
        do_import(write_csv(HEADER, MILK.replace("89.90", "99.90"), BEER))
    repo = CatalogRepository(db)
    assert repo.count() == 2
    assert repo.by_sku("M1").unit_price == Money(8990, "RUB")  # type: ignore[union-attr]
    assert repo.by_sku("BEER1") is None
    assert _scratch_left(db) == []


def test_a_refused_or_unreadable_file_leaves_no_scratch(
    db: Database, tmp_path: Path, write_csv: WriteCsv, do_import: Importer
) -> None:
    with pytest.raises(CatalogImportError):
        do_import(write_csv(HEADER, MILK, "X,,,N,n,-1,each,22,0,,true,false,,false,C"))
    unreadable = tmp_path / "latin1.csv"  # valid for long enough that the header reads fine
    rows = "".join(f"S{i},Item,1\n" for i in range(5000)).encode()
    unreadable.write_bytes(b"sku,name,price\n" + rows + b"A,Caf\xe9,1\n")
    with pytest.raises(CatalogImportError) as caught:
        do_import(unreadable, skip_invalid=True)
    assert [(e.line, e.reason.split(" (")[0]) for e in caught.value.errors] == [(5002, "not valid UTF-8")]
    assert _scratch_left(db) == []


def test_a_split_fooled_by_a_stray_quote_falls_back_to_one_reader(
    db: Database, tmp_path: Path, do_import: Importer
) -> None:
    # The quote in '5" screen' is literal, but flips the parity the split relies on; wherever the cuts land,
    # the result must be that of one sequential reading.
    quoted = 'Q1,Quoted,1.00,"first\n' + "\n".join(f"more {i}" for i in range(600)) + '\nend"'
    rows = ['S1,5" screen,1.00,', quoted, *(f"S{i},Item,1.00," for i in range(2, 100))]
    path = tmp_path / "stray.csv"
    path.write_text("sku,name,price,notes\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert 3 < plan_chunks(path, 2)[0][1].first_line <= 603  # a cut inside the quoted field
    report = do_import(path, workers=2, ignore_unknown=True)
    assert report.imported == 100
    repo = CatalogRepository(db)
    assert repo.by_sku("Q1").name == "Quoted"  # type: ignore[union-attr]
    assert repo.by_sku("S1").name == '5" screen'  # type: ignore[union-attr]
