"""Bad catalog files are refused with the true line (1-based, header = line 1), the true cause and the bad value
shown once; nothing reaches the catalog and nothing crashes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.catalog.csvrows import CatalogImportError, RowError
from kiosk.catalog.repository import CatalogRepository
from kiosk.persistence import Database
from tests.catalog.conftest import Importer

WriteCsv = Callable[..., Path]


def _refused(do_import: Importer, path: Path, **options: object) -> tuple[RowError, ...]:
    with pytest.raises(CatalogImportError) as caught:
        do_import(path, **options)
    return caught.value.errors


def _one(do_import: Importer, path: Path, **options: object) -> RowError:
    [error] = _refused(do_import, path, **options)
    return error


@pytest.mark.parametrize(
    ("price", "reason"),
    [
        ("12.3.4", "not a decimal amount"),
        ("١٢", "not a decimal amount"),
        ("1２.00", "not a decimal amount"),
        ("9223372036854775808", "amount too large (at most 21474836.47 RUB)"),
        ("21474836.48", "amount too large (at most 21474836.47 RUB)"),
        ("9" * 5000, "amount too large (at most 21474836.47 RUB)"),
        ("1.005", "more than 2 decimals for RUB"),
    ],
)
def test_a_bad_price_names_the_reason_without_repeating_the_value(
    write_csv: WriteCsv, do_import: Importer, price: str, reason: str
) -> None:
    assert _one(do_import, write_csv("sku,name,price", "A,Milk,1", f"B,Bread,{price}")) == RowError(
        3, "price", price, reason
    )


def test_the_largest_storable_price_is_imported(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    do_import(write_csv("sku,name,price", "A,Gold,21474836.47"))
    assert CatalogRepository(db).by_sku("A").unit_price.minor == 2**31 - 1  # type: ignore[union-attr]


def test_a_bad_tax_rate_reason_does_not_repeat_the_value(write_csv: WriteCsv, do_import: Importer) -> None:
    error = _one(do_import, write_csv("sku,name,price,tax_rate", "A,Milk,1,x2"))
    assert (error.column, error.value, error.reason.count("x2")) == ("tax_rate", "x2", 0)
    assert _one(do_import, write_csv("sku,name,price,tax_rate", "A,Milk,1,٢٢")).column == "tax_rate"


def test_a_check_digit_error_says_which_digit_was_expected(write_csv: WriteCsv, do_import: Importer) -> None:
    error = _one(do_import, write_csv("sku,name,price,barcodes", "A,Milk,1,4006381333932"))
    assert (error.line, error.column, error.value) == (2, "barcodes", "4006381333932")
    assert error.reason == "wrong check digit: 2, expected 1"
    assert "length" in _one(do_import, write_csv("sku,name,price,barcodes", "A,Milk,1,12345")).reason


@pytest.mark.parametrize("bad", ["\x00", "\x1b[31m", "\x7f", "\n", "\u0085"])
@pytest.mark.parametrize("column", ["sku", "name", "name_en", "category", "image"])
def test_control_characters_in_text_are_refused(
    write_csv: WriteCsv, do_import: Importer, bad: str, column: str
) -> None:
    columns = ["sku", "name", "price", "name_en", "category", "image"]
    values = {
        "sku": "A1",
        "name": "Milk",
        "price": "1",
        "name_en": "Milk",
        "category": "Dairy",
        "image": "m.png",
    }
    values[column] = f"Mi{bad}lk"
    row = ",".join(f'"{values[c]}"' for c in columns)
    error = _one(do_import, write_csv(",".join(columns), row))
    assert (error.line, error.column, error.value) == (2, column, values[column])
    assert error.reason.startswith(f"control character U+{ord(bad[0]):04X}")


def test_ordinary_unicode_in_names_is_kept(db: Database, write_csv: WriteCsv, do_import: Importer) -> None:
    do_import(write_csv("sku,name,price,name_en", 'A,"Молоко\u00a02,5\u00ad%",1,Milk 👩\u200d🍳'))
    product = CatalogRepository(db).by_sku("A")
    assert product is not None and product.name == "Молоко\u00a02,5\u00ad%"


@pytest.mark.parametrize("tag", ["name_xx", "name_zz", "name_en_zz", "name_"])
def test_an_unknown_language_column_is_refused(write_csv: WriteCsv, do_import: Importer, tag: str) -> None:
    error = _one(do_import, write_csv(f"sku,name,price,{tag}", "A,Milk,1,x"))
    assert (error.line, error.column) == (1, tag)
    assert "language" in error.reason


@pytest.mark.parametrize("tag", ["name_de", "name_pt_br", "name_zh-hant", "name_sr_latn"])
def test_real_language_columns_are_accepted(
    db: Database, write_csv: WriteCsv, do_import: Importer, tag: str
) -> None:
    do_import(write_csv(f"sku,name,price,{tag}", "A,Milk,1,Lait"))
    product = CatalogRepository(db).by_sku("A")
    assert product is not None and list(product.names.values()) == ["Lait"]


def test_a_trailing_comma_in_the_header_is_named_as_such(write_csv: WriteCsv, do_import: Importer) -> None:
    error = _one(do_import, write_csv("sku,name,price,", "A,Milk,1,"))
    assert (error.line, error.column) == (1, "column 4")
    assert "empty column name" in error.reason and "trailing comma" in error.reason
    assert do_import(write_csv("sku,name,price,", "A,Milk,1,"), ignore_unknown=True).imported == 1


def _bytes(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    return path


def test_non_utf8_names_its_own_line(tmp_path: Path, do_import: Importer) -> None:
    error = _one(do_import, _bytes(tmp_path, b"sku,name,price\nA,Caf\xe9,1\nB,Tea,1\n"))
    assert (error.line, error.column, error.value) == (2, "name", "Caf\\xe9")
    assert error.reason.startswith("not valid UTF-8")


def test_non_utf8_deep_in_a_big_file_names_its_own_line(tmp_path: Path, do_import: Importer) -> None:
    rows = b"".join(b"S%d,Item %d,1\n" % (i, i) for i in range(2, 110_000))
    path = _bytes(tmp_path, b"sku,name,price\n" + rows + b"X,Caf\xe9,1\n" + b"Y,Tea,1\n" * 50)
    for workers in (1, 2):
        error = _one(do_import, path, workers=workers)
        assert error.line == 110_000, workers
        assert error.reason.startswith("not valid UTF-8")


def test_non_utf8_in_the_header(tmp_path: Path, do_import: Importer) -> None:
    error = _one(do_import, _bytes(tmp_path, b"sku,n\xffame,price\nA,B,1\n"))
    assert (error.line, error.reason.startswith("not valid UTF-8")) == (1, True)


def test_an_over_long_field_names_its_own_line(tmp_path: Path, do_import: Importer) -> None:
    long = b"x" * 200_000
    error = _one(do_import, _bytes(tmp_path, b"sku,name,price\nA," + long + b",1\nB,Tea,1\n"))
    assert error.line == 2
    assert "longer than" in error.reason


@pytest.mark.parametrize("workers", [1, 2])
def test_an_unterminated_quote_is_named_as_such(tmp_path: Path, do_import: Importer, workers: int) -> None:
    rows = b"".join(b"S%d,Item,1\n" % i for i in range(3, 3000))
    error = _one(do_import, _bytes(tmp_path, b'sku,name,price\nA,"Milk,1\n' + rows), workers=workers)
    assert error.line == 2
    assert "quote" in error.reason and "never closed" in error.reason


def test_text_after_a_closing_quote_is_named(tmp_path: Path, do_import: Importer) -> None:
    error = _one(do_import, _bytes(tmp_path, b'sku,name,price\nA,Milk,1\nB,"Tea"x,1\n'))
    assert error.line == 3
    assert "quote" in error.reason


def test_a_field_count_mismatch_is_still_one(write_csv: WriteCsv, do_import: Importer) -> None:
    error = _one(do_import, write_csv("sku,name,price", "A,Milk,1", "B,Tea"))
    assert (error.line, error.column, error.reason) == (3, None, "2 fields, the header has 3")
