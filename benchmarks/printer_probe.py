"""Child of the receipt printer figures: the real ESC/POS driver against the printer simulator.

``python -m benchmarks.printer_probe SAMPLES``. Measures, for the 40-line sample receipt with its native QR
(``drivers.printer.sample``): the bytes on the wire (the job, its ``GS r 1``, and the ``DLE EOT 1–4`` status
check before it), the same receipt with the QR as a raster image for comparison, and — over TCP and a pty —
the time from ``print_receipt()`` to the simulator reading the job's last byte, and to ``OutputCompleted``
(the printer's confirmation). Also the ``DLE EOT`` round trip: one request written by pyserial to the
simulator and its one-byte reply read back, on both wires, and the driver's ``refresh_status`` (4 of them).
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

import serial

from benchmarks.child import emit, progress
from benchmarks.stats import Distribution
from drivers.base import DeviceEvent, OutputCompleted
from drivers.printer.escpos_printer import EscPosPrinter
from drivers.printer.render import GS_R_PAPER
from drivers.printer.sample import sample_receipt
from drivers.printer.settings import EscPosPrinterSettings
from simulators.printer import ReceiptPrinterSimulator

STATUS_CHECK_BYTES = 4 * 3  # DLE EOT 1, 2, 3, 4 before the job


class StampedSimulator(ReceiptPrinterSimulator):
    """Notes when the last chunk of bytes arrived, on the wire's I/O thread."""

    last_byte_at = 0.0

    def on_receive(self, data: bytes) -> None:
        self.last_byte_at = time.perf_counter()
        super().on_receive(data)


def image_qr_bytes() -> int:
    """The same receipt with python-escpos's default raster QR (what a naive renderer would send)."""
    from escpos.printer import Dummy

    from drivers.contracts import ReceiptCode, TextLine

    printer = Dummy(profile="TM-T88V")
    printer.charcode("CP866")
    for block in sample_receipt().blocks:
        if isinstance(block, TextLine):
            printer.textln(block.text)
        elif isinstance(block, ReceiptCode):
            printer.qr(block.data, native=False, size=6)
    printer.cut()
    return len(printer.output)


def print_times(transport: str, samples: int) -> dict[str, Any]:
    document = sample_receipt()
    with StampedSimulator(transport=transport) as sim:  # type: ignore[arg-type]
        printer = EscPosPrinter("printer", EscPosPrinterSettings(port=sim.url, poll_interval_s=0.5))
        done = threading.Event()
        completed_at = [0.0]

        def on_event(event: DeviceEvent) -> None:
            if isinstance(event, OutputCompleted):
                completed_at[0] = time.perf_counter()
                done.set()

        printer.subscribe(on_event)
        printer.start()
        last_byte, confirmed = [], []
        for i in range(samples + 1):
            done.clear()
            started = time.perf_counter()
            printer.print_receipt(f"bench-{i}", document)
            if not done.wait(30):
                raise TimeoutError("the simulator did not confirm a receipt")
            if i:  # the first job imports python-escpos and warms the caches: not measured
                last_byte.append(sim.last_byte_at - started)
                confirmed.append(completed_at[0] - started)
        printer.close()
    return {
        "last_byte": Distribution.of(last_byte).scaled(1000).as_dict(),
        "confirmed": Distribution.of(confirmed).scaled(1000).as_dict(),
    }


def round_trips(transport: str, samples: int) -> dict[str, Any]:
    with ReceiptPrinterSimulator(transport=transport) as sim:  # type: ignore[arg-type]
        port = serial.serial_for_url(sim.url, timeout=2)
        sim.wait_for_client(5)
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            port.write(b"\x10\x04\x01")
            if port.read(1) != b"\x12":
                raise RuntimeError("unexpected DLE EOT reply")
            times.append(time.perf_counter() - started)
        port.close()
        printer = EscPosPrinter("printer", EscPosPrinterSettings(port=sim.url, poll_interval_s=5))
        printer.start()
        refresh = []
        for _ in range(max(1, samples // 10)):
            started = time.perf_counter()
            if not printer.refresh_status().known:
                raise RuntimeError("no status from the simulator")
            refresh.append(time.perf_counter() - started)
        printer.close()
    return {
        "raw": Distribution.of(times).scaled(1000).as_dict(),
        "refresh": Distribution.of(refresh).scaled(1000).as_dict(),
    }


def main() -> None:
    samples = int(sys.argv[1])
    renderer = EscPosPrinter("printer", EscPosPrinterSettings(port="socket://127.0.0.1:9")).renderer
    job = len(renderer.render(sample_receipt())) + len(GS_R_PAPER)
    result: dict[str, Any] = {
        "job_bytes": job,
        "wire_bytes": job + STATUS_CHECK_BYTES,
        "image_bytes": image_qr_bytes(),
    }
    for transport in ("tcp", "pty"):
        progress(f"{transport}: {samples} receipts")
        result[f"print_{transport}"] = print_times(transport, samples)
        progress(f"{transport}: DLE EOT round trips")
        result[f"status_{transport}"] = round_trips(transport, samples * 20)
    emit(result)


if __name__ == "__main__":
    main()
