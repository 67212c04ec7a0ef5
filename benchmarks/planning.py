"""Figure 6: chunk planning of the 1M-row CSV, as is and with one stray quote.

Child: ``python -m benchmarks.planning CSV STRAY``. Before a parallel import the file is scanned for cuts on
line ends outside quoted fields (``plan_chunks``). A quote inside an unquoted field (``5" screen``) flips the
quote parity the scan relies on; that once made each candidate line end re-count the quotes of its whole
block, quadratic in the block: 12 s instead of 0.04 s on 15 MB. The figure times the scan of the clean file
and of a copy with a stray quote in its first data row (median of 5 scans each, in a fresh process), for the
same number of ranges the importer asks for on this machine. Target: the stray quote costs at most 2× the
clean scan and neither takes more than 1 s — planning stays linear whatever the quotes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks.child import ChildFailed, emit, run_child
from benchmarks.core import Figure, Outcome, Settings, Verdict, fmt_ms

PLAN_TARGET_S = 1.0
STRAY_FACTOR = 2.0
SCANS = 5
NAME = "6. Chunk planning, 1M-row CSV with a stray quote"


def stray_copy(csv_path: Path) -> Path:
    """The CSV with ``"`` added to the first data row's name (cached beside it, rebuilt if older)."""
    stray = csv_path.with_name(csv_path.stem + "-stray-quote.csv")
    if stray.is_file() and stray.stat().st_mtime >= csv_path.stat().st_mtime:
        return stray
    partial = stray.with_suffix(".partial")
    with csv_path.open("rb") as src, partial.open("wb") as out:
        out.write(src.readline())
        sku, name, rest = src.readline().split(b",", 2)
        out.write(b",".join([sku, name + b' 5" screen', rest]))
        while block := src.read(1 << 20):
            out.write(block)
    partial.replace(stray)
    return stray


def _child(csv_path: Path, stray: Path) -> dict[str, Any]:
    from kiosk.catalog.staging import _RANGES_PER_WORKER, plan_chunks

    parts = len(os.sched_getaffinity(0)) * _RANGES_PER_WORKER
    result: dict[str, Any] = {"parts": parts}
    for key, path in (("clean", csv_path), ("stray", stray)):
        seconds = []
        for _ in range(SCANS):
            started = time.perf_counter()
            chunks, _ = plan_chunks(path, parts)
            seconds.append(time.perf_counter() - started)
        result[key] = {"median_s": statistics.median(seconds), "chunks": len(chunks)}
    return result


def measure(settings: Settings, csv_path: Path) -> Outcome:
    target = f"stray ≤ {STRAY_FACTOR:.0f} × clean, both ≤ {PLAN_TARGET_S:.0f} s"
    try:
        result, _ = run_child("benchmarks.planning", [str(csv_path), str(stray_copy(csv_path))])
    except (ChildFailed, OSError, ValueError) as exc:
        return Outcome.failed("Chunk planning", NAME, target, exc)
    clean, stray = result["clean"]["median_s"], result["stray"]["median_s"]
    passed = stray <= STRAY_FACTOR * clean and max(clean, stray) <= PLAN_TARGET_S
    method = (
        f"`plan_chunks` into {result['parts']} ranges of the {settings.rows:,}-row CSV and of a copy with one "
        f'stray `"` in its first data row; median of {SCANS} scans each, own process'
    )
    details = [
        f"- clean file: {fmt_ms(clean)}, {result['clean']['chunks']} ranges; with the stray quote: "
        f"{fmt_ms(stray)}, {result['stray']['chunks']} ranges (a quote with no closing one near is taken as "
        "stray, so the file is still read in parallel)"
    ]
    return Outcome(
        "Chunk planning",
        [Figure(NAME, target, f"{fmt_ms(clean)} clean, {fmt_ms(stray)} stray", Verdict.of(passed), method)],
        details,
    )


def child_main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("csv", type=Path)
    parser.add_argument("stray", type=Path)
    args = parser.parse_args()
    emit(_child(args.csv, args.stray))


if __name__ == "__main__":
    child_main()
