"""Key events → barcodes: the keyboard-wedge decoder, pure and I/O-free (fed ``evdev.InputEvent`` objects).

Rules (devices.md §3.3): only ``EV_KEY`` presses count (``EV_SYN``/``EV_MSC`` and releases only update
modifier state); characters come from the *key code* through the layout table, with Shift and Caps Lock
(letters) and Num Lock (keypad digits); Enter ends the code; a gap longer than ``inter_key_timeout_s``
between presses ends a burst as a partial code. The GS (FNC1) key chord the scanner is programmed with
becomes ``\\x1d`` — GS1 and Chestny ZNAK codes need their separators. Timing uses the events' own kernel
timestamps, so the decoder is deterministic in tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Protocol

from drivers.hid_scanner.layouts import ALT, CAPS_LOCK, CTRL, KEYPAD, NUM_LOCK, SHIFT, TERMINATORS

EV_KEY: Final = 0x01  # linux/input-event-codes.h
KEY_UP, KEY_DOWN, KEY_REPEAT = 0, 1, 2
GS: Final = "\x1d"


class KeyEvent(Protocol):
    """What the decoder reads of an ``evdev.InputEvent``."""

    type: int
    code: int
    value: int

    def timestamp(self) -> float: ...


@dataclass(frozen=True, slots=True)
class WedgeKeymap:
    """How the scanner types: its layout table, the GS chord and the initial lock states."""

    table: Mapping[int, tuple[str, str]]
    gs_chord: tuple[frozenset[str], int]
    num_lock: bool = True
    max_length: int = 512


@dataclass(frozen=True, slots=True)
class TypedCode:
    text: str


@dataclass(frozen=True, slots=True)
class BadCode:
    code: str  # the ``ErrorOccurred.code``: "garbage_frame" (a key with no character), "partial_frame", …
    detail: str


Typed = TypedCode | BadCode


class KeyDecoder:
    """Feeds on key events, returns finished codes. Not thread-safe: owned by the device's worker."""

    def __init__(self, keymap: WedgeKeymap, inter_key_timeout_s: float) -> None:
        self._keymap = keymap
        self._timeout = inter_key_timeout_s
        self._held: set[int] = set()
        self._caps = False
        self._num = keymap.num_lock
        self._chars: list[str] = []
        self._bad: str | None = None
        self._last_press: float | None = None

    @property
    def pending(self) -> bool:
        return bool(self._chars) or self._bad is not None

    def feed(self, event: KeyEvent) -> list[Typed]:
        if event.type != EV_KEY:
            return []
        if event.value == KEY_UP:
            self._held.discard(event.code)
            return []
        if event.value != KEY_DOWN:  # auto-repeat: a wedge never holds a key; ignore it
            return []
        results: list[Typed] = []
        now = event.timestamp()
        if self._last_press is not None and now - self._last_press > self._timeout:
            results.extend(self.flush())
        self._last_press = now
        self._held.add(event.code)
        finished = self._press(event.code)
        if finished is not None:
            results.append(finished)
        return results

    def flush(self) -> list[Typed]:
        """End of a burst without Enter: what was typed is a partial code (nothing if nothing was)."""
        if not self.pending:
            return []
        typed = "".join(self._chars)
        self._reset()
        return [BadCode("partial_frame", f"no Enter after {len(typed)} characters")]

    def idle(self, now: float) -> list[Typed]:
        """Called when no event came for a while (``now`` on the events' clock)."""
        if self._last_press is not None and now - self._last_press > self._timeout:
            return self.flush()
        return []

    def _reset(self) -> None:
        self._chars.clear()
        self._bad = None

    def _modifiers(self) -> frozenset[str]:
        held = self._held
        return frozenset(
            kind for kind, codes in (("CTRL", CTRL), ("SHIFT", SHIFT), ("ALT", ALT)) if held & codes
        )

    def _press(self, code: int) -> Typed | None:
        if code in SHIFT or code in CTRL or code in ALT:
            return None
        if code == CAPS_LOCK:
            self._caps = not self._caps
            return None
        if code == NUM_LOCK:
            self._num = not self._num
            return None
        mods = self._modifiers()
        if (mods, code) == self._keymap.gs_chord:
            return self._add(GS)
        if code in TERMINATORS and not mods - {"SHIFT"}:
            return self._finish()
        char = self._char(code, mods)
        if char is None:
            self._bad = self._bad or f"key code {code} with {'+'.join(sorted(mods)) or 'no modifier'}"
            return None
        return self._add(char)

    def _char(self, code: int, mods: frozenset[str]) -> str | None:
        if mods - {"SHIFT"}:
            return None  # Ctrl/Alt chords other than GS type nothing printable
        if code in KEYPAD and code not in self._keymap.table:
            return KEYPAD[code] if self._num else None
        levels = self._keymap.table.get(code)
        if levels is None:
            return None
        plain, shifted = levels
        shift = "SHIFT" in mods
        if plain.isalpha() and self._caps:
            shift = not shift
        return shifted if shift else plain

    def _add(self, char: str) -> Typed | None:
        if len(self._chars) >= self._keymap.max_length:
            self._reset()
            self._bad = "oversize"
            return None
        self._chars.append(char)
        return None

    def _finish(self) -> Typed | None:
        typed, bad = "".join(self._chars), self._bad
        self._reset()
        self._last_press = None
        if bad == "oversize":
            return BadCode("oversize_frame", f"more than {self._keymap.max_length} characters before Enter")
        if bad is not None:
            return BadCode("garbage_frame", f"unmapped key: {bad} is not in the layout table")
        if not typed:
            return None  # a lone Enter (a trigger pull with nothing decoded): not a code
        return TypedCode(typed)
