"""A programmed serial barcode scanner at the other end of the wire, with faults as data and a control port.

Timing note for callers: pyserial discards unread input when it opens a port, so a frame written before the
driver has finished opening may be lost, exactly as with a real scanner. Wait for the driver's ONLINE status
(and :meth:`SerialScannerSimulator.wait_for_client`) before scanning.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass

from simulators.device import COMMON_HELP, SimulatedDevice, Transport, unescape
from simulators.scanner.encoder import ScannerProgramming, encode_noise, encode_partial, encode_scan

__all__ = ["ScannerFaults", "SerialScannerSimulator", "Transport"]

HELP = (
    "SCAN <data> [SYMBOLOGY] | PARTIAL <data> [SYMBOLOGY] | GARBAGE | "
    f"FAULT GARBAGE_EVERY|DROP_AFTER_SCANS <n>|OFF | STATUS | {COMMON_HELP}  (data may use \\xHH escapes)"
)


@dataclass(frozen=True, slots=True)
class ScannerFaults:
    """Scripted faults. ``garbage_every=3``: every 3rd scan arrives as line noise instead (the read is lost).
    ``drop_after_scans=5``: the connection drops after the 5th scan on it (a loose cable); the next connection
    counts afresh; on a pty the hang-up may discard that last frame before the host reads it, as a USB unplug
    does. ``None`` switches a fault off."""

    garbage_every: int | None = None
    drop_after_scans: int | None = None

    def __post_init__(self) -> None:
        for name in ("garbage_every", "drop_after_scans"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name} must be >= 1 or None, got {value}")


class SerialScannerSimulator(SimulatedDevice):
    """The device side of :class:`drivers.scanner.SerialScanner`, over TCP (``socket://``) or a pty.

    ``control_port``: ``None`` for no control server, ``0`` to pick a free port (see ``control_address``).
    All methods are thread-safe. Methods that write raise :class:`NoHostError` when no driver is connected.
    """

    help_text = HELP

    def __init__(
        self,
        *,
        transport: Transport = "tcp",
        port: int = 0,
        programming: ScannerProgramming | None = None,
        faults: ScannerFaults | None = None,
        control_port: int | None = None,
        traffic_frames: int = 200,
    ) -> None:
        self.programming = programming or ScannerProgramming()
        self._faults = faults or ScannerFaults()
        self._lock = threading.Lock()
        self._scans = 0
        self._scans_on_connection = 0
        self._connection_seen = 0
        super().__init__(
            transport=transport, port=port, control_port=control_port, traffic_frames=traffic_frames
        )

    @property
    def faults(self) -> ScannerFaults:
        return self._faults

    def set_faults(self, faults: ScannerFaults) -> None:
        with self._lock:
            self._faults = faults

    # -- the world -----------------------------------------------------------------------------------
    def scan(self, code: str, symbology: str = "EAN13") -> None:
        """A good read of ``code`` as ``[prefix][AIM id][data][suffix]``, subject to the configured faults."""
        frame = encode_scan(code, symbology, self.programming)
        with self._lock:
            if self.connections != self._connection_seen:
                self._connection_seen = self.connections
                self._scans_on_connection = 0
            self._scans += 1
            self._scans_on_connection += 1
            faults = self._faults
            if faults.garbage_every is not None and self._scans % faults.garbage_every == 0:
                frame = encode_noise(self.programming)
            self.send(frame)
            if faults.drop_after_scans is not None and self._scans_on_connection >= faults.drop_after_scans:
                self.disconnect()

    def send_garbage(self, noise: bytes | None = None) -> None:
        """Line noise terminated by the suffix; the next good frame must still read."""
        with self._lock:
            self.send(
                encode_noise(self.programming) if noise is None else encode_noise(self.programming, noise)
            )

    def send_partial(self, code: str, symbology: str = "EAN13") -> None:
        """A frame without its suffix; the driver must drop it after its inter-character timeout."""
        with self._lock:
            self.send(encode_partial(code, symbology, self.programming))

    # -- control line protocol -----------------------------------------------------------------------
    def dispatch(self, command: str, args: list[str]) -> str | None:
        if command in ("SCAN", "PARTIAL") and len(args) in (1, 2):
            code, symbology = unescape(args[0]), args[1] if len(args) == 2 else "EAN13"
            (self.scan if command == "SCAN" else self.send_partial)(code, symbology)
        elif command == "GARBAGE" and not args:
            self.send_garbage()
        elif command == "FAULT" and len(args) == 2:
            self.set_faults(self._fault_from_words(args[0], args[1]))
        elif command == "STATUS" and not args:
            faults = self.faults
            return (
                f"OK connected={int(self.connected)} connections={self.connections} url={self.url} "
                f"garbage_every={faults.garbage_every} drop_after_scans={faults.drop_after_scans}"
            )
        else:
            return None
        return "OK"

    def _fault_from_words(self, name: str, value: str) -> ScannerFaults:
        field = name.lower()
        if field not in ("garbage_every", "drop_after_scans"):
            raise ValueError(f"unknown fault {name!r}")
        number = None if value.upper() == "OFF" else int(value)
        return dataclasses.replace(self.faults, **{field: number})
