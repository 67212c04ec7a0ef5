from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from kiosk.catalog.gtin import with_check_digit
from kiosk.catalog.repository import WARM_WALKS, CatalogRepository
from kiosk.domain import Money
from kiosk.persistence import Database
from tests.catalog.conftest import BANANAS, BEER, HEADER, MILK, Importer

WriteCsv = Callable[..., Path]


def test_lookups_and_misses(db: Database, write_csv: WriteCsv, do_import: Importer) -> None:
    do_import(write_csv(HEADER, MILK, BANANAS, BEER))
    repo = CatalogRepository(db)
    assert repo.count() == 3
    assert repo.by_barcode("4006381333931").sku == "M1"  # type: ignore[union-attr]
    assert repo.by_plu("4011").sku == "B1"  # type: ignore[union-attr]
    assert repo.by_code("96385074").sku == "BEER1"  # type: ignore[union-attr]
    assert repo.by_code("4011").sku == "B1"  # type: ignore[union-attr]
    assert repo.by_code("BEER1").sku == "BEER1"  # type: ignore[union-attr]
    for miss in ("4006381333948", "9999", "nope", ""):
        assert repo.by_code(miss) is None
    assert repo.by_barcode("4011") is None
    assert repo.by_plu("M1") is None


def test_search_by_name_in_any_language(db: Database, write_csv: WriteCsv, do_import: Importer) -> None:
    do_import(write_csv(HEADER, MILK, BANANAS, BEER))
    repo = CatalogRepository(db)
    assert [p.sku for p in repo.search("Бан")] == ["B1"]
    assert [p.sku for p in repo.search("milk")] == ["M1"]
    assert [p.sku for p in repo.search("e", limit=2)] == ["B1", "M1"]  # ordered by name
    assert repo.search("%") == []
    [beer] = repo.search("Beer")
    assert set(beer.barcodes) == {"96385074", "036000291452"}


def test_a_running_repository_sees_a_later_import(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    repo = CatalogRepository(db)  # opened on an empty catalog, as a lane at start-up
    assert repo.by_barcode("4006381333931") is None
    do_import(write_csv(HEADER, MILK))
    assert repo.by_barcode("4006381333931") is not None
    do_import(write_csv(HEADER, MILK.replace("89.90", "79.90")))
    assert repo.by_barcode("4006381333931").unit_price == Money(7990, "RUB")  # type: ignore[union-attr]


def test_lookups_from_several_threads(db: Database, write_csv: WriteCsv, do_import: Importer) -> None:
    do_import(write_csv(HEADER, MILK, BANANAS, BEER))
    repo = CatalogRepository(db)
    failures: list[str] = []

    def scan() -> None:
        for _ in range(500):
            product = repo.by_code("4011")
            if product is None or product.sku != "B1":
                failures.append("wrong answer")

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    repo.close()


def test_a_upc_a_is_found_whether_scanned_with_12_or_13_digits(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    upc_a = with_check_digit("01234567890")
    do_import(write_csv(HEADER, BEER, f"COLA,0{upc_a},,Кола,Cola,1.00,each,22,0,,true,false,,false,Drinks"))
    repo = CatalogRepository(db)
    for scanned in ("036000291452", "0036000291452", "00036000291452"):
        assert repo.by_code(scanned).sku == "BEER1"  # type: ignore[union-attr]
    for scanned in (upc_a, f"0{upc_a}"):
        assert repo.by_barcode(scanned).sku == "COLA"  # type: ignore[union-attr]
    assert repo.by_sku("COLA").barcodes == (upc_a,)  # type: ignore[union-attr]


def test_search_ignores_letter_case_in_every_script(write_csv: WriteCsv, do_import: Importer) -> None:
    path = write_csv(HEADER, MILK, BANANAS, BEER)
    with Database.open("sqlite://") as memory:  # the Core path folds the same way as the file database
        do_import(path, memory)
        repo = CatalogRepository(memory)
        assert [p.sku for p in repo.search("бананы")] == ["B1"]
        assert [p.sku for p in repo.search("МОЛОКО")] == ["M1"]
        assert [p.sku for p in repo.search("bEER")] == ["BEER1"]
        assert repo.search("ё") == []


def test_the_warm_up_walks_every_tree_a_barcode_lookup_reads(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    """Barcode → sku (primary key), sku → all its barcodes (index), sku → product (primary key): a tree
    left out would be faulted in page by page during the first shoppers' scans."""
    do_import(write_csv(HEADER, MILK, BANANAS, BEER))
    conn = db.connect_sqlite(readonly=True)
    assert conn is not None
    roots = dict(conn.execute("SELECT name, rootpage FROM sqlite_master"))
    opened = {
        root
        for walk in WARM_WALKS
        for _, opcode, _, root, *_ in conn.execute(f"EXPLAIN {walk}")
        if opcode == "OpenRead"
    }
    assert opened == {roots["product_barcode"], roots["ix_product_barcode_sku"], roots["product"]}
    conn.close()
