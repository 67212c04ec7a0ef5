"""An ESC/POS receipt printer at the other end of the wire (TCP like a LAN printer's port 9100, or a pty like
a USB-COM printer), with sensors and faults as data, its printed receipts as text and PNG, and a control port.

Real-time requests (``DLE EOT n``) are answered on the wire's I/O thread the moment they are tokenised, even
while the engine is held by paper-out or an open cover; everything else waits its turn in the engine.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path
from typing import Literal, Self

from simulators.control import LineControlServer
from simulators.printer.commands import DLE, ENQ, EOT, RealTime, Tokenizer
from simulators.printer.engine import Counters, Engine, PrinterFaults
from simulators.printer.paper import Receipt
from simulators.printer.status import Paper, PrinterState, real_time_status
from simulators.traffic import Direction, TrafficLog
from simulators.wire import NoHostError, PtyWire, TcpWire, Wire

_log = logging.getLogger(__name__)

Transport = Literal["tcp", "pty"]

HELP = (
    "PAPER OK|NEAR|OUT | COVER OPEN|CLOSED | OFFLINE ON|OFF | DRAWER OPEN|CLOSED | "
    "FAULT PAPER_OUT_AFTER <lines>|OFF | FAULT SLOW <ms per line>|OFF | FAULT MUTE ON|OFF | "
    "DISCONNECT | REFUSE ON|OFF | RECEIPTS | LAST | SAVE <path.png> | STATUS | HELP"
)


class ReceiptPrinterSimulator:
    """The device side of ``drivers.printer.EscPosPrinter``. Thread-safe; methods that write raise
    :class:`NoHostError` when nothing is connected. ``control_port``: ``None`` none, ``0`` any free port."""

    def __init__(
        self,
        *,
        transport: Transport = "tcp",
        port: int = 0,
        faults: PrinterFaults | None = None,
        control_port: int | None = None,
        traffic_frames: int = 200,
    ) -> None:
        self.traffic = TrafficLog(traffic_frames)
        self._tokenizer = Tokenizer()
        self._connection_seen = 0
        self._real_time_answered = 0
        self._lock = threading.Lock()
        self._wire: Wire = (
            TcpWire(self._received, port=port) if transport == "tcp" else PtyWire(self._received)
        )
        self._engine = Engine(self._reply, faults or PrinterFaults())
        self._control = (
            LineControlServer(self.execute, port=control_port) if control_port is not None else None
        )

    # -- properties ----------------------------------------------------------------------------------
    @property
    def url(self) -> str:
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
    def state(self) -> PrinterState:
        return self._engine.state

    @property
    def faults(self) -> PrinterFaults:
        return self._engine.faults

    @property
    def counters(self) -> Counters:
        return dataclasses.replace(self._engine.counters)

    @property
    def real_time_answered(self) -> int:
        """How many DLE EOT requests were answered (not counting muted ones)."""
        return self._real_time_answered

    @property
    def receipts(self) -> list[Receipt]:
        """Every cut receipt so far, oldest first."""
        return list(self._engine.receipts)

    def wait_for_client(self, timeout_s: float = 5.0) -> bool:
        return self._wire.wait_for_client(timeout_s)

    def wait_idle(self, timeout_s: float = 5.0) -> bool:
        """True once everything received has been printed (False while stopped by paper out, cover …)."""
        return self._engine.wait_idle(timeout_s)

    def tear_off(self) -> Receipt | None:
        """What is printed since the last cut, as a receipt of its own (None when nothing is)."""
        return self._engine.tear_off()

    # -- the world -----------------------------------------------------------------------------------
    def set_paper(self, level: Paper) -> None:
        self._engine.update_state(paper=level)

    def set_cover_open(self, is_open: bool) -> None:
        self._engine.update_state(cover_open=is_open)

    def set_offline(self, offline: bool) -> None:
        self._engine.update_state(offline_switch=offline)

    def set_drawer_open(self, is_open: bool) -> None:
        self._engine.update_state(drawer_pin3_high=is_open)

    def set_faults(self, faults: PrinterFaults) -> None:
        self._engine.set_faults(faults)

    def disconnect(self) -> None:
        self._wire.disconnect()

    def refuse_connections(self, refuse: bool) -> None:
        self._wire.refuse_connections(refuse)

    def close(self) -> None:
        if self._control is not None:
            self._control.close()
        self._wire.close()
        self._engine.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- wire (I/O thread) ---------------------------------------------------------------------------
    def _received(self, data: bytes) -> None:
        self._log_frame(Direction.TO_DEVICE, data)
        if (
            self._wire.connections != self._connection_seen
        ):  # a new host: a half command from the last is void
            self._connection_seen = self._wire.connections
            self._tokenizer = Tokenizer()
        buffered = []
        for token in self._tokenizer.feed(data):
            if isinstance(token, RealTime):
                self._real_time(token)
            else:
                buffered.append(token)
        if buffered:
            self._engine.enqueue(buffered)

    def _real_time(self, token: RealTime) -> None:
        if token.name == bytes([DLE, EOT]):
            reply = real_time_status(token.args[0], self._engine.state)
            if reply and not self._engine.faults.mute:
                self._real_time_answered += 1
                self._reply(reply)
        elif token.name == bytes([DLE, ENQ]) and token.args[0] == 2:
            self._engine.clear_buffer()

    def _reply(self, data: bytes) -> None:
        try:
            self._wire.write(data)
        except NoHostError:
            _log.debug("printer simulator: status %s not sent, no host", data.hex(" "))
            return
        self._log_frame(Direction.TO_HOST, data)

    def _log_frame(self, direction: Direction, data: bytes) -> None:
        record = self.traffic.record(direction, data[:64])
        _log.debug("%s %s", self.url, record.format())

    # -- control line protocol -----------------------------------------------------------------------
    def execute(self, line: str) -> str:
        """Run one control command; never raises (the reply says what went wrong)."""
        words = line.split()
        try:
            return self._dispatch(words[0].upper(), [w.upper() for w in words[1:]], words[1:])
        except (ValueError, OSError) as exc:
            return f"ERR {exc}"

    def _dispatch(self, command: str, args: list[str], raw: list[str]) -> str:
        switch = {"ON": True, "OFF": False, "OPEN": True, "CLOSED": False}
        if command == "PAPER" and args and args[0] in ("OK", "NEAR", "OUT"):
            self.set_paper({"OK": Paper.OK, "NEAR": Paper.NEAR_END, "OUT": Paper.OUT}[args[0]])
        elif command == "COVER" and args and args[0] in ("OPEN", "CLOSED"):
            self.set_cover_open(switch[args[0]])
        elif command == "OFFLINE" and args and args[0] in ("ON", "OFF"):
            self.set_offline(switch[args[0]])
        elif command == "DRAWER" and args and args[0] in ("OPEN", "CLOSED"):
            self.set_drawer_open(switch[args[0]])
        elif command == "FAULT" and len(args) == 2:
            self.set_faults(self._fault(args[0], args[1]))
        elif command == "DISCONNECT" and not args:
            self.disconnect()
        elif command == "REFUSE" and args and args[0] in ("ON", "OFF"):
            self.refuse_connections(switch[args[0]])
        elif command == "RECEIPTS":
            return f"OK {len(self.receipts)}"
        elif command == "LAST":
            last = self.receipts[-1] if self.receipts else None
            return (
                f"OK {' | '.join(line for line in last.lines if line.strip())}"
                if last
                else "ERR no receipt yet"
            )
        elif command == "SAVE" and len(raw) == 1:
            last = self.receipts[-1] if self.receipts else self.tear_off()
            if last is None:
                return "ERR nothing printed yet"
            last.save_png(Path(raw[0]))
        elif command == "STATUS":
            state, faults = self.state, self.faults
            return (
                f"OK connected={int(self.connected)} url={self.url} paper={state.paper} "
                f"cover_open={int(state.cover_open)} offline={int(state.offline)} receipts={len(self.receipts)} "
                f"paper_out_after={faults.paper_out_after_lines} slow_ms={faults.line_delay_s * 1000:g} "
                f"mute={int(faults.mute)}"
            )
        elif command == "HELP":
            return f"OK {HELP}"
        else:
            return f"ERR bad command; {HELP}"
        return "OK"

    def _fault(self, name: str, value: str) -> PrinterFaults:
        faults = self.faults
        if name == "PAPER_OUT_AFTER":
            return dataclasses.replace(faults, paper_out_after_lines=None if value == "OFF" else int(value))
        if name == "SLOW":
            return dataclasses.replace(faults, line_delay_s=0.0 if value == "OFF" else int(value) / 1000)
        if name == "MUTE" and value in ("ON", "OFF"):
            return dataclasses.replace(faults, mute=value == "ON")
        raise ValueError(f"unknown fault {name!r}")
