"""Catalog benchmark: import of a synthetic CSV (default 1,000,000 rows) and barcode lookup latency.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_catalog.py [--rows N] [--lookups N] [--import-only]``.
Reports figures; it asserts nothing (architecture §8). Peak RSS is reported for this process and, apart, for
the largest of the importer's worker processes.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from kiosk.catalog.importer import import_catalog_csv
from kiosk.catalog.repository import CatalogRepository
from kiosk.catalog.synthetic import make_catalog_csv, synthetic_ean13
from kiosk.domain import TaxRate
from kiosk.persistence import Database


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kB on Linux


def _percentile(sorted_us: list[float], q: float) -> float:
    return sorted_us[min(len(sorted_us) - 1, int(q * len(sorted_us)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=100_000)
    parser.add_argument("--import-only", action="store_true", help="time the imports, skip the lookups")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "catalog.csv"
        started = time.perf_counter()
        make_catalog_csv(csv_path, args.rows, seed=1)
        print(f"generated {args.rows:,} rows in {time.perf_counter() - started:.2f} s")
        db = Database.open(f"sqlite:///{tmp}/kiosk.sqlite3")
        for attempt in ("first import", "re-import"):
            report = import_catalog_csv(
                db, csv_path, currency="RUB", default_tax_rate=TaxRate.parse("22"), default_weight_tol_g=15
            )
            print(f"{attempt}: {report.imported:,} rows in {report.seconds:.2f} s")
        print(
            f"peak RSS: {_peak_mb(resource.RUSAGE_SELF):.0f} MB, "
            f"largest worker {_peak_mb(resource.RUSAGE_CHILDREN):.0f} MB"
        )
        if args.import_only:
            db.close()
            return
        repo = CatalogRepository(db)
        rng = random.Random(2)
        codes = [
            synthetic_ean13(i) for i in (rng.randrange(args.rows) for _ in range(args.lookups)) if i % 100
        ]
        timings: list[float] = []
        for code in codes:
            t0 = time.perf_counter()
            product = repo.by_barcode(code)
            timings.append((time.perf_counter() - t0) * 1e6)
            assert product is not None
        timings.sort()
        print(
            f"by_barcode over {len(timings):,} hits: p50 {statistics.median(timings):.1f} µs, "
            f"p99 {_percentile(timings, 0.99):.1f} µs, p99.9 {_percentile(timings, 0.999):.1f} µs"
        )
        repo.close()
        db.close()


if __name__ == "__main__":
    main()
