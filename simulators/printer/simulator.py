"""An ESC/POS receipt printer at the other end of the wire (TCP like a LAN printer's port 9100, or a pty like
a USB-COM printer), with sensors and faults as data, its printed receipts as text and PNG, and a control port.

Real-time requests (``DLE EOT n``) are answered on the wire's I/O thread the moment they are tokenised, even
while the engine is held by paper-out or an open cover; everything else waits its turn in the engine.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from simulators.device import COMMON_HELP, SimulatedDevice, Transport
from simulators.printer.commands import DLE, ENQ, EOT, RealTime, Tokenizer
from simulators.printer.engine import Counters, Engine, PrinterFaults
from simulators.printer.paper import Receipt
from simulators.printer.status import Paper, PrinterState, real_time_status
from simulators.wire import NoHostError

_log = logging.getLogger(__name__)

HELP = (
    "PAPER OK|NEAR|OUT | COVER OPEN|CLOSED | OFFLINE ON|OFF | DRAWER OPEN|CLOSED | "
    "FAULT PAPER_OUT_AFTER <lines>|OFF | FAULT SLOW <ms per line>|OFF | FAULT MUTE ON|OFF | "
    f"RECEIPTS | LAST | SAVE <path.png> | STATUS | {COMMON_HELP}"
)


class ReceiptPrinterSimulator(SimulatedDevice):
    """The device side of ``drivers.printer.EscPosPrinter``. Thread-safe; ``control_port``: ``None`` none,
    ``0`` any free port. Status replies to a host that has gone are dropped, as on a real cable."""

    help_text = HELP

    def __init__(
        self,
        *,
        transport: Transport = "tcp",
        port: int = 0,
        faults: PrinterFaults | None = None,
        control_port: int | None = None,
        traffic_frames: int = 200,
    ) -> None:
        self._tokenizer = Tokenizer()
        self._connection_seen = 0
        self._real_time_answered = 0
        self._engine = Engine(self._reply, faults or PrinterFaults())
        super().__init__(
            transport=transport, port=port, control_port=control_port, traffic_frames=traffic_frames
        )

    # -- properties ----------------------------------------------------------------------------------
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

    def close(self) -> None:
        super().close()
        self._engine.stop()

    # -- wire (I/O thread) ---------------------------------------------------------------------------
    def on_receive(self, data: bytes) -> None:
        """Real-time requests are answered before this chunk returns, but after the chunk's buffered
        commands are queued, so whoever got the reply also finds those commands in the engine."""
        if self._wire.connections != self._connection_seen:  # a new host: a half command of the last is void
            self._connection_seen = self._wire.connections
            self._tokenizer = Tokenizer()
        tokens = self._tokenizer.feed(data)
        self._engine.enqueue([t for t in tokens if not isinstance(t, RealTime)])
        for token in tokens:
            if isinstance(token, RealTime):
                self._real_time(token)

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
            self.send(data)
        except NoHostError:
            _log.debug("printer simulator: status %s not sent, no host", data.hex(" "))

    # -- control line protocol -----------------------------------------------------------------------
    def dispatch(self, command: str, args: list[str]) -> str | None:
        words = [a.upper() for a in args]
        switch = {"ON": True, "OFF": False, "OPEN": True, "CLOSED": False}
        if command == "PAPER" and words and words[0] in ("OK", "NEAR", "OUT"):
            self.set_paper({"OK": Paper.OK, "NEAR": Paper.NEAR_END, "OUT": Paper.OUT}[words[0]])
        elif command == "COVER" and words and words[0] in ("OPEN", "CLOSED"):
            self.set_cover_open(switch[words[0]])
        elif command == "OFFLINE" and words and words[0] in ("ON", "OFF"):
            self.set_offline(switch[words[0]])
        elif command == "DRAWER" and words and words[0] in ("OPEN", "CLOSED"):
            self.set_drawer_open(switch[words[0]])
        elif command == "FAULT" and len(words) == 2:
            self.set_faults(self._fault(words[0], words[1]))
        elif command in ("RECEIPTS", "LAST", "SAVE", "STATUS"):
            return self._report(command, args)
        else:
            return None
        return "OK"

    def _report(self, command: str, args: list[str]) -> str:
        receipts = self.receipts
        if command == "RECEIPTS":
            return f"OK {len(receipts)}"
        if command == "LAST":
            if not receipts:
                return "ERR no receipt yet"
            return f"OK {' | '.join(line for line in receipts[-1].lines if line.strip())}"
        if command == "SAVE":
            last = receipts[-1] if receipts else self.tear_off()
            if last is None or len(args) != 1:
                return "ERR nothing printed yet" if last is None else "ERR usage: SAVE <path.png>"
            try:
                last.save_png(Path(args[0]))
            except OSError as exc:
                return f"ERR {exc}"
            return "OK"
        state, faults = self.state, self.faults
        return (
            f"OK connected={int(self.connected)} url={self.url} paper={state.paper} "
            f"cover_open={int(state.cover_open)} offline={int(state.offline)} receipts={len(receipts)} "
            f"paper_out_after={faults.paper_out_after_lines} slow_ms={faults.line_delay_s * 1000:g} "
            f"mute={int(faults.mute)}"
        )

    def _fault(self, name: str, value: str) -> PrinterFaults:
        faults = self.faults
        if name == "PAPER_OUT_AFTER":
            return dataclasses.replace(faults, paper_out_after_lines=None if value == "OFF" else int(value))
        if name == "SLOW":
            return dataclasses.replace(faults, line_delay_s=0.0 if value == "OFF" else int(value) / 1000)
        if name == "MUTE" and value in ("ON", "OFF"):
            return dataclasses.replace(faults, mute=value == "ON")
        raise ValueError(f"unknown fault {name!r}")
