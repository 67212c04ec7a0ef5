"""Re-import changes only what the file mentions (shared/specs/catalog-csv.md): an absent column keeps each
product's stored value, an empty cell in a present column resets it, and unchanged rows are reported so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalog.repository import CatalogRepository
from kiosk.domain import Money, Product, SaleUnit, TaxRate
from kiosk.persistence import Database
from tests.catalog.conftest import Importer

WriteCsv = Callable[..., Path]

# Every column, each with a value that is not its default, for one packaged and one weighed product.
FULL: dict[str, tuple[str, str]] = {
    "sku": ("BEER1", "B1"),
    "name": ("Пиво", "Бананы"),
    "price": ("89.90", "119.90"),
    "barcodes": ("96385074|036000291452", ""),
    "plu": ("", "4011"),
    "name_en": ("Beer", "Bananas"),
    "name_de": ("Bier", "Bananen"),
    "unit": ("each", "kg"),
    "tax_rate": ("10", "10"),
    "age_min": ("18", "0"),
    "weight_g": ("720", ""),
    "weight_tol_g": ("40", "25"),
    "sco_allowed": ("false", "true"),
    "bag_exempt": ("true", "true"),
    "max_qty": ("6", "3"),
    "marked": ("true", "false"),
    "category": ("Beer", "Produce"),
    "image": ("beer.png", "bananas.png"),
}


def _csv(write_csv: WriteCsv, columns: list[str], rows: list[dict[str, str]]) -> Path:
    return write_csv(",".join(columns), *(",".join(row[c] for c in columns) for row in rows))


def _rows() -> list[dict[str, str]]:
    return [{c: values[i] for c, values in FULL.items()} for i in range(2)]


def _field(product: Product, column: str) -> Any:
    if column == "barcodes":
        return set(product.barcodes)
    if column.startswith("name_"):
        return product.names.get(column.removeprefix("name_"))
    return {
        "price": product.unit_price,
        "tax_rate": product.tax_rate,
        "unit": product.unit,
    }.get(column, getattr(product, column, None))


def _both(db: Database) -> tuple[Product, Product]:
    repo = CatalogRepository(db)
    beer, bananas = repo.by_sku("BEER1"), repo.by_sku("B1")
    repo.close()
    assert beer is not None and bananas is not None
    return beer, bananas


@pytest.mark.parametrize("absent", [c for c in FULL if c not in ("sku", "name", "price")])
def test_an_absent_column_keeps_every_stored_value(
    db: Database, write_csv: WriteCsv, do_import: Importer, absent: str
) -> None:
    do_import(_csv(write_csv, list(FULL), _rows()))
    before = [_field(p, absent) for p in _both(db)]
    changed = _rows()
    for row in changed:
        row["price"] = "1.00"
    report = do_import(_csv(write_csv, [c for c in FULL if c != absent], changed))
    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    after = _both(db)
    assert [_field(p, absent) for p in after] == before
    assert [p.unit_price for p in after] == [Money(100, "RUB")] * 2


def test_a_price_only_file_changes_names_and_prices_and_nothing_else(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    do_import(_csv(write_csv, list(FULL), _rows()))
    do_import(write_csv("sku,name,price", "BEER1,Пиво светлое,95.00", "B1,Бананы,129.90"))
    beer, bananas = _both(db)
    assert (beer.name, beer.unit_price, beer.age_min, beer.tax_rate) == (
        "Пиво светлое",
        Money(9500, "RUB"),
        18,
        TaxRate(1000),
    )
    assert set(beer.barcodes) == {"96385074", "036000291452"}
    assert beer.names == {"en": "Beer", "de": "Bier"}
    assert (bananas.unit, bananas.plu, bananas.unit_price) == (SaleUnit.KG, "4011", Money(12990, "RUB"))
    repo = CatalogRepository(db)
    assert repo.by_barcode("036000291452") == beer and repo.by_plu("4011") == bananas
    repo.close()


def test_an_empty_cell_in_a_present_column_resets_it_to_the_default(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    do_import(_csv(write_csv, list(FULL), _rows()))
    do_import(
        write_csv(
            "sku,name,price,age_min,barcodes,plu,tax_rate,unit,name_en",
            "BEER1,Пиво,89.90,,,,,,",
            "B1,Бананы,119.90,,,,,,",
        )
    )
    beer, bananas = _both(db)
    assert (beer.age_min, beer.barcodes, beer.tax_rate, beer.unit) == (0, (), TaxRate(2200), SaleUnit.EACH)
    assert beer.names == {"de": "Bier"}  # name_en emptied, name_de (absent) kept
    assert (bananas.plu, bananas.unit) == (None, SaleUnit.EACH)
    assert CatalogRepository(db).by_plu("4011") is None


def test_one_language_column_updates_that_language_only(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    do_import(_csv(write_csv, list(FULL), _rows()))
    do_import(write_csv("sku,name,price,name_en", "BEER1,Пиво,89.90,Lager", "NEW,Соль,1,Salt"))
    beer, _ = _both(db)
    assert beer.names == {"en": "Lager", "de": "Bier"}
    salt = CatalogRepository(db).by_sku("NEW")
    assert salt is not None and salt.names == {"en": "Salt"}


def test_new_skus_take_the_defaults_for_absent_columns(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    do_import(_csv(write_csv, list(FULL), _rows()))
    do_import(write_csv("sku,name,price", "NEW,Соль,1"))
    salt = CatalogRepository(db).by_sku("NEW")
    assert salt is not None
    assert (salt.age_min, salt.unit, salt.tax_rate, salt.weight_tol_g, salt.sco_allowed) == (
        0,
        SaleUnit.EACH,
        TaxRate(2200),
        15,
        True,
    )


def test_identical_data_reports_nothing_changed(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    path = _csv(write_csv, list(FULL), _rows())
    first = do_import(path)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    again = do_import(path)
    assert (again.created, again.updated, again.unchanged, again.barcodes_written) == (0, 0, 2, 0)
    one_code = _rows()
    one_code[0]["barcodes"] = "96385074"  # a barcode dropped is a change too
    third = do_import(_csv(write_csv, list(FULL), one_code))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)


def test_partial_reimport_on_the_core_path(write_csv: WriteCsv, do_import: Importer) -> None:
    with Database.open("sqlite://") as memory:
        do_import(_csv(write_csv, list(FULL), _rows()), memory)
        report = do_import(
            write_csv("sku,name,price,name_en", "BEER1,Пиво,95.00,Lager", "B1,Бананы,119.90,Bananas"), memory
        )
        assert (report.updated, report.unchanged) == (1, 1)
        beer, bananas = _both(memory)
        assert (beer.age_min, set(beer.barcodes), beer.names) == (
            18,
            {"96385074", "036000291452"},
            {"en": "Lager", "de": "Bier"},
        )
        assert (bananas.plu, bananas.unit) == ("4011", SaleUnit.KG)
