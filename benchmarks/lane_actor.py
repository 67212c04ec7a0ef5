"""Figure 6: messages handled per second by the lane actor (transition table, parts, snapshot publication).

Child: ``python -m benchmarks.lane_actor MESSAGES``. The actor runs on its own thread, as in the app; one
producer thread posts the messages and the clock stops when :meth:`Lane.wait_idle` says every one is handled
(device commands included). The catalog and journal are in-memory stand-ins here, so the figure is the
actor's own cost — dispatch through the table, the handler, the snapshot, the publication — not SQLite's
(the scan-to-paint figure measures the whole path). Three mixes: scans into one growing basket (each adds a
line and publishes a snapshot), quiet ticks (nothing due: nothing published), and refused messages (a
``VoidLine`` of a line that does not exist: guard, rejection event, publication).

Target: ≥ 10,000 scans/s, i.e. ≤ 0.1 ms of the 8 ms p99 budget of a scan (issue 5) — far from it.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from typing import Any

from benchmarks.child import ChildFailed, emit, progress, run_child
from benchmarks.core import Figure, Outcome, Settings, Verdict

NAME = "L. Lane actor: messages handled per second"
TARGET_PER_S = 10_000


class _Catalog:
    def __init__(self) -> None:
        from kiosk.domain import Money, Product, TaxRate

        self._product = Product(
            sku="1", name="Milk", unit_price=Money.parse("89.90"), tax_rate=TaxRate.parse("10"),
            barcodes=("4600000000011",),
        )  # fmt: skip

    def by_code(self, code: str) -> Any:
        return self._product if code == "4600000000011" else None


class _Journal:
    """Accepts every write and keeps nothing (the figure is the actor's, not the database's)."""

    def open_sale(self, *args: object) -> None: ...
    def record_line(self, *args: object) -> None: ...
    def record_void(self, *args: object) -> None: ...
    def record_payment_intent(self, *args: object) -> None: ...
    def record_payment_result(self, *args: object, **kwargs: object) -> None: ...
    def close_sale(self, *args: object) -> None: ...
    def unfinished_sales(self) -> list[Any]:
        return []


def _child(count: int) -> dict[str, Any]:
    from kiosk.lane import messages as m
    from kiosk.lane.actor import Lane
    from kiosk.lane.clock import ManualClock
    from kiosk.lane.settings import LaneSettings
    from payments.tender import TenderRouter
    from payments.test_tender import InstantTestTender

    results: dict[str, float] = {}
    mixes = {
        "scan": lambda: m.BarcodeScanned("4600000000011"),
        "tick": m.Tick,
        "refused": lambda: m.VoidLine(10**9),
    }
    for label, make in mixes.items():
        lane = Lane(
            settings=LaneSettings(), catalog=_Catalog(), journal=_Journal(),  # type: ignore[arg-type]
            tenders=TenderRouter({"card": InstantTestTender()}), clock=ManualClock(datetime(2026, 6, 1)),
        )  # fmt: skip
        lane.recover()
        lane.start_thread()
        lane.post(m.DeviceAvailabilityChanged("scanner", True))
        lane.post(m.BarcodeScanned("4600000000011"))  # a sale is open: voids are refused by the guard
        lane.wait_idle(10)
        messages = [make() for _ in range(count)]
        progress(f"{label}: {count:,} messages")
        started = time.perf_counter()
        for message in messages:
            lane.post(message)
        if not lane.wait_idle(600):
            raise RuntimeError(f"{label}: the lane did not finish")
        results[label] = count / (time.perf_counter() - started)
        lane.stop()
    return results


def measure(settings: Settings) -> Outcome:
    count = max(1000, settings.lookups // 2)
    target = f"≥ {TARGET_PER_S:,} scans/s"
    try:
        result, _ = run_child("benchmarks.lane_actor", [str(count)])
    except ChildFailed as exc:
        return Outcome.failed("Lane actor throughput", NAME, target, exc)
    scans = result["scan"]
    details = [
        "| mix | messages/s | µs per message |",
        "|---|---|---|",
        *(f"| {k} | {v:,.0f} | {1e6 / v:.1f} |" for k, v in result.items()),
    ]
    method = (
        f"{count:,} messages of each mix posted from one thread to the threaded actor, timed until "
        "`wait_idle`; in-memory catalog and journal (the actor's own cost)"
    )
    return Outcome(
        "Lane actor throughput",
        [Figure(NAME, target, f"{scans:,.0f} scans/s", Verdict.of(scans >= TARGET_PER_S), method)],
        details,
    )


if __name__ == "__main__":
    emit(_child(int(sys.argv[1])))
