"""Receipt printer figures: bytes on the wire and time to the last byte for the 40-line sample receipt with
its native QR, at 9600 baud and on TCP; the ``DLE EOT`` round trip.

Measured in a child (:mod:`benchmarks.printer_probe`) with the real ``EscPosPrinter`` driver and the printer
simulator, over TCP (a LAN printer's port 9100) and a pty (a USB-COM printer). A pty has no baud rate, so the
9600-baud figure is the measured software time on the pty plus the 8N1 wire time of every byte the driver
sends for the job (``DLE EOT 1–4`` check, the job, ``GS r 1``). Targets: the native-QR job at most half the
bytes of the same receipt with a raster-image QR (performance.md §8); at 9600 baud the receipt is on the wire
within the 10 s a shopper's attention lasts (performance.md §2); on TCP the last byte leaves within 50 ms
(p99); one ``DLE EOT`` round trip within 5 ms (p99), so a 4-request status poll stays under 20 ms.
"""

from __future__ import annotations

from benchmarks.child import ChildFailed, run_child
from benchmarks.core import Figure, Outcome, Settings, Verdict
from benchmarks.stats import Distribution

PROBE = "benchmarks.printer_probe"
BITS_PER_BYTE_8N1 = 10
BAUD = 9600
ATTENTION_S = 10.0
TCP_LAST_BYTE_P99_MS = 50.0
ROUND_TRIP_P99_MS = 5.0
NAMES = (
    "P1. Receipt printer: bytes on the wire (40-line receipt, native QR)",
    "P2. Receipt printer: time to the last byte at 9600 baud",
    "P3. Receipt printer: time to the last byte on TCP",
    "P4. Receipt printer: DLE EOT round trip",
)


def measure(settings: Settings) -> Outcome:
    samples = max(5, min(settings.samples, 50))
    try:
        result, _ = run_child(PROBE, [str(samples)], timeout_s=600)
    except ChildFailed as exc:
        return Outcome.failed("Receipt printer", NAMES[0], "see the printer section", exc)
    dist = {key: Distribution.from_dict(value) for key, value in _flatten(result).items()}
    wire_s = result["wire_bytes"] * BITS_PER_BYTE_8N1 / BAUD
    serial_s = wire_s + dist["print_pty.last_byte"].p50 / 1000
    tcp, rtt_tcp, rtt_pty = dist["print_tcp.last_byte"], dist["status_tcp.raw"], dist["status_pty.raw"]
    figures = [
        Figure(
            NAMES[0],
            "≤ ½ of the image-QR job",
            f"{result['wire_bytes']:,} B (image QR: {result['image_bytes']:,} B)",
            Verdict.of(2 * result["job_bytes"] <= result["image_bytes"]),
            "driver render + GS r 1 + DLE EOT 1–4, counted",
        ),
        Figure(
            NAMES[1],
            f"≤ {ATTENTION_S:.0f} s",
            f"{serial_s:.2f} s ({wire_s:.2f} s wire + {dist['print_pty.last_byte'].p50:.0f} ms software)",
            Verdict.of(serial_s <= ATTENTION_S),
            "8N1 wire time of every byte + p50 software time on a pty",
        ),
        Figure(
            NAMES[2],
            f"p99 ≤ {TCP_LAST_BYTE_P99_MS:.0f} ms",
            f"p50 {tcp.p50:.1f} ms, p99 {tcp.p99:.1f} ms",
            Verdict.of(tcp.p99 <= TCP_LAST_BYTE_P99_MS),
            f"print_receipt() → simulator reads the last byte, {tcp.n} receipts",
        ),
        Figure(
            NAMES[3],
            f"p99 ≤ {ROUND_TRIP_P99_MS:.0f} ms",
            f"TCP p50 {rtt_tcp.p50:.2f} / p99 {rtt_tcp.p99:.2f} ms; pty p50 {rtt_pty.p50:.2f} / p99 {rtt_pty.p99:.2f} ms",
            Verdict.of(max(rtt_tcp.p99, rtt_pty.p99) <= ROUND_TRIP_P99_MS),
            f"10 04 01 written, 1 byte read, {rtt_tcp.n} per wire",
        ),
    ]
    details = [
        "| wire | to last byte p50 / p99 | to confirmation (GS r) p50 / p99 | refresh_status p50 / p99 |",
        "|---|---|---|---|",
    ]
    for wire in ("tcp", "pty"):
        last, done, ref = (
            dist[f"{k}_{wire}.{v}"]
            for k, v in (("print", "last_byte"), ("print", "confirmed"), ("status", "refresh"))
        )
        details.append(
            f"| {wire} | {last.p50:.1f} / {last.p99:.1f} ms | {done.p50:.1f} / {done.p99:.1f} ms "
            f"| {ref.p50:.2f} / {ref.p99:.2f} ms |"
        )
    details.append(
        "The confirmation includes the simulator printing (rendering the receipt image); a real printer adds "
        "its paper speed: ~280 mm at 150–350 mm/s is 0.8–1.9 s (performance.md §8). "
        f"The job is {result['job_bytes']:,} bytes; at 38,400 baud (the shipped setting) its wire time is "
        f"{result['wire_bytes'] * BITS_PER_BYTE_8N1 / 38400:.2f} s."
    )
    return Outcome("Receipt printer", figures, details)


def _flatten(result: dict[str, object]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for key, value in result.items():
        if isinstance(value, dict):
            for sub, dist in value.items():
                out[f"{key}.{sub}"] = dist
    return out
