"""A programmed serial barcode scanner at the other end of the wire, with faults as data and a control port.

Timing note for callers: pyserial discards unread input when it opens a port, so a frame written before the
driver has finished opening may be lost, exactly as with a real scanner. Wait for the driver's ONLINE status
(and :meth:`SerialScannerSimulator.wait_for_client`) before scanning.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
from dataclasses import dataclass
from typing import Literal, Self

from simulators.control import LineControlServer
from simulators.scanner.encoder import ScannerProgramming, encode_noise, encode_partial, encode_scan
from simulators.traffic import Direction, TrafficLog
from simulators.wire import NoHostError, PtyWire, TcpWire, Wire

_log = logging.getLogger(__name__)

Transport = Literal["tcp", "pty"]

HELP = (
    "SCAN <data> [SYMBOLOGY] | PARTIAL <data> [SYMBOLOGY] | GARBAGE | DISCONNECT | REFUSE ON|OFF | "
    "FAULT GARBAGE_EVERY|DROP_AFTER_SCANS <n>|OFF | STATUS | HELP  (data may use \\xHH escapes)"
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


def unescape(token: str) -> str:
    r"""``\xHH`` → that character, so a control line can carry GS (``\x1d``) or a space (``\x20``)."""
    return re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m[1], 16)), token)


class SerialScannerSimulator:
    """The device side of :class:`drivers.scanner.SerialScanner`, over TCP (``socket://``) or a pty.

    ``control_port``: ``None`` for no control server, ``0`` to pick a free port (see ``control_address``).
    All methods are thread-safe. Methods that write raise :class:`NoHostError` when no driver is connected.
    """

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
        self.traffic = TrafficLog(traffic_frames)
        self._lock = threading.Lock()
        self._scans = 0
        self._scans_on_connection = 0
        self._connection_seen = 0
        self._wire: Wire = (
            TcpWire(self._received, port=port) if transport == "tcp" else PtyWire(self._received)
        )
        self._control = (
            LineControlServer(self.execute, port=control_port) if control_port is not None else None
        )

    # -- properties ----------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """What the driver opens: ``socket://127.0.0.1:<port>`` or the pty path."""
        return self._wire.url

    @property
    def control_address(self) -> tuple[str, int] | None:
        return self._control.address if self._control is not None else None

    @property
    def connected(self) -> bool:
        return self._wire.connected

    @property
    def connections(self) -> int:
        return self._wire.connections

    @property
    def faults(self) -> ScannerFaults:
        return self._faults

    def set_faults(self, faults: ScannerFaults) -> None:
        with self._lock:
            self._faults = faults

    def wait_for_client(self, timeout_s: float = 5.0) -> bool:
        """True once a driver holds the port open; False on timeout."""
        return self._wire.wait_for_client(timeout_s)

    # -- the world -----------------------------------------------------------------------------------
    def scan(self, code: str, symbology: str = "EAN13") -> None:
        """A good read of ``code`` as ``[prefix][AIM id][data][suffix]``, subject to the configured faults."""
        frame = encode_scan(code, symbology, self.programming)
        with self._lock:
            if self._wire.connections != self._connection_seen:
                self._connection_seen = self._wire.connections
                self._scans_on_connection = 0
            self._scans += 1
            self._scans_on_connection += 1
            faults = self._faults
            if faults.garbage_every is not None and self._scans % faults.garbage_every == 0:
                frame = encode_noise(self.programming)
            self._send(frame)
            if faults.drop_after_scans is not None and self._scans_on_connection >= faults.drop_after_scans:
                self._wire.disconnect()

    def send_garbage(self, noise: bytes | None = None) -> None:
        """Line noise terminated by the suffix; the next good frame must still read."""
        with self._lock:
            self._send(
                encode_noise(self.programming) if noise is None else encode_noise(self.programming, noise)
            )

    def send_partial(self, code: str, symbology: str = "EAN13") -> None:
        """A frame without its suffix; the driver must drop it after its inter-character timeout."""
        with self._lock:
            self._send(encode_partial(code, symbology, self.programming))

    def disconnect(self) -> None:
        """Drop the driver's connection; keep listening so it can reconnect (unless refusing)."""
        self._wire.disconnect()

    def refuse_connections(self, refuse: bool) -> None:
        """While refusing, the port is absent: connects are refused (TCP) or the path is gone (pty)."""
        self._wire.refuse_connections(refuse)

    def close(self) -> None:
        if self._control is not None:
            self._control.close()
        self._wire.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _send(self, frame: bytes) -> None:
        self._wire.write(frame)
        self._log_frame(Direction.TO_HOST, frame)

    def _received(self, data: bytes) -> None:
        self._log_frame(Direction.TO_DEVICE, data)

    def _log_frame(self, direction: Direction, data: bytes) -> None:
        record = self.traffic.record(direction, data)
        _log.debug("%s %s", self.url, record.format())

    # -- control line protocol -----------------------------------------------------------------------
    def execute(self, line: str) -> str:
        """Run one control command; never raises (the reply says what went wrong)."""
        words = line.split()
        command, args = words[0].upper(), words[1:]
        try:
            return self._dispatch(command, args)
        except (ValueError, NoHostError) as exc:
            return f"ERR {exc}"

    def _dispatch(self, command: str, args: list[str]) -> str:
        if command in ("SCAN", "PARTIAL") and len(args) in (1, 2):
            code, symbology = unescape(args[0]), args[1] if len(args) == 2 else "EAN13"
            (self.scan if command == "SCAN" else self.send_partial)(code, symbology)
        elif command == "GARBAGE" and not args:
            self.send_garbage()
        elif command == "DISCONNECT" and not args:
            self.disconnect()
        elif command == "REFUSE" and len(args) == 1 and args[0].upper() in ("ON", "OFF"):
            self.refuse_connections(args[0].upper() == "ON")
        elif command == "FAULT" and len(args) == 2:
            self.set_faults(self._fault_from_words(args[0], args[1]))
        elif command == "STATUS" and not args:
            faults = self.faults
            return (
                f"OK connected={int(self.connected)} connections={self.connections} url={self.url} "
                f"garbage_every={faults.garbage_every} drop_after_scans={faults.drop_after_scans}"
            )
        elif command == "HELP":
            return f"OK {HELP}"
        else:
            return f"ERR bad command; {HELP}"
        return "OK"

    def _fault_from_words(self, name: str, value: str) -> ScannerFaults:
        field = name.lower()
        if field not in ("garbage_every", "drop_after_scans"):
            raise ValueError(f"unknown fault {name!r}")
        number = None if value.upper() == "OFF" else int(value)
        return dataclasses.replace(self.faults, **{field: number})
