"""The composition root and the CLI: storage layout, catalog import command, diagnostics, bad input."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.bootstrap import storage_urls
from kiosk.cli import main
from kiosk.config import load_config
from kiosk.domain import Line, Money, TaxRate
from kiosk.persistence import Database, SaleJournal

ROOT = Path(__file__).resolve().parents[2]


def test_sqlite_catalog_lives_beside_the_journal_and_servers_share_one_database(tmp_path: Path) -> None:
    config = load_config(None)
    sales, catalog = storage_urls(config, f"sqlite:///{tmp_path}/kiosk.db")
    assert catalog == f"sqlite:///{tmp_path}/catalog.sqlite3"
    assert storage_urls(config, "postgresql://kiosk@db/store") == ("postgresql://kiosk@db/store",) * 2
    explicit = load_config(None, {"storage": {"catalog_url": "sqlite:////srv/catalog.db"}})
    assert storage_urls(explicit, sales)[1] == "sqlite:////srv/catalog.db"


def test_a_long_catalog_write_does_not_block_the_sale_journal(tmp_path: Path) -> None:
    sales_url, catalog_url = storage_urls(load_config(None), f"sqlite:///{tmp_path}/kiosk.db")
    Database.open(catalog_url).close()
    importer = sqlite3.connect(tmp_path / "catalog.sqlite3", timeout=0)
    importer.execute("BEGIN IMMEDIATE")  # an import holding the catalog's write lock
    database = Database.open(sales_url)
    journal = SaleJournal(database, "lane-1")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    try:
        journal.open_sale("s1", "RUB", now)
        price = Money.parse("1.00")
        journal.record_line("s1", Line(1, "A", "a", None, 1, None, price, price, TaxRate.parse("22")), now)
        assert [len(s.lines) for s in journal.unfinished_sales()] == [1]
    finally:
        importer.rollback()
        importer.close()
        journal.close()
        database.close()


def test_catalog_import_command_all_or_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path}/catalog.db"
    good = tmp_path / "good.csv"
    good.write_text("sku,name,price,barcodes\nA1,Tea,1.50,4006381333931\n", encoding="utf-8")
    assert main(["catalog", "import", str(good), "--database", db, "--config", str(ROOT / "config")]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,name,price,barcodes\nA2,Coffee,2.00,4006381333932\nA3,Milk,-1,\n", encoding="utf-8")
    assert main(["catalog", "import", str(bad), "--database", db, "--config", str(ROOT / "config")]) == 2
    err = capsys.readouterr().err
    assert "Nothing imported" in err and "4006381333932" in err
    with sqlite3.connect(tmp_path / "catalog.db") as conn:
        assert [row[0] for row in conn.execute("SELECT sku FROM product")] == ["A1"]
    missing = [
        "catalog",
        "import",
        str(tmp_path / "nope.csv"),
        "--database",
        db,
        "--config",
        str(ROOT / "config"),
    ]
    assert main(missing) == 2
    assert "no such file" in capsys.readouterr().err


def test_bad_config_stops_with_file_key_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "lane.toml").write_text("[lane]\ncurrency = 5\n", encoding="utf-8")
    assert main(["diag", "--config", str(tmp_path)]) == 2
    assert "lane.toml: lane.currency:" in capsys.readouterr().err


@pytest.mark.expect_warnings("unavailable")
def test_diag_reports_each_device(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["diag", "--simulate", "--config", str(ROOT / "config")]) == 0
    report = json.loads(capsys.readouterr().out)
    scanner = report["devices"]["scanner"]
    assert scanner["power"] == "ONLINE" and scanner["health"]["ok"] is True
    assert scanner["info"]["category"] == "Scanner"
    assert "good_scans" in scanner["counters"]
    # Without the simulator the configured /dev/ttyACM0 is absent here: reported, not crashed.
    (tmp_path / "devices.toml").write_text(
        '[devices.scanner]\ndriver = "serial_scanner"\nport = "/dev/ttyKIOSK-missing"\n', encoding="utf-8"
    )
    assert main(["diag", "--config", str(tmp_path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["devices"]["scanner"]["power"] == "OFFLINE"
    assert report["devices"]["scanner"]["health"]["ok"] is False


@pytest.mark.expect_warnings("unavailable")
def test_diag_exits_1_naming_the_unplugged_device(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diag", "--simulate", "--unplug", "item_scale", "--config", str(ROOT / "config")]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["unhealthy"] == ["item_scale"]
    assert report["devices"]["item_scale"]["power"] == "OFFLINE"
    assert all(d["health"]["ok"] for name, d in report["devices"].items() if name != "item_scale")
    assert "kiosk diag: item_scale unhealthy: Internal HCheck: Failed" in captured.err


def test_diag_unplug_needs_simulate_and_a_known_role(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diag", "--unplug", "item_scale", "--config", str(ROOT / "config")]) == 2
    assert main(["diag", "--simulate", "--unplug", "toaster", "--config", str(ROOT / "config")]) == 2
    assert "no device role 'toaster'" in capsys.readouterr().err
