"""The printer's receive stage: split an ESC/POS byte stream into text runs and whole commands.

Written from the Epson ESC/POS Application Programming Guide / Command Reference, independently of
``drivers.printer``. Why a tokenizer in front of the print engine: a real printer recognises real-time
commands (``DLE EOT n``) as they *arrive*, even while the engine is stopped by paper-out or an open cover, yet
it must know where each command's parameters and counted data end, or a byte ``10 04 01`` inside a raster
image would be mistaken for a status request. So the tokenizer knows every command's length, answers nothing
itself, and hands ``RealTime`` tokens to the caller at once and everything else to the engine's queue.

Commands it does not know are reported as ``Command(b"?…")`` after their first two bytes, so the engine can
count them (a real printer would misprint, the simulator must not hang).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

DLE, ESC, GS, FS = 0x10, 0x1B, 0x1D, 0x1C
EOT, ENQ, DC4 = 0x04, 0x05, 0x14
LF, CR, HT, FF = 0x0A, 0x0D, 0x09, 0x0C


@dataclass(frozen=True, slots=True)
class Text:
    """Printable bytes in the current code table (decoded by the engine, which knows ``ESC t``)."""

    data: bytes


@dataclass(frozen=True, slots=True)
class Control:
    """A one-byte control: LF, CR, HT, FF."""

    code: int


@dataclass(frozen=True, slots=True)
class Command:
    """``name`` is the introducer (``b"\\x1ba"`` for ESC a, ``b"\\x1d(k"`` for GS ( k); ``args`` the fixed
    parameter bytes; ``data`` the counted or NUL-terminated payload (barcode data, raster, 2-D code)."""

    name: bytes
    args: bytes = b""
    data: bytes = b""


@dataclass(frozen=True, slots=True)
class RealTime:
    """``DLE EOT n`` (status), ``DLE ENQ n`` (recovery) or ``DLE DC4 fn m t`` (pulse / clear)."""

    name: bytes
    args: bytes


Token = Text | Control | Command | RealTime

Parse = Callable[[bytes, int], tuple[Token, int] | None]
"""Given the buffer and the offset just after the introducer, the token and its end, or None if incomplete."""


def _fixed(name: bytes, count: int) -> Parse:
    def parse(buf: bytes, at: int) -> tuple[Token, int] | None:
        if len(buf) < at + count:
            return None
        return Command(name, buf[at : at + count]), at + count

    return parse


def _counted(name: bytes, header: int, length: Callable[[bytes], int]) -> Parse:
    """``header`` parameter bytes, then ``length(header bytes)`` data bytes."""

    def parse(buf: bytes, at: int) -> tuple[Token, int] | None:
        if len(buf) < at + header:
            return None
        args = buf[at : at + header]
        end = at + header + length(args)
        if len(buf) < end:
            return None
        return Command(name, args, buf[at + header : end]), end

    return parse


def _le(data: bytes) -> int:
    return int.from_bytes(data, "little")


def _gs_v(buf: bytes, at: int) -> tuple[Token, int] | None:
    """GS V m [n]: function A (m = 0, 1, 48, 49) has no n; B, C, D (65, 66, 97, 98, 103, 104) have one."""
    if len(buf) < at + 1:
        return None
    count = 1 if buf[at] in (0, 1, 48, 49) else 2
    return _fixed(b"\x1dV", count)(buf, at)


def _gs_k(buf: bytes, at: int) -> tuple[Token, int] | None:
    """GS k m: function A (m = 0–6) data ends with NUL; function B (m = 65–79) has a length byte n."""
    if len(buf) < at + 1:
        return None
    m = buf[at]
    if m <= 6:
        end = buf.find(b"\x00", at + 1)
        if end < 0:
            return None
        return Command(b"\x1dk", bytes([m]), buf[at + 1 : end]), end + 1
    if len(buf) < at + 2 or len(buf) < at + 2 + buf[at + 1]:
        return None
    return Command(b"\x1dk", bytes([m]), buf[at + 2 : at + 2 + buf[at + 1]]), at + 2 + buf[at + 1]


def _esc_star(args: bytes) -> int:
    """ESC * m nL nH: n columns of 1 byte (8-dot modes 0, 1) or 3 bytes (24-dot modes 32, 33)."""
    return _le(args[1:3]) * (3 if args[0] >= 32 else 1)


def _gs_v0(args: bytes) -> int:
    """GS v 0 m xL xH yL yH: x bytes per row × y rows."""
    return _le(args[1:3]) * _le(args[3:5])


def _esc_c(buf: bytes, at: int) -> tuple[Token, int] | None:
    """ESC c 3 n / ESC c 4 n / ESC c 5 n: paper sensors and panel buttons, one selector and one value."""
    return _fixed(b"\x1bc", 2)(buf, at)


def _dle(buf: bytes, at: int) -> tuple[Token, int] | None:
    if len(buf) < at + 1:
        return None
    sub = buf[at]
    count = {EOT: 1, ENQ: 1, DC4: 3}.get(sub)
    if count is None:  # a lone DLE is not a command: print nothing, resynchronise on the next byte
        return Command(b"?\x10"), at
    if len(buf) < at + 1 + count:
        return None
    return RealTime(bytes([DLE, sub]), buf[at + 1 : at + 1 + count]), at + 1 + count


_ESC_FIXED: Final = MappingProxyType(
    {
        ord("@"): 0,  # initialise
        ord("!"): 1,  # print mode
        ord("E"): 1,  # emphasised
        ord("G"): 1,  # double-strike
        ord("-"): 1,  # underline
        ord("a"): 1,  # justification
        ord("M"): 1,  # character font
        ord("t"): 1,  # character code table
        ord("R"): 1,  # international character set
        ord("d"): 1,  # print and feed n lines
        ord("J"): 1,  # print and feed n dots
        ord("2"): 0,  # default line spacing
        ord("3"): 1,  # line spacing n dots
        ord("p"): 3,  # drawer kick m t1 t2
        ord("V"): 1,  # 90° rotation
        ord("{"): 1,  # upside-down
        ord("="): 1,  # select peripheral
        ord(" "): 1,  # right-side character spacing
        ord("$"): 2,  # absolute position
        ord("\\"): 2,  # relative position
        ord("i"): 0,  # partial cut (obsolete)
        ord("m"): 0,  # partial cut (obsolete)
        ord("%"): 1,  # user-defined characters on/off
    }
)
"""ESC x → parameter count (Epson ESC/POS Command Reference, one entry per command)."""

_GS_FIXED: Final = MappingProxyType(
    {
        ord("!"): 1,  # character size
        ord("B"): 1,  # white/black reverse
        ord("b"): 1,  # smoothing
        ord("h"): 1,  # bar code height
        ord("w"): 1,  # bar code module width
        ord("H"): 1,  # HRI position
        ord("f"): 1,  # HRI font
        ord("L"): 2,  # left margin
        ord("W"): 2,  # print area width
        ord("r"): 1,  # transmit status (buffered)
        ord("a"): 1,  # automatic status back
        ord("I"): 1,  # transmit printer id
        ord("P"): 2,  # motion units
    }
)
"""GS x → parameter count."""


def _table() -> dict[bytes, Parse]:
    table: dict[bytes, Parse] = {}
    for code, count in _ESC_FIXED.items():
        table[bytes([ESC, code])] = _fixed(bytes([ESC, code]), count)
    for code, count in _GS_FIXED.items():
        table[bytes([GS, code])] = _fixed(bytes([GS, code]), count)
    table[b"\x1b*"] = _counted(b"\x1b*", 3, _esc_star)
    table[b"\x1bc"] = _esc_c
    table[b"\x1dV"] = _gs_v
    table[b"\x1dk"] = _gs_k
    table[b"\x1dv"] = _counted(b"\x1dv0", 6, lambda a: _gs_v0(a[1:]) if a[:1] == b"0" else 0)
    table[b"\x1d("] = _counted(b"\x1d(", 3, lambda a: _le(a[1:3]))  # GS ( fn pL pH …
    table[b"\x1d8"] = _counted(b"\x1d8", 5, lambda a: _le(a[1:5]))  # GS 8 L p1..p4 …
    table[b"\x1c."] = _fixed(b"\x1c.", 0)  # cancel Kanji mode
    table[b"\x1c&"] = _fixed(b"\x1c&", 0)  # select Kanji mode
    return table


class Tokenizer:
    """Incremental: any chunking of the stream gives the same commands (a text run may come in pieces; the
    tests split one stream at every offset). Keeps only an incomplete command's bytes between calls."""

    def __init__(self) -> None:
        self._buf = b""
        self._table = _table()

    @property
    def pending(self) -> int:
        """Bytes of an incomplete command held back."""
        return len(self._buf)

    def feed(self, data: bytes) -> list[Token]:
        buf = self._buf + data
        at = 0
        out: list[Token] = []
        while at < len(buf):
            parsed = self._next(buf, at)
            if parsed is None:
                break
            token, at = parsed
            out.append(token)
        self._buf = buf[at:]
        return out

    def _next(self, buf: bytes, at: int) -> tuple[Token, int] | None:
        byte = buf[at]
        if byte >= 0x20:
            end = at + 1
            while end < len(buf) and buf[end] >= 0x20:
                end += 1
            return Text(buf[at:end]), end
        if byte in (LF, CR, HT, FF):
            return Control(byte), at + 1
        if byte == DLE:
            return _dle(buf, at + 1)
        if byte not in (ESC, GS, FS):
            return Command(b"?" + bytes([byte])), at + 1  # a stray control byte: skipped
        if len(buf) < at + 2:
            return None
        introducer = buf[at : at + 2]
        if introducer == b"\x1d(":  # GS ( k, GS ( L, GS ( E …: the name has 3 bytes
            parsed = self._table[introducer](buf, at + 2)
            if parsed is None:
                return None
            command, end = parsed
            assert isinstance(command, Command)
            return Command(b"\x1d(" + command.args[:1], command.args[1:], command.data), end
        parse = self._table.get(introducer)
        if parse is None:
            return Command(b"?" + introducer), at + 2
        return parse(buf, at + 2)
