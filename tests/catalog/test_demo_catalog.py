from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kiosk.catalog.demo import import_seed_catalog
from kiosk.catalog.gtin import is_valid_gtin
from kiosk.catalog.repository import CatalogRepository
from kiosk.domain import Money, SaleUnit, TaxRate
from kiosk.persistence import Database
from tests.catalog.conftest import Importer

DEMO = Path(__file__).resolve().parents[2] / "kiosk" / "catalog" / "demo_catalog.csv"


def test_demo_catalog_imports_and_is_realistic(db: Database, do_import: Importer) -> None:
    report = do_import(DEMO)
    with DEMO.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert report.imported == len(rows) >= 220
    codes = [c for r in rows for c in r["barcodes"].split("|") if c]
    assert len(codes) == len(set(codes))
    assert all(is_valid_gtin(c) and c.startswith("46") and len(c) == 13 for c in codes)
    plus = [r["plu"] for r in rows if r["plu"]]
    assert len(plus) == len(set(plus)) >= 30
    assert {r["tax_rate"] for r in rows} >= {"10", "22"}
    assert sum(r["age_min"] == "18" for r in rows) >= 10
    assert any(r["sco_allowed"] == "false" for r in rows)
    assert sum(r["bag_exempt"] == "true" for r in rows) >= 2

    repo = CatalogRepository(db)
    bananas = repo.by_plu("4011")
    assert bananas is not None
    assert (bananas.name, bananas.name_in("en"), bananas.unit) == ("Бананы", "Bananas", SaleUnit.KG)
    assert bananas.tax_rate == TaxRate.parse("10")
    first = repo.by_barcode(codes[0])
    assert first is not None
    assert first.unit_price.currency == "RUB"
    assert first.unit_price > Money(0, "RUB")


def test_demo_catalog_is_what_the_generator_writes() -> None:
    from tools.make_demo_catalog import HEADER, rows

    with DEMO.open(encoding="utf-8", newline="") as f:
        assert [tuple(r) for r in csv.reader(f)] == [HEADER, *rows()]


@pytest.mark.parametrize(("currency", "minor"), [("RUB", 11990), ("JPY", 120), ("KWD", 119900)])
def test_the_demo_catalog_imports_in_any_currency(db: Database, currency: str, minor: int) -> None:
    report = import_seed_catalog(
        db, DEMO, currency=currency, default_tax_rate=TaxRate(2200), default_weight_tol_g=15
    )
    assert report.created >= 220 and not report.skipped
    bananas = CatalogRepository(db).by_plu("4011")
    assert bananas is not None and bananas.unit_price == Money(minor, currency)
