from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalog.importer import ImportReport, import_catalog_csv
from kiosk.domain import TaxRate
from kiosk.persistence import Database

HEADER = "sku,barcodes,plu,name,name_en,price,unit,tax_rate,age_min,weight_g,sco_allowed,bag_exempt,max_qty,marked,category"
MILK = "M1,4006381333931,,Молоко,Milk,89.90,each,10,0,970,true,false,,false,Dairy"
BANANAS = "B1,,4011,Бананы,Bananas,119.90,kg,10,0,,true,false,,false,Produce"
BEER = "BEER1,96385074|036000291452,,Пиво,Beer,89.90,each,,18,720,yes,NO,6,0,Beer"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    yield database
    database.close()


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1_000_000))

    def write(*lines: str, bom: bool = False) -> Path:
        path = tmp_path / f"catalog{next(counter)}.csv"
        path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


Importer = Callable[..., ImportReport]


@pytest.fixture
def do_import(db: Database) -> Importer:
    def run(path: Path, target: Database | None = None, **options: Any) -> ImportReport:
        return import_catalog_csv(
            target or db,
            path,
            currency="RUB",
            default_tax_rate=TaxRate.parse("22"),
            default_weight_tol_g=15,
            **options,
        )

    return run
