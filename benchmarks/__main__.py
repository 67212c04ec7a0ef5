"""``python -m benchmarks``: measure the kiosk's performance figures on this machine and write
docs/benchmarks.md.

Every figure runs in its own child process (see :mod:`benchmarks.child`), pinned like the rest of the run to
one CPU (as ``taskset -c N`` would; ``--no-pin`` to disable), headless (``QT_QPA_PLATFORM=offscreen``). The 1M-row
CSV is cached in benchmarks/.data/; the catalog database is rebuilt by the import figure on each run unless
``--skip-import`` reuses the cached one. Nothing here asserts: a missed target is reported, not raised.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from benchmarks import (
    camera_figures,
    catalog_figures,
    dataset,
    lane_actor,
    magellan_scan,
    planning,
    printer,
    report,
    scan_to_paint,
    startup,
    terminal,
)
from benchmarks.child import ROOT
from benchmarks.core import DATA_DIR, Outcome, Settings
from benchmarks.machine import machine_info

DEFAULT_OUTPUT = ROOT / "docs" / "benchmarks.md"


def _parse(argv: list[str]) -> tuple[Settings, argparse.Namespace]:
    defaults = Settings()
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=defaults.rows, help="catalog size (default 1,000,000)")
    parser.add_argument("--lookups", type=int, default=defaults.lookups, help="timed by_code calls")
    parser.add_argument("--samples", type=int, default=defaults.samples, help="scans per basket size")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(defaults.sizes),
        help="basket sizes (default 100 500 10000)",
    )
    parser.add_argument("--starts", type=int, default=defaults.starts, help="cold starts for the median")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--skip-import", action="store_true", help="reuse the cached catalog database (import not measured)"
    )
    parser.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: the last allowed)")
    parser.add_argument("--no-pin", action="store_true", help="do not pin to one CPU")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="markdown report path")
    args = parser.parse_args(argv)
    settings = Settings(
        rows=args.rows,
        seed=args.seed,
        lookups=args.lookups,
        samples=args.samples,
        sizes=tuple(args.sizes),
        starts=max(1, args.starts),
        skip_import=args.skip_import,
        data_dir=DATA_DIR,
    )
    return settings, args


def _pin(cpu: int | None, disabled: bool) -> int | None:
    """Pin this process (and so every child) to one CPU: steadier figures, and the kiosk's worst case."""
    if disabled or not hasattr(os, "sched_setaffinity"):
        return None
    chosen = cpu if cpu is not None else max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {chosen})
    return chosen


def _step(title: str) -> None:
    print(f"\n== {title}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    settings, args = _parse(sys.argv[1:] if argv is None else argv)
    pinned = _pin(args.cpu, args.no_pin)
    machine = machine_info(settings.data_dir if settings.data_dir.exists() else ROOT, pinned)
    for key, value in machine.items():
        print(f"{key + ':':<17} {value}")

    outcomes: list[Outcome] = []
    _step(f"catalog: {settings.rows:,}-row CSV (cached in {settings.data_dir.relative_to(ROOT)})")
    csv_path, generated_s = dataset.catalog_csv(settings.data_dir, settings.rows, settings.seed)
    cached_db = dataset.catalog_db(settings.data_dir, settings.rows, settings.seed)
    if not settings.skip_import or not cached_db.is_file():
        _step("3. catalog import")
        outcomes.append(catalog_figures.measure_import(settings, csv_path, generated_s))
    _step("6. chunk planning with a stray quote")
    outcomes.append(planning.measure(settings, csv_path))
    if cached_db.is_file():
        _step("2. product lookup")
        outcomes.append(catalog_figures.measure_lookup(settings, cached_db))
        _step("1. serial scan → row painted")
        outcomes.append(scan_to_paint.measure(settings, cached_db))
    _step("4./5. cold start and RSS of the demo")
    outcomes += startup.measure(settings)
    _step("camera scanner: read rates on the generated corpus, frames per second")
    outcomes.append(camera_figures.measure(settings))
    _step("P. receipt printer: bytes and time to the last byte, DLE EOT round trip")
    outcomes.append(printer.measure(settings))
    _step("Magellan S08 read → ScanReceived")
    outcomes.append(magellan_scan.measure(settings))
    _step("L. lane actor: messages handled per second")
    outcomes.append(lane_actor.measure(settings))
    _step("T. card terminal: ECR request → first byte on the wire, ZVT codec APDUs/s")
    outcomes.append(terminal.measure(settings))
    outcomes.sort(key=lambda outcome: outcome.figures[0].name)  # figure names start with their number

    elapsed = time.perf_counter() - started
    command = shlex.join([".venv/bin/python", "-m", "benchmarks", *(sys.argv[1:] if argv is None else argv)])
    report.write(args.output, report.render(machine, outcomes, command, elapsed))
    print("\n" + report.plain_summary([f for o in outcomes for f in o.figures]))
    print(f"\nwrote {args.output} ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
