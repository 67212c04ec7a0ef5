"""Imports that are killed, or that meet another writer: no debris, no orphaned workers, no raw SQLite errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.catalog import importer
from kiosk.catalog.repository import CatalogRepository
from kiosk.catalog.synthetic import make_catalog_csv
from kiosk.catalog.writer import CatalogBusyError
from kiosk.persistence import Database, database
from tests.catalog.conftest import BANANAS, HEADER, MILK, Importer

WriteCsv = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[2]


def _gone(pid: int) -> bool:
    """Ended (a zombie awaiting its reaper counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] == "Z"
    except (FileNotFoundError, IndexError):
        return True


def _wait_until(check: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


POOL_OF_ONE = """
import multiprocessing, os, time
from concurrent.futures import ProcessPoolExecutor
from kiosk.catalog.staging import _init_worker
context = multiprocessing.get_context("spawn")
counter = context.Value("q", 0)
pool = ProcessPoolExecutor(1, mp_context=context, initializer=_init_worker, initargs=(counter, counter, os.getpid()))
print(pool.submit(os.getpid).result(), flush=True)
pool.submit(time.sleep, 600)
time.sleep(600)
"""


@pytest.mark.timeout(90)
def test_a_worker_dies_with_its_killed_parent(processes: list[subprocess.Popen[str]]) -> None:
    parent = _python(POOL_OF_ONE)
    processes.append(parent)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    assert not _gone(worker)  # busy with a 600 s task
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    assert _wait_until(lambda: _gone(worker)), "the worker outlived its killed parent"


IMPORT = """
import sys
from kiosk.catalog.importer import import_catalog_csv
from kiosk.domain import TaxRate
from kiosk.persistence import Database
db = Database.open(sys.argv[1])
import_catalog_csv(db, sys.argv[2], currency="RUB", default_tax_rate=TaxRate.parse("22"), default_weight_tol_g=15, workers=2)
"""


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().split(") ")[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


@pytest.mark.timeout(180)
def test_a_killed_import_leaves_the_catalog_and_its_debris_goes_at_the_next_import(
    db: Database,
    tmp_path: Path,
    write_csv: WriteCsv,
    do_import: Importer,
    processes: list[subprocess.Popen[str]],
) -> None:
    do_import(write_csv(HEADER, MILK, BANANAS))
    big = make_catalog_csv(tmp_path / "big.csv", 200_000, seed=5)
    assert db.sqlite_path is not None
    parent = _python(IMPORT, str(db.sqlite_path), str(big))
    processes.append(parent)
    folder = db.sqlite_path.parent
    assert _wait_until(lambda: any(folder.glob(".catalog-import-*/stage1.sqlite3")), 120)  # a worker reads
    workers = _children(parent.pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    assert _wait_until(lambda: all(map(_gone, workers))), "workers outlived the killed import"
    [debris] = folder.glob(".catalog-import-*")
    os.utime(debris)  # recent: only its unlocked owner file tells it from a starting import's folder
    assert CatalogRepository(db).count() == 2  # the old catalog, untouched
    do_import(write_csv(HEADER, MILK))
    assert list(folder.glob(".catalog-import-*")) == []


def test_a_live_imports_scratch_is_left_alone(db: Database, write_csv: WriteCsv, do_import: Importer) -> None:
    assert db.sqlite_path is not None
    with importer._scratch(db) as live:
        do_import(write_csv(HEADER, MILK))
        assert live.is_dir()
    assert not live.exists()


def test_old_debris_without_an_owner_file_is_removed(
    db: Database, write_csv: WriteCsv, do_import: Importer
) -> None:
    assert db.sqlite_path is not None
    old = db.sqlite_path.parent / ".catalog-import-old"
    old.mkdir()
    (old / "stage0.sqlite3").write_bytes(b"x" * 1000)
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    do_import(write_csv(HEADER, MILK))
    assert not old.exists()


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


@pytest.fixture
def hold_lock(
    db: Database, processes: list[subprocess.Popen[str]], monkeypatch: pytest.MonkeyPatch
) -> Callable[[float], subprocess.Popen[str]]:
    """Start a process that holds the catalog's write lock for that many seconds (busy timeout cut to 0.1 s)."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)

    def hold(seconds: float) -> subprocess.Popen[str]:
        assert db.sqlite_path is not None
        holder = _python(HOLD_LOCK, str(db.sqlite_path), str(seconds))
        processes.append(holder)
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        return holder

    return hold


@pytest.mark.timeout(60)
def test_an_import_waits_for_another_writer_then_names_it(
    write_csv: WriteCsv, do_import: Importer, hold_lock: Callable[[float], subprocess.Popen[str]]
) -> None:
    holder = hold_lock(600)
    notices: list[str] = []
    with pytest.raises(CatalogBusyError) as caught:
        do_import(write_csv(HEADER, MILK), notice=notices.append, lock_wait_s=0.5)
    assert len(notices) == 1 and "waiting up to" in notices[0]
    assert f"pid {holder.pid} (" in str(caught.value)
    assert "Nothing was imported" in str(caught.value)


@pytest.mark.timeout(60)
def test_an_import_gets_the_lock_once_the_other_writer_is_done(
    write_csv: WriteCsv, do_import: Importer, hold_lock: Callable[[float], subprocess.Popen[str]]
) -> None:
    hold_lock(1)
    notices: list[str] = []
    report = do_import(write_csv(HEADER, MILK), notice=notices.append, lock_wait_s=30)
    assert report.created == 1 and len(notices) == 1
