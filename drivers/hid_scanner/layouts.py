"""Key codes and keyboard layout tables for a keyboard-wedge scanner, as frozen data (stdlib only).

Why our own table and not the host's keymap: a wedge sends *key codes* for the layout it was programmed for
(almost always US). On a host whose layout is Russian the same codes would be typed as Cyrillic by the
desktop, so the driver reads codes with evdev and maps them itself. The codes are the kernel's
(``linux/input-event-codes.h``; evdev's ``ecodes`` has the same numbers — a test checks that), kept here so
settings can be validated without importing evdev.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

KEY_CODES: Final = MappingProxyType(
    {
        "KEY_ESC": 1,
        **{f"KEY_{d}": 2 + i for i, d in enumerate("1234567890")},
        "KEY_MINUS": 12,
        "KEY_EQUAL": 13,
        "KEY_BACKSPACE": 14,
        "KEY_TAB": 15,
        **{f"KEY_{c}": 16 + i for i, c in enumerate("QWERTYUIOP")},
        "KEY_LEFTBRACE": 26,
        "KEY_RIGHTBRACE": 27,
        "KEY_ENTER": 28,
        "KEY_LEFTCTRL": 29,
        **{f"KEY_{c}": 30 + i for i, c in enumerate("ASDFGHJKL")},
        "KEY_SEMICOLON": 39,
        "KEY_APOSTROPHE": 40,
        "KEY_GRAVE": 41,
        "KEY_LEFTSHIFT": 42,
        "KEY_BACKSLASH": 43,
        **{f"KEY_{c}": 44 + i for i, c in enumerate("ZXCVBNM")},
        "KEY_COMMA": 51,
        "KEY_DOT": 52,
        "KEY_SLASH": 53,
        "KEY_RIGHTSHIFT": 54,
        "KEY_KPASTERISK": 55,
        "KEY_LEFTALT": 56,
        "KEY_SPACE": 57,
        "KEY_CAPSLOCK": 58,
        **{f"KEY_F{n}": 58 + n for n in range(1, 11)},
        "KEY_NUMLOCK": 69,
        "KEY_KP7": 71,
        "KEY_KP8": 72,
        "KEY_KP9": 73,
        "KEY_KPMINUS": 74,
        "KEY_KP4": 75,
        "KEY_KP5": 76,
        "KEY_KP6": 77,
        "KEY_KPPLUS": 78,
        "KEY_KP1": 79,
        "KEY_KP2": 80,
        "KEY_KP3": 81,
        "KEY_KP0": 82,
        "KEY_KPDOT": 83,
        "KEY_F11": 87,
        "KEY_F12": 88,
        "KEY_KPENTER": 96,
        "KEY_RIGHTCTRL": 97,
        "KEY_KPSLASH": 98,
        "KEY_RIGHTALT": 100,
    }
)
"""Key name → code, from linux/input-event-codes.h (the subset a barcode wedge uses)."""

SHIFT: Final = frozenset({42, 54})
CTRL: Final = frozenset({29, 97})
ALT: Final = frozenset({56, 100})
CAPS_LOCK: Final = 58
NUM_LOCK: Final = 69
TERMINATORS: Final = frozenset({28, 96})  # KEY_ENTER, KEY_KPENTER

US: Final = MappingProxyType(
    {
        **{KEY_CODES[f"KEY_{d}"]: (d, s) for d, s in zip("1234567890", "!@#$%^&*()", strict=True)},
        **{KEY_CODES[f"KEY_{c}"]: (c.lower(), c) for c in "QWERTYUIOPASDFGHJKLZXCVBNM"},
        12: ("-", "_"),
        13: ("=", "+"),
        26: ("[", "{"),
        27: ("]", "}"),
        39: (";", ":"),
        40: ("'", '"'),
        41: ("`", "~"),
        43: ("\\", "|"),
        51: (",", "<"),
        52: (".", ">"),
        53: ("/", "?"),
        57: (" ", " "),
        55: ("*", "*"),
        74: ("-", "-"),
        78: ("+", "+"),
        98: ("/", "/"),
    }
)
"""US layout: key code → (plain, with Shift). Letters follow Caps Lock as well as Shift."""

KEYPAD: Final = MappingProxyType(
    {71: "7", 72: "8", 73: "9", 75: "4", 76: "5", 77: "6", 79: "1", 80: "2", 81: "3", 82: "0", 83: "."}
)
"""Keypad keys that type digits only while Num Lock is on (some wedges send digits from the keypad)."""

LAYOUTS: Final = MappingProxyType({"us": US})
"""The layouts a scanner may be programmed for, by name; ``key_overrides`` adjusts one for a site."""

MODIFIER_NAMES: Final = MappingProxyType({"CTRL": CTRL, "SHIFT": SHIFT, "ALT": ALT})


def layout_table(name: str, overrides: Mapping[str, str] | None = None) -> dict[int, tuple[str, str]]:
    """The named layout with ``overrides`` (``{"KEY_Z": "yY"}``: plain then shifted character) applied."""
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout {name!r}; known: {', '.join(LAYOUTS)}")
    table = dict(LAYOUTS[name])
    for key, chars in (overrides or {}).items():
        if key not in KEY_CODES:
            raise ValueError(f"unknown key {key!r} (use names like KEY_Z)")
        if len(chars) != 2:
            raise ValueError(f"{key}: give two characters, plain then shifted, got {chars!r}")
        table[KEY_CODES[key]] = (chars[0], chars[1])
    return table


def parse_chord(text: str) -> tuple[frozenset[str], int]:
    """``"Ctrl+]"``, ``"F8"``, ``"Ctrl+Shift+KEY_5"`` → (modifier kinds, key code).

    The key is a key name (``KEY_F8`` or ``F8``) or a character of the US layout's plain level (``]``).
    """
    *mods, key = [part.strip() for part in text.split("+")] if text != "+" else ["+"]
    kinds = frozenset(m.upper() for m in mods)
    unknown = kinds - MODIFIER_NAMES.keys()
    if unknown or not key:
        raise ValueError(f"bad key chord {text!r}: modifiers are Ctrl, Shift, Alt; then one key")
    name = key.upper() if key.upper().startswith("KEY_") else f"KEY_{key.upper()}"
    if name in KEY_CODES:
        return kinds, KEY_CODES[name]
    by_char = {plain: code for code, (plain, _) in US.items()}
    if key in by_char:
        return kinds, by_char[key]
    raise ValueError(f"bad key chord {text!r}: unknown key {key!r}")
