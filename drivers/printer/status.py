"""Reading what an ESC/POS printer says about itself: ``DLE EOT n``, ``GS r n`` and Automatic Status Back.

Bit layouts from the Epson ESC/POS Command Reference (``DLE EOT``, ``GS r``, ``GS a``; devices.md §4.1–4.2).
python-escpos 3.1 decodes only ``DLE EOT 1`` and ``4`` and reports "paper OK" when nothing answers
(devices.md §4.3), so the driver decodes the bytes itself and keeps "no answer" apart as UNKNOWN.

Epson's "identifying transmitted data" rule tells the reply kinds apart without knowing what was asked:
``DLE EOT`` replies are ``0xx1xx10``, an ASB block starts ``0xx1xx00`` and has three more bytes ``0xx0xxxx``,
a ``GS r`` reply is ``0xx0xxxx``. XON/XOFF (0x11/0x13) from a serial printer's flow control are skipped.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ReplyKind(enum.Enum):
    REAL_TIME = "DLE EOT"
    TRANSMIT = "GS r"
    AUTOMATIC = "ASB"


@dataclass(frozen=True, slots=True)
class Reply:
    kind: ReplyKind
    data: bytes


XON, XOFF = 0x11, 0x13


class ReplyReader:
    """Splits the printer's byte stream into replies; keeps an incomplete ASB block between feeds."""

    def __init__(self) -> None:
        self._asb = b""

    def feed(self, data: bytes) -> list[Reply]:
        out: list[Reply] = []
        for byte in data:
            if self._asb:
                self._asb += bytes([byte])
                if len(self._asb) == 4:
                    out.append(Reply(ReplyKind.AUTOMATIC, self._asb))
                    self._asb = b""
            elif byte in (XON, XOFF):
                continue
            elif byte & 0x93 == 0x12:
                out.append(Reply(ReplyKind.REAL_TIME, bytes([byte])))
            elif byte & 0x93 == 0x10:
                self._asb = bytes([byte])
            elif byte & 0x90 == 0x00:
                out.append(Reply(ReplyKind.TRANSMIT, bytes([byte])))
            # anything else (bit 7 set) is line noise: dropped
        return out


@dataclass(frozen=True, slots=True)
class RealTimeFlags:
    """The facts in the four ``DLE EOT`` bytes (n = 1–4); see the Epson table for each bit."""

    offline: bool = False
    drawer_pin3_high: bool = False
    waiting_for_recovery: bool = False
    cover_open: bool = False
    stopped_by_paper_end: bool = False
    error: bool = False
    autocutter_error: bool = False
    unrecoverable_error: bool = False
    auto_recoverable_error: bool = False
    paper_near_end: bool = False
    paper_out: bool = False


def decode_real_time(replies: dict[int, int]) -> RealTimeFlags:
    """``replies`` maps n to the reply byte; a missing n leaves its facts False (the caller knows which
    it asked, and treats a missing answer as unknown before it gets here)."""
    p, o, e, r = (replies.get(n, 0x12) for n in (1, 2, 3, 4))
    return RealTimeFlags(
        drawer_pin3_high=bool(p & 0x04),
        offline=bool(p & 0x08),
        waiting_for_recovery=bool(p & 0x20),
        cover_open=bool(o & 0x04),
        stopped_by_paper_end=bool(o & 0x20),
        error=bool(o & 0x40),
        autocutter_error=bool(e & 0x08),
        unrecoverable_error=bool(e & 0x20),
        auto_recoverable_error=bool(e & 0x40),
        paper_near_end=bool(r & 0x0C),
        paper_out=bool(r & 0x60),
    )


def decode_automatic(block: bytes) -> RealTimeFlags:
    """The four ASB bytes: printer (drawer, offline, cover), errors (cutter, unrecoverable, auto-recoverable),
    paper (near end, end); the fourth byte carries nothing we use."""
    first, second, third = block[0], block[1], block[2]
    return RealTimeFlags(
        drawer_pin3_high=bool(first & 0x04),
        offline=bool(first & 0x08),
        cover_open=bool(first & 0x20),
        error=bool(second & 0x2C),
        autocutter_error=bool(second & 0x08),
        unrecoverable_error=bool(second & 0x20),
        auto_recoverable_error=bool(second & 0x40),
        paper_near_end=bool(third & 0x03),
        paper_out=bool(third & 0x0C),
        stopped_by_paper_end=bool(third & 0x0C),
    )
