"""Figures 2 and 3: product lookup on the 1M catalog, and the 1M-row import that builds it.

Child: ``python -m benchmarks.catalog_figures import CSV DB`` or ``… lookup DB ROWS LOOKUPS SEED``.
The import is timed once per run (it takes seconds, and its peak memory is reported too); the lookup times
``CatalogRepository.by_code`` — the call the lane makes on every scan — one call at a time, because a
shopper's scan is one lookup, not a batch.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path
from typing import Any

from benchmarks import dataset
from benchmarks.child import ChildFailed, emit, memory_kb, progress, run_child
from benchmarks.core import Figure, Outcome, Settings, Verdict
from benchmarks.stats import Distribution

IMPORT_TARGET_S = 10.0
LOOKUP_TARGET_US = 50.0
WARM_LOOKUPS = 10_000
MISSES = 10_000


def barcode_indices(rows: int, count: int, seed: int) -> list[int]:
    """Random synthetic rows a shopper can scan alone: every 100th row is loose produce without a barcode
    and every 97th is age-restricted (the lane refuses it until an attendant checks ID); both are skipped."""
    rng = random.Random(seed)
    picked: list[int] = []
    while len(picked) < count:
        i = rng.randrange(rows)
        if i % 100 and i % 97:
            picked.append(i)
    return picked


def _config() -> Any:
    from kiosk.cli import default_config_dir
    from kiosk.config import load_config

    return load_config(default_config_dir())


# -- child side ----------------------------------------------------------------------------------------------
def _child_import(csv_path: Path, db_path: Path) -> dict[str, Any]:
    from kiosk.catalog.importer import import_catalog_csv
    from kiosk.persistence import Database

    config = _config()
    if hasattr(os, "sched_setaffinity"):
        # The import is a batch job built to use every core (parallel validation); only the latency figures
        # are pinned to one CPU. ``kiosk catalog import`` runs unpinned the same way.
        os.sched_setaffinity(0, range(os.cpu_count() or 1))
    dataset.remove_db(db_path)
    database = Database.open(dataset.sqlite_url(db_path))
    progress(f"importing {csv_path.name} into a fresh database on {len(os.sched_getaffinity(0))} CPUs")
    started = time.perf_counter()
    report = import_catalog_csv(
        database,
        csv_path,
        currency=config.lane.currency,
        default_tax_rate=config.taxes.rate,
        default_weight_tol_g=config.taxes.default_weight_tol_g,
    )
    wall_s = time.perf_counter() - started
    database.close()
    return {
        "wall_s": wall_s,
        "report_s": report.seconds,
        "imported": report.imported,
        "barcodes": report.barcodes_written,
        "peak_rss_kb": memory_kb().get("VmHWM", 0),
        "db_bytes": db_path.stat().st_size,
    }


def _time_lookups(by_code: Any, codes: list[str], expect_hit: bool) -> list[float]:
    samples: list[float] = []
    clock = time.perf_counter
    for code in codes:
        t0 = clock()
        product = by_code(code)
        samples.append(clock() - t0)
        if (product is not None) != expect_hit:
            raise RuntimeError(f"lookup of {code} gave {product!r}")
    return samples


def _child_lookup(db_path: Path, rows: int, lookups: int, seed: int) -> dict[str, Any]:
    from kiosk.catalog.repository import CatalogRepository
    from kiosk.catalog.synthetic import synthetic_ean13
    from kiosk.persistence import Database

    database = Database.open(dataset.sqlite_url(db_path))
    started = time.perf_counter()
    repo = CatalogRepository(database)  # includes the repository's own start-up warm-up
    open_s = time.perf_counter() - started
    hits = [synthetic_ean13(i) for i in barcode_indices(rows, WARM_LOOKUPS + lookups, seed)]
    misses = [synthetic_ean13(rows + i) for i in range(MISSES)]  # valid EAN-13s beyond the catalog
    _time_lookups(repo.by_code, hits[:WARM_LOOKUPS], expect_hit=True)  # "warm": untimed first pass
    progress(f"timing {lookups:,} by_code hits and {MISSES:,} misses")
    hit_s = _time_lookups(repo.by_code, hits[WARM_LOOKUPS:], expect_hit=True)
    miss_s = _time_lookups(repo.by_code, misses, expect_hit=False)
    repo.close()
    database.close()
    return {
        "open_s": open_s,
        "hit_us": Distribution.of(hit_s).scaled(1e6).as_dict(),
        "miss_us": Distribution.of(miss_s).scaled(1e6).as_dict(),
    }


def child_main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    imp = sub.add_parser("import")
    imp.add_argument("csv", type=Path)
    imp.add_argument("db", type=Path)
    look = sub.add_parser("lookup")
    look.add_argument("db", type=Path)
    look.add_argument("rows", type=int)
    look.add_argument("lookups", type=int)
    look.add_argument("seed", type=int)
    args = parser.parse_args()
    if args.what == "import":
        emit(_child_import(args.csv, args.db))
    else:
        emit(_child_lookup(args.db, args.rows, args.lookups, args.seed))


# -- parent side ---------------------------------------------------------------------------------------------
IMPORT_NAME = "3. Catalog import, 1M rows"
LOOKUP_NAME = "2. Product lookup `by_code`, 1M catalog, warm"


def measure_import(settings: Settings, csv_path: Path, generated_s: float | None) -> Outcome:
    """Import the CSV into a fresh database; on success that database becomes the cached catalog."""
    target = f"≤ {IMPORT_TARGET_S:.0f} s"
    cached = dataset.catalog_db(settings.data_dir, settings.rows, settings.seed)
    fresh = cached.with_name("import-in-progress.sqlite3")
    try:
        result, _ = run_child("benchmarks.catalog_figures", ["import", str(csv_path), str(fresh)])
    except ChildFailed as exc:
        dataset.remove_db(fresh)
        return Outcome.failed("Catalog import", IMPORT_NAME, target, exc)
    dataset.promote(fresh, cached)
    wall = result["wall_s"]
    method = (
        f"`import_catalog_csv` of the synthetic {settings.rows:,}-row CSV "
        f"(`kiosk.catalog.synthetic`, {csv_path.stat().st_size / 1e6:.0f} MB) into a freshly migrated "
        "SQLite file (WAL, synchronous=FULL); wall clock around the call, one run, own process, on every CPU "
        "(the importer validates in parallel; the other figures stay pinned)"
    )
    details = [
        f"- wall time {wall:.2f} s (the importer's own `ImportReport.seconds`: {result['report_s']:.2f} s); "
        f"{result['imported']:,} products, {result['barcodes']:,} barcodes",
        f"- peak RSS of the importing process: {result['peak_rss_kb'] / 1024:.0f} MB; "
        f"database file {result['db_bytes'] / 1e6:.0f} MB",
        "- CSV generation: "
        + (f"{generated_s:.1f} s (this run)" if generated_s is not None else "cached (not regenerated)"),
    ]
    return Outcome(
        "Catalog import",
        [Figure(IMPORT_NAME, target, f"{wall:.2f} s", Verdict.of(wall <= IMPORT_TARGET_S), method)],
        details,
    )


def measure_lookup(settings: Settings, db_path: Path) -> Outcome:
    target = f"p99 ≤ {LOOKUP_TARGET_US:.0f} µs"
    args = [str(db_path), str(settings.rows), str(settings.lookups), str(settings.seed)]
    try:
        result, _ = run_child("benchmarks.catalog_figures", ["lookup", *args])
    except ChildFailed as exc:
        return Outcome.failed("Product lookup", LOOKUP_NAME, target, exc)
    hit = Distribution.from_dict(result["hit_us"])
    miss = Distribution.from_dict(result["miss_us"])
    method = (
        f"{hit.n:,} random barcodes present in the 1M catalog, one `perf_counter` pair per call, after "
        f"the repository's own warm-up and {WARM_LOOKUPS:,} untimed lookups"
    )
    details = [
        "| lookup | n | p50 | p90 | p99 | p99.9 | max |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {label} | {d.n:,} | {d.p50:.1f} µs | {d.p90:.1f} µs | {d.p99:.1f} µs | {d.p999:.1f} µs "
            f"| {d.max:.0f} µs |"
            for label, d in (("hit (barcode)", hit), ("miss (barcode, PLU, sku all tried)", miss))
        ),
        "",
        f"Opening `CatalogRepository` (prepares statements and walks the lookup indexes once, inside SQLite, "
        f"to warm the page cache) took {result['open_s']:.2f} s on the 1M catalog.",
    ]
    return Outcome(
        "Product lookup",
        [
            Figure(
                LOOKUP_NAME,
                target,
                f"p50 {hit.p50:.1f} µs, p99 {hit.p99:.1f} µs",
                Verdict.of(hit.p99 <= LOOKUP_TARGET_US),
                method,
            )
        ],
        details,
    )


if __name__ == "__main__":
    child_main()
