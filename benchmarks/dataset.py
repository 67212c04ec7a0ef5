"""The 1M-row catalog, generated once and cached under benchmarks/.data/ (git-ignored).

The CSV is keyed by row count, seed and a hash of the generator's source, so a change to
``kiosk.catalog.synthetic`` regenerates it instead of silently benchmarking stale data. The SQLite catalog is
whatever the last import figure produced (the import is measured on every run); ``--skip-import`` reuses it.
Benchmarks that write (the scan path journals every line) work on a copy, so the cache stays a clean catalog.
"""

from __future__ import annotations

import hashlib
import inspect
import shutil
import sqlite3
import time
from pathlib import Path

from kiosk.catalog import synthetic


def _key(rows: int, seed: int) -> str:
    source = inspect.getsource(synthetic).encode()
    return f"{rows}-s{seed}-{hashlib.sha256(source).hexdigest()[:10]}"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def remove_db(path: Path) -> None:
    """Delete a SQLite file together with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def catalog_csv(data_dir: Path, rows: int, seed: int) -> tuple[Path, float | None]:
    """The cached CSV and the seconds spent generating it now (``None`` when it came from the cache)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / f"catalog-{_key(rows, seed)}.csv"
    if path.is_file():
        return path, None
    for stale in data_dir.glob(f"catalog-{rows}-s{seed}-*.csv"):  # same size, older generator
        stale.unlink()
    partial = path.with_suffix(".csv.partial")
    started = time.perf_counter()
    synthetic.make_catalog_csv(partial, rows, seed=seed)
    partial.rename(path)
    return path, time.perf_counter() - started


def catalog_db(data_dir: Path, rows: int, seed: int) -> Path:
    """Where the imported catalog is cached (it may not exist yet)."""
    return data_dir / f"catalog-{_key(rows, seed)}.sqlite3"


def promote(fresh: Path, cached: Path) -> None:
    """Make a freshly imported database the cached catalog: fold the WAL in, then rename over the old one."""
    with sqlite3.connect(fresh) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    remove_db(cached)
    fresh.with_name(fresh.name + "-wal").unlink(missing_ok=True)
    fresh.with_name(fresh.name + "-shm").unlink(missing_ok=True)
    fresh.rename(cached)


def scratch_dir(data_dir: Path, name: str) -> Path:
    """An empty folder for one benchmark's databases (removed again by the caller)."""
    folder = data_dir / f"work-{name}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def lane_database(cached_catalog: Path, folder: Path) -> str:
    """A sales database URL in ``folder`` whose catalog (where the bootstrap looks for it) is a copy of the
    cached one. Asks ``kiosk.bootstrap.storage_urls`` where that is, so the benchmark follows the layout."""
    from sqlalchemy import make_url

    from kiosk.bootstrap import storage_urls
    from kiosk.cli import default_config_dir
    from kiosk.config import load_config

    sales_url, catalog_url = storage_urls(
        load_config(default_config_dir()), sqlite_url(folder / "kiosk.sqlite3")
    )
    shutil.copyfile(cached_catalog, str(make_url(catalog_url).database))
    return sales_url
