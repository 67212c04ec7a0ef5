"""What every wire-level simulator has in common: one wire (TCP or pty), a traffic log, a control port.

Why a base: the scanner, the light and the scanner-scale differ only in what they put on the wire and what
they make of what they receive. The plumbing — choosing the transport, logging every frame in the
diagnostics format, unplugging, refusing connections, the line-control server, the context manager — is the
same, and is written once here. A subclass implements :meth:`on_receive` and :meth:`dispatch`.
"""

from __future__ import annotations

import logging
import re
from typing import Literal, Self

from simulators.control import LineControlServer
from simulators.traffic import Direction, TrafficLog
from simulators.wire import NoHostError, PtyWire, TcpWire, Wire

_log = logging.getLogger(__name__)

Transport = Literal["tcp", "pty"]

COMMON_HELP = "DISCONNECT | UNPLUG | REPLUG | REFUSE ON|OFF | HELP"


def unescape(token: str) -> str:
    r"""``\xHH`` → that character, so a control line can carry GS (``\x1d``) or a space (``\x20``)."""
    return re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m[1], 16)), token)


class SimulatedDevice:
    """The device end of one wire. ``control_port``: ``None`` for no control server, ``0`` for a free port.

    Thread-safety: :meth:`on_receive` runs on the wire's I/O thread; everything else may be called from any
    thread. Methods that write raise :class:`NoHostError` when no host is connected.
    """

    help_text = COMMON_HELP

    def __init__(
        self,
        *,
        transport: Transport = "tcp",
        port: int = 0,
        control_port: int | None = None,
        traffic_frames: int = 200,
        no_delay: bool = False,
    ) -> None:
        """``no_delay``: see :class:`simulators.wire.TcpWire` (for devices the host polls)."""
        self.traffic = TrafficLog(traffic_frames)
        self._wire: Wire = (
            TcpWire(self._received, port=port, no_delay=no_delay)
            if transport == "tcp"
            else PtyWire(self._received)
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

    def wait_for_client(self, timeout_s: float = 5.0) -> bool:
        """True once a driver holds the port open; False on timeout."""
        return self._wire.wait_for_client(timeout_s)

    # -- the world -----------------------------------------------------------------------------------
    def disconnect(self) -> None:
        """Drop the driver's connection; keep listening so it can reconnect (unless refusing)."""
        self._wire.disconnect()

    def refuse_connections(self, refuse: bool) -> None:
        """While refusing, the port is absent: connects are refused (TCP) or the path is gone (pty)."""
        self._wire.refuse_connections(refuse)

    def unplug(self) -> None:
        """Pull the cable and keep it out: drop the host and refuse it until :meth:`replug`."""
        self.refuse_connections(True)
        self.disconnect()

    def replug(self) -> None:
        self.refuse_connections(False)

    def close(self) -> None:
        if self._control is not None:
            self._control.close()
        self._wire.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- wire ------------------------------------------------------------------------------------------
    def send(self, frame: bytes) -> None:
        """Put ``frame`` on the wire to the host, and in the traffic log."""
        self._wire.write(frame)
        self._log_frame(Direction.TO_HOST, frame)

    def _received(self, data: bytes) -> None:
        self._log_frame(Direction.TO_DEVICE, data)
        self.on_receive(data)

    def on_receive(self, data: bytes) -> None:
        """Bytes from the host, on the wire's I/O thread. Default: ignored (a receive-only device)."""

    def _log_frame(self, direction: Direction, data: bytes) -> None:
        record = self.traffic.record(direction, data)
        _log.debug("%s %s", self.url, record.format())

    # -- control line protocol -----------------------------------------------------------------------
    def execute(self, line: str) -> str:
        """Run one control command; never raises (the reply says what went wrong)."""
        words = line.split()
        command, args = words[0].upper(), words[1:]
        try:
            reply = self.dispatch(command, args)
            if reply is None:
                reply = self._dispatch_common(command, args)
        except (ValueError, NoHostError) as exc:
            return f"ERR {exc}"
        return reply if reply is not None else f"ERR bad command; {self.help_text}"

    def dispatch(self, command: str, args: list[str]) -> str | None:
        """The device's own commands: the reply line, or ``None`` when ``command`` is not one of them."""
        return None

    def _dispatch_common(self, command: str, args: list[str]) -> str | None:
        if command == "DISCONNECT" and not args:
            self.disconnect()
        elif command == "REFUSE" and len(args) == 1 and args[0].upper() in ("ON", "OFF"):
            self.refuse_connections(args[0].upper() == "ON")
        elif command == "UNPLUG" and not args:
            self.unplug()
        elif command == "REPLUG" and not args:
            self.replug()
        elif command == "HELP":
            return f"OK {self.help_text}"
        else:
            return None
        return "OK"
