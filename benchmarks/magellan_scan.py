"""Figure: a Magellan ``S08`` read until the driver's ``ScanReceived``, with the scale polled on the same port.

Path: ``MagellanSimulator.scan`` encodes ``S08<label id><data>CR`` and writes it to its TCP socket → the
``MagellanLink`` worker reads, masks, decodes and routes it → ``MagellanScanner`` emits ``ScanReceived``. The
scale half is enabled too, so the port also carries its ``S14`` monitor polls (every 200 ms), as on a lane.
The clock starts just before ``scan`` and stops in the event listener (on the worker thread). TCP has no baud
delay, so this is the software latency; the 9600-baud 7O1 wire time of the frame (10 bits a character) is
reported beside it. Target: p50 ≤ 5 ms and p99 ≤ 16 ms of software on top of the wire (one 60 Hz frame).
Child: ``python -m benchmarks.magellan_scan SAMPLES``.
"""

from __future__ import annotations

import sys
import threading
import time

from benchmarks.child import emit, progress, run_child
from benchmarks.core import Figure, Outcome, Settings, Verdict
from benchmarks.stats import Distribution

P50_TARGET_MS = 5.0
P99_TARGET_MS = 16.0
LABEL = "4006381333931"
FRAME_BYTES = len(b"S08F") + len(LABEL) + 1
WIRE_MS = FRAME_BYTES * 10 / 9600 * 1000
NAME = "Magellan S08 → ScanReceived"
TARGET = f"p50 ≤ {P50_TARGET_MS:.0f} ms, p99 ≤ {P99_TARGET_MS:.0f} ms (+ wire)"


def _child(samples: int) -> None:
    from drivers.base import DeviceEvent
    from drivers.contracts import ScanReceived
    from drivers.registry import create
    from simulators.magellan import MagellanSimulator

    with MagellanSimulator() as sim:
        device = create("magellan", "scanner_scale", {"port": sim.url})
        arrived = threading.Event()

        def on_event(event: DeviceEvent) -> None:
            if isinstance(event, ScanReceived):
                arrived.set()

        device.subscribe(on_event)
        device.start()
        sim.wait_for_client(5.0)
        latencies: list[float] = []
        for i in range(samples + 20):
            arrived.clear()
            started = time.perf_counter()
            sim.scan(LABEL)
            if not arrived.wait(5.0):
                raise RuntimeError(f"scan {i} never arrived")
            if i >= 20:  # the first reads warm the caches and the poll rhythm
                latencies.append(time.perf_counter() - started)
            time.sleep(0.002)
            if i % 100 == 0:
                progress(f"{i} scans")
        device.close()
    emit({"latency": Distribution.of(latencies).scaled(1000).as_dict()})


def measure(settings: Settings) -> Outcome:
    title = "Magellan scanner-scale: S08 read → ScanReceived"
    try:
        result, _ = run_child("benchmarks.magellan_scan", [str(max(settings.samples, 100))], timeout_s=300)
    except Exception as exc:  # reported as not measured, never silently dropped
        return Outcome.failed(title, NAME, TARGET, exc)
    latency = Distribution.from_dict(result["latency"])
    passed = latency.p50 <= P50_TARGET_MS and latency.p99 <= P99_TARGET_MS
    figure = Figure(
        NAME,
        TARGET,
        f"p50 {latency.p50:.2f} ms, p99 {latency.p99:.2f} ms (+ {WIRE_MS:.1f} ms wire)",
        Verdict.of(passed),
        f"{latency.n} reads over TCP through the real driver, scale polled on the same port",
    )
    details = [
        __doc__.split("\n\n", 1)[0] if __doc__ else "",
        f"n = {latency.n}; p50 {latency.p50:.2f} ms, p90 {latency.p90:.2f} ms, p99 {latency.p99:.2f} ms, "
        f"max {latency.max:.2f} ms; wire time of the {FRAME_BYTES}-byte frame at 9600 7O1: {WIRE_MS:.1f} ms.",
    ]
    return Outcome(title, [figure], details)


if __name__ == "__main__":
    _child(int(sys.argv[1]))
