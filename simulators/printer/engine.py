"""The print engine: executes buffered ESC/POS commands in order, on its own thread, at the paper's pace.

It stops — holding the rest of the buffer, as an Epson printer does — while the printer is offline (cover
open, paper out, offline switch) and carries on when it is back, so a job's ``GS r`` reply comes only after
the job's lines really are on paper. Faults are data (:class:`PrinterFaults`).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from PIL import Image

from simulators.printer.commands import HT, LF, Command, Control, Text, Token
from simulators.printer.paper import DEFAULT_LINE_SPACING, Paper, Receipt, Style
from simulators.printer.status import Paper as PaperLevel
from simulators.printer.status import PrinterState, automatic_status, transmit_status

_log = logging.getLogger(__name__)

CODE_TABLES: Final = MappingProxyType(
    {
        0: "cp437",
        2: "cp850",
        3: "cp860",
        4: "cp863",
        5: "cp865",
        16: "cp1252",
        17: "cp866",
        18: "cp852",
        19: "cp858",
        34: "cp855",
        44: "cp1125",
        46: "cp1251",
        59: "cp866",
    }
)
"""``ESC t n`` → codec: the Epson "Select character code table" page (17 = PC866 Cyrillic #2, 46 = WPC1251,
44 = PC1125 Ukrainian, 34 = PC855). 59 is PC866 on several Xprinter/Rongta clones; other tables are not
simulated and print as ``?``."""

BARCODES: Final = MappingProxyType(
    {0: "UPCA", 2: "EAN13", 3: "EAN8", 4: "CODE39", 5: "ITF", 6: "CODABAR"}
    | {65: "UPCA", 67: "EAN13", 68: "EAN8", 69: "CODE39", 70: "ITF", 71: "CODABAR", 73: "CODE128"}
)
"""``GS k m`` → symbology (function A: 0–6, NUL-terminated; function B: 65–73, counted)."""

QR_LEVELS: Final = MappingProxyType({48: "L", 49: "M", 50: "Q", 51: "H"})


@dataclass(frozen=True, slots=True)
class PrinterFaults:
    """``paper_out_after_lines``: the roll runs out after that many more lines (then the fault clears itself;
    put paper back to go on). ``line_delay_s``: a slow mechanism, per line fed. ``mute``: the printer answers
    no status at all (a one-way cable, a spooler in between) — the driver must not take silence for OK."""

    paper_out_after_lines: int | None = None
    line_delay_s: float = 0.0
    mute: bool = False

    def __post_init__(self) -> None:
        if self.paper_out_after_lines is not None and self.paper_out_after_lines < 1:
            raise ValueError(f"paper_out_after_lines must be >= 1 or None, got {self.paper_out_after_lines}")
        if self.line_delay_s < 0:
            raise ValueError(f"line_delay_s must be >= 0, got {self.line_delay_s}")


@dataclass(slots=True)
class _QrSymbol:
    """The QR settings and stored data of ``GS ( k`` (Epson defaults: module 3 dots, level L)."""

    module: int = 3
    ec: str = "L"
    data: str = ""


@dataclass(slots=True)
class Counters:
    """UnifiedPOS POSPrinter statistics as the printer itself would keep them."""

    lines: int = 0
    characters: int = 0
    cuts: int = 0
    barcodes: int = 0
    drawer_kicks: int = 0
    unknown_commands: int = 0


class Engine:
    """``reply`` sends bytes to the host (GS r, ASB); ``changed`` is told when the state changed."""

    def __init__(self, reply: Callable[[bytes], None], faults: PrinterFaults) -> None:
        self._reply = reply
        self._cv = threading.Condition()
        self._queue: deque[Token] = deque()
        self._state = PrinterState()
        self._faults = faults
        self._lines_until_out = faults.paper_out_after_lines
        self._asb = False
        self._busy = False
        self._running = True
        self._style = Style()
        self._code_table = 0
        self._qr = _QrSymbol()
        self._bar = {"module": 3, "height": 162, "hri": 0}
        self.paper = Paper()
        self.receipts: list[Receipt] = []
        self.counters = Counters()
        self._thread = threading.Thread(target=self._run, name="sim-printer-engine", daemon=True)
        self._thread.start()

    # -- any thread ----------------------------------------------------------------------------------
    @property
    def state(self) -> PrinterState:
        return self._state

    @property
    def faults(self) -> PrinterFaults:
        return self._faults

    def set_faults(self, faults: PrinterFaults) -> None:
        with self._cv:
            self._faults = faults
            self._lines_until_out = faults.paper_out_after_lines
            self._cv.notify_all()

    def update_state(self, **changes: object) -> None:
        """Set sensors (``paper=Paper.OUT``, ``cover_open=True`` …); ASB reports the change if enabled."""
        with self._cv:
            before = self._state
            self._state = dataclasses.replace(self._state, **changes)  # type: ignore[arg-type]
            self._cv.notify_all()
            send = self._asb and self._state != before
        if send:
            self._send(automatic_status(self._state))

    def enqueue(self, tokens: Sequence[Token]) -> None:
        if not tokens:
            return
        with self._cv:
            self._queue.extend(tokens)
            self._cv.notify_all()

    def clear_buffer(self) -> None:
        """DLE ENQ 2 / a new connection's reset: drop what is not printed yet."""
        with self._cv:
            self._queue.clear()

    def wait_idle(self, timeout_s: float) -> bool:
        """True once every buffered command has been executed (False if stopped by paper out etc.)."""
        with self._cv:
            return self._cv.wait_for(lambda: not self._queue and not self._busy, timeout_s)

    def tear_off(self) -> Receipt | None:
        """The uncut paper as a receipt (a technician tearing it off), or None when nothing is printed."""
        with self._cv:
            if self.paper.blank:
                return None
            receipt = self.paper.tear_off()
            self.receipts.append(receipt)
            return receipt

    def stop(self) -> None:
        with self._cv:
            self._running = False
            self._cv.notify_all()
        self._thread.join(2.0)

    # -- engine thread -------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cv:
                self._busy = False
                self._cv.notify_all()
                self._cv.wait_for(lambda: not self._running or (self._queue and self._state.can_print))
                if not self._running:
                    return
                token = self._queue.popleft()
                self._busy = True
                try:
                    fed = self._execute(token)
                except Exception:  # a malformed command must not kill the printer; it misprints instead
                    _log.exception("printer simulator: cannot execute %r", token)
                    fed = 0
            if fed:
                self._after_lines(fed)

    def _after_lines(self, lines: int) -> None:
        """Pace the mechanism and run the paper-out fault, outside the lock so status stays answerable."""
        delay = self._faults.line_delay_s
        if delay:
            time.sleep(delay * lines)
        with self._cv:
            if self._lines_until_out is None:
                return
            self._lines_until_out -= lines
            if self._lines_until_out > 0:
                return
            self._lines_until_out = None
            self._faults = dataclasses.replace(self._faults, paper_out_after_lines=None)
        _log.info("printer simulator: paper ran out")
        self.update_state(paper=PaperLevel.OUT)

    def _send(self, data: bytes) -> None:
        if data and not self._faults.mute:
            self._reply(data)

    def _execute(self, token: Token) -> int:
        """Carry out one command; returns the number of lines it fed (for pacing and the paper-out fault)."""
        style = self._style
        if isinstance(token, Text):
            chars = token.data.decode(CODE_TABLES.get(self._code_table, "ascii"), errors="replace")
            self.paper.text(chars, style)
            self.counters.characters += len(chars)
            return 0
        if isinstance(token, Control):
            if token.code == LF:
                self.paper.newline(style)
                self.counters.lines += 1
                return 1
            if token.code == HT:
                self.paper.tab(style)
            return 0  # CR (no auto line feed) and FF (page mode only) print nothing
        assert isinstance(token, Command)
        handler = _HANDLERS.get(token.name)
        if handler is None:
            self.counters.unknown_commands += 1
            return 0
        return handler(self, token)

    def _set_style(self, **changes: object) -> int:
        self._style = dataclasses.replace(self._style, **changes)  # type: ignore[arg-type]
        return 0

    # -- command handlers ----------------------------------------------------------------------------
    def _initialise(self, _: Command) -> int:
        self._style, self._code_table = Style(), 0
        self._bar = {"module": 3, "height": 162, "hri": 0}
        return 0

    def _print_mode(self, c: Command) -> int:
        n = c.args[0]
        return self._set_style(
            font="B" if n & 0x01 else "A",
            bold=bool(n & 0x08),
            height=2 if n & 0x10 else 1,
            width=2 if n & 0x20 else 1,
            underline=1 if n & 0x80 else 0,
        )

    def _size(self, c: Command) -> int:
        n = c.args[0]
        return self._set_style(width=min((n >> 4) + 1, 8), height=min((n & 0x0F) + 1, 8))

    def _align(self, c: Command) -> int:
        return self._set_style(align={0: "left", 1: "center", 2: "right"}.get(c.args[0] % 48, "left"))

    def _feed_lines(self, c: Command) -> int:
        """ESC d n: print the buffer, then feed so that n lines in all were fed."""
        lines = c.args[0] or int(self.paper.pending)
        for _ in range(lines):
            self.paper.newline(self._style)
        self.counters.lines += lines
        return lines

    def _feed_dots(self, c: Command) -> int:
        self.paper.feed(c.args[0])
        return 0

    def _cut(self, c: Command) -> int:
        m = c.args[0]
        if m in (65, 66, 97, 98, 103, 104):
            self.paper.feed(c.args[1])
        self.receipts.append(self.paper.cut(partial=m in (1, 49, 66, 98, 104)))
        self.counters.cuts += 1
        return 0

    def _barcode(self, c: Command) -> int:
        kind = BARCODES.get(c.args[0])
        data = c.data.decode("ascii", errors="replace")
        if kind == "CODE128" and data[:1] == "{":
            data = data[2:]  # the code-set selector ({A, {B, {C); python-barcode picks its own
        if kind is None or not data:
            self.counters.unknown_commands += 1
            return 0
        self.counters.barcodes += 1
        self.paper.barcode(kind, data, style=self._style, **self._bar)
        return 1

    def _two_d(self, c: Command) -> int:
        """GS ( k for QR (cn = 49): 65 model, 67 module size, 69 error correction, 80 store, 81 print."""
        cn, fn, param = (c.data[0], c.data[1], c.data[2:]) if len(c.data) >= 3 else (0, 0, b"")
        if cn != 49:
            self.counters.unknown_commands += 1
            return 0
        if fn == 67:
            self._qr.module = max(1, min(param[0], 16))
        elif fn == 69:
            self._qr.ec = QR_LEVELS.get(param[0], "L")
        elif fn == 80:
            self._qr.data = param[1:].decode("utf-8", errors="replace")
        elif fn == 81 and self._qr.data:
            self.counters.barcodes += 1
            self.paper.qr(self._qr.data, self._qr.module, self._qr.ec, self._style)
            return 1
        return 0

    def _raster(self, c: Command) -> int:
        """GS v 0 m xL xH yL yH d…: MSB first, 1 = dot printed; m = 1/2/3 doubles width/height/both."""
        m, width, height = (
            c.args[1],
            int.from_bytes(c.args[2:4], "little"),
            int.from_bytes(c.args[4:6], "little"),
        )
        image = Image.frombytes("1", (width * 8, height), bytes(b ^ 0xFF for b in c.data))
        scale = (2 if m in (1, 49, 3, 51) else 1, 2 if m in (2, 50, 3, 51) else 1)
        if scale != (1, 1):
            image = image.resize((image.width * scale[0], image.height * scale[1]))
        self.paper.block(image, self._style)
        return 0

    def _status(self, c: Command) -> int:
        self._send(transmit_status(c.args[0], self._state))
        return 0

    def _auto_status(self, c: Command) -> int:
        self._asb = c.args[0] != 0
        if self._asb:
            self._send(automatic_status(self._state))
        return 0

    def _drawer(self, _: Command) -> int:
        self.counters.drawer_kicks += 1
        return 0

    def _code_table_select(self, c: Command) -> int:
        self._code_table = c.args[0]
        return 0


def _bar(key: str) -> Callable[[Engine, Command], int]:
    def handler(engine: Engine, c: Command) -> int:
        engine._bar[key] = c.args[0] % 48 if key == "hri" else c.args[0]
        return 0

    return handler


def _ignored(_: Engine, __: Command) -> int:
    return 0


_HANDLERS: Final[dict[bytes, Callable[[Engine, Command], int]]] = (
    {
        b"\x1b@": Engine._initialise,
        b"\x1b!": Engine._print_mode,
        b"\x1bE": lambda e, c: e._set_style(bold=bool(c.args[0] & 1)),
        b"\x1bG": lambda e, c: e._set_style(bold=bool(c.args[0] & 1)),
        b"\x1b-": lambda e, c: e._set_style(underline=c.args[0] % 48),
        b"\x1ba": Engine._align,
        b"\x1bM": lambda e, c: e._set_style(font="B" if c.args[0] % 48 == 1 else "A"),
        b"\x1bt": Engine._code_table_select,
        b"\x1bd": Engine._feed_lines,
        b"\x1bJ": Engine._feed_dots,
        b"\x1b2": lambda e, c: e._set_style(line_spacing=DEFAULT_LINE_SPACING),
        b"\x1b3": lambda e, c: e._set_style(line_spacing=c.args[0]),
        b"\x1bp": Engine._drawer,
        b"\x1d!": Engine._size,
        b"\x1dB": lambda e, c: e._set_style(invert=bool(c.args[0] & 1)),
        b"\x1dV": Engine._cut,
        b"\x1dk": Engine._barcode,
        b"\x1d(k": Engine._two_d,
        b"\x1dv0": Engine._raster,
        b"\x1dr": Engine._status,
        b"\x1da": Engine._auto_status,
        b"\x1dh": _bar("height"),
        b"\x1dw": _bar("module"),
        b"\x1dH": _bar("hri"),
    }
    | dict.fromkeys(
        (b"\x1bR", b"\x1bV", b"\x1b{", b"\x1b=", b"\x1b ", b"\x1bc", b"\x1d f", b"\x1df", b"\x1db", b"\x1dL"),
        _ignored,
    )
    | dict.fromkeys((b"\x1dW", b"\x1c.", b"\x1c&", b"\x1b%", b"\x1dP"), _ignored)
)
"""Command name → handler. Commands listed as ignored are understood (their length) but change nothing the
simulator renders (international set, rotation, margins, HRI font, smoothing)."""
