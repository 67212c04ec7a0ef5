"""How a US-programmed keyboard wedge types a code: the input events it makes, and their bytes.

Written apart from the driver's decoder. Codes are the kernel's (linux/input-event-codes.h); each keystroke
is what a USB keyboard produces through evdev: ``EV_MSC/MSC_SCAN`` with the HID usage (HID Usage Tables,
Keyboard page 0x07), ``EV_KEY`` press, ``EV_SYN/SYN_REPORT``, then the same for the release.
The byte form is ``struct input_event`` for x86-64 Linux: ``<qqHHi`` (seconds, microseconds, type, code,
value), 24 bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

EV_SYN, EV_KEY, EV_MSC = 0x00, 0x01, 0x04
SYN_REPORT, MSC_SCAN = 0, 4
RECORD: Final = struct.Struct("<qqHHi")

LEFTSHIFT, LEFTCTRL, ENTER = 42, 29, 28

_ROWS: Final = (
    # (first key code, plain characters, shifted characters): the US keyboard rows
    (2, "1234567890-=", "!@#$%^&*()_+"),
    (16, "qwertyuiop[]", "QWERTYUIOP{}"),
    (30, "asdfghjkl;'`", 'ASDFGHJKL:"~'),
    (43, "\\zxcvbnm,./", "|ZXCVBNM<>?"),
)
STROKES: Final = MappingProxyType(
    {
        **{ch: (code + i, False) for code, plain, _ in _ROWS for i, ch in enumerate(plain)},
        **{ch: (code + i, True) for code, _, shifted in _ROWS for i, ch in enumerate(shifted)},
        " ": (57, False),
    }
)
"""Character → (key code, needs Shift) on a US layout."""

HID_USAGE: Final = MappingProxyType(
    {
        **{2 + i: 0x1E + i for i in range(10)},  # 1..9, 0
        **dict(zip((30, 48, 46, 32, 18, 33, 34, 35, 23, 36, 37, 38, 50), range(0x04, 0x11), strict=True)),
        **dict(zip((49, 24, 25, 16, 19, 31, 20, 22, 47, 17, 45, 21, 44), range(0x11, 0x1E), strict=True)),
        ENTER: 0x28,
        57: 0x2C,
        12: 0x2D,
        13: 0x2E,
        26: 0x2F,
        27: 0x30,
        43: 0x31,
        39: 0x33,
        40: 0x34,
        41: 0x35,
        51: 0x36,
        52: 0x37,
        53: 0x38,
        LEFTCTRL: 0xE0,
        LEFTSHIFT: 0xE1,
        **{58 + n: 0x39 + n for n in range(1, 11)},  # F1..F10
        87: 0x44,
        88: 0x45,  # F11, F12
    }
)
"""Key code → HID usage on the Keyboard page, sent as ``MSC_SCAN`` value ``0x70000 | usage``."""

GS_CHORDS: Final = MappingProxyType(
    {
        "ctrl+]": (LEFTCTRL, 27),
        **{f"f{n}": (None, 58 + n) for n in range(1, 11)},
        "f11": (None, 87),
        "f12": (None, 88),
    }
)
"""The GS key a scanner can be programmed to send: (modifier held or None, key code)."""

Event = tuple[int, int, int]  # (type, code, value)


@dataclass(frozen=True, slots=True)
class WedgeProgramming:
    gs_key: str = "ctrl+]"
    enter: bool = True  # send Enter after the code (the usual wedge suffix)
    aim_ids: bool = False  # type the AIM symbology identifier (``]E0`` …) before the code

    def __post_init__(self) -> None:
        if self.gs_key.lower() not in GS_CHORDS:
            raise ValueError(f"unknown GS key {self.gs_key!r}; known: {', '.join(GS_CHORDS)}")


def _stroke(code: int, modifier: int | None = None) -> list[Event]:
    def edge(key: int, value: int) -> list[Event]:
        return [(EV_MSC, MSC_SCAN, 0x70000 | HID_USAGE[key]), (EV_KEY, key, value), (EV_SYN, SYN_REPORT, 0)]

    held = edge(modifier, 1) if modifier is not None else []
    released = edge(modifier, 0) if modifier is not None else []
    return held + edge(code, 1) + edge(code, 0) + released


def keystrokes(code: str, programming: WedgeProgramming) -> list[Event]:
    """Every event for typing ``code`` (GS as the programmed chord), then Enter if programmed."""
    events: list[Event] = []
    for ch in code:
        if ch == "\x1d":
            modifier, key = GS_CHORDS[programming.gs_key.lower()]
            events += _stroke(key, modifier)
            continue
        try:
            key, shifted = STROKES[ch]
        except KeyError:
            raise ValueError(f"a US wedge cannot type {ch!r}") from None
        events += _stroke(key, LEFTSHIFT if shifted else None)
    if programming.enter:
        events += _stroke(ENTER)
    return events


def pack_events(events: list[Event], start_us: int, step_us: int) -> bytes:
    """``struct input_event`` records, the first at ``start_us`` microseconds, each ``step_us`` later."""
    out = bytearray()
    for i, (kind, code, value) in enumerate(events):
        sec, usec = divmod(start_us + i * step_us, 1_000_000)
        out += RECORD.pack(sec, usec, kind, code, value)
    return bytes(out)
