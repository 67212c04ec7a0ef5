"""The keyboard-wedge decoder fed with real ``evdev.InputEvent`` sequences (the transport seam's input).

Codes are linux/input-event-codes.h values, written as numbers on purpose: EV_KEY = 0x01, EV_SYN = 0x00,
EV_MSC = 0x04; KEY_1..KEY_0 = 2..11, KEY_Q = 16, KEY_A = 30, KEY_Z = 44, KEY_LEFTSHIFT = 42,
KEY_LEFTCTRL = 29, KEY_RIGHTBRACE = 27, KEY_ENTER = 28, KEY_CAPSLOCK = 58, KEY_F8 = 66, KEY_KP1 = 79.
"""

from __future__ import annotations

import evdev
import pytest

from drivers.hid_scanner.events import EventStreamDecoder
from drivers.hid_scanner.keys import GS, BadCode, KeyDecoder, TypedCode, WedgeKeymap
from drivers.hid_scanner.layouts import KEY_CODES, layout_table, parse_chord

SHIFT, CTRL, ENTER, CAPS = 42, 29, 28, 58
DIGIT = {str((i + 1) % 10): 2 + i for i in range(10)}  # KEY_1 = 2 … KEY_9 = 10, KEY_0 = 11


class Typist:
    """Builds InputEvent sequences the way the kernel reports a USB keyboard (key, then SYN_REPORT)."""

    def __init__(self, start_s: float = 1_000.0, step_s: float = 0.002) -> None:
        self.t = start_s
        self.step = step_s
        self.events: list[evdev.InputEvent] = []

    def _add(self, kind: int, code: int, value: int) -> None:
        sec, usec = divmod(round(self.t * 1_000_000), 1_000_000)
        self.events.append(evdev.InputEvent(sec, usec, kind, code, value))

    def key(self, code: int, *held: int) -> Typist:
        for mod in held:
            self._add(0x01, mod, 1)
        self._add(0x04, 4, 0x70000)  # EV_MSC/MSC_SCAN precedes the key (value not used by the driver)
        self._add(0x01, code, 1)
        self._add(0x00, 0, 0)
        self.t += self.step
        self._add(0x01, code, 0)
        for mod in reversed(held):
            self._add(0x01, mod, 0)
        self._add(0x00, 0, 0)
        return self

    def digits(self, text: str) -> Typist:
        for ch in text:
            self.key(DIGIT[ch])
        return self

    def pause(self, seconds: float) -> Typist:
        self.t += seconds
        return self


def decoder(gs: str = "Ctrl+]", **overrides: str) -> KeyDecoder:
    keymap = WedgeKeymap(layout_table("us", overrides), parse_chord(gs))
    return KeyDecoder(keymap, inter_key_timeout_s=0.05)


def run(dec: KeyDecoder, typist: Typist) -> list[object]:
    return [result for event in typist.events for result in dec.feed(event)]


def test_digits_end_on_enter() -> None:
    assert run(decoder(), Typist().digits("4006381333931").key(ENTER)) == [TypedCode("4006381333931")]


def test_shift_and_caps_lock_by_key_code() -> None:
    # Shift+A, a, Caps Lock, a, Shift+A: "AaAa" — host keyboard layout plays no part (a Russian desktop
    # would have typed Cyrillic for the same codes; the driver never asks it).
    typist = Typist().key(30, SHIFT).key(30).key(CAPS).key(30).key(30, SHIFT).key(ENTER)
    assert run(decoder(), typist) == [TypedCode("AaAa")]


@pytest.mark.parametrize(("chord", "keys"), [("Ctrl+]", (27, CTRL)), ("F8", (66,))])
def test_gs_chord_becomes_group_separator(chord: str, keys: tuple[int, ...]) -> None:
    # Chestny ZNAK DataMatrix: 01 GTIN 21 serial <GS> 91 key <GS> 92 crypto tail
    typist = Typist().digits("010460043993125621").key(30, SHIFT).key(*keys).digits("91").key(ENTER)
    assert run(decoder(chord), typist) == [TypedCode(f"010460043993125621A{GS}91")]


def test_layout_override_maps_codes_differently() -> None:
    # A scanner programmed for German QWERTZ sends KEY_Z (44) for "y"
    assert run(decoder(KEY_Z="yY"), Typist().key(44).key(ENTER)) == [TypedCode("y")]


def test_keypad_digits_follow_num_lock() -> None:
    assert run(decoder(), Typist().key(79).key(ENTER)) == [TypedCode("1")]
    (bad,) = run(decoder(), Typist().key(69).key(79).key(ENTER))  # Num Lock off: KP1 is End
    assert isinstance(bad, BadCode) and bad.code == "garbage_frame"


def test_unmapped_key_rejects_the_whole_code() -> None:
    (bad,) = run(decoder(), Typist().digits("12").key(63).digits("3").key(ENTER))  # KEY_F5
    assert isinstance(bad, BadCode) and bad.code == "garbage_frame" and "63" in bad.detail
    assert run(decoder(), Typist().key(46, CTRL).key(ENTER))[0] == BadCode(  # Ctrl+C is no character
        "garbage_frame", "unmapped key: key code 46 with CTRL is not in the layout table"
    )


def test_inter_key_gap_ends_a_partial_code() -> None:
    dec = decoder()
    results = run(dec, Typist().digits("400638").pause(0.2).digits("96385074").key(ENTER))
    assert [type(r) for r in results] == [BadCode, TypedCode]
    assert isinstance(results[0], BadCode) and results[0].code == "partial_frame"
    assert results[1] == TypedCode("96385074")


def test_idle_flush_and_lone_enter() -> None:
    dec = decoder()
    run(dec, Typist(start_s=10.0).digits("12"))
    assert dec.idle(10.01) == []
    (partial,) = dec.idle(10.5)
    assert isinstance(partial, BadCode) and partial.code == "partial_frame"
    assert run(dec, Typist(start_s=20.0).key(ENTER)) == []  # a trigger pull that decoded nothing


def test_autorepeat_and_other_event_types_are_ignored() -> None:
    events = [
        evdev.InputEvent(1, 0, 0x01, 2, 1),  # KEY_1 down
        evdev.InputEvent(1, 100, 0x01, 2, 2),  # auto-repeat
        evdev.InputEvent(1, 200, 0x11, 0, 1),  # EV_LED
        evdev.InputEvent(1, 300, 0x01, 2, 0),
        evdev.InputEvent(1, 400, 0x01, 28, 1),
    ]
    dec = decoder()
    assert [r for e in events for r in dec.feed(e)] == [TypedCode("1")]


def test_oversize_code() -> None:
    keymap = WedgeKeymap(layout_table("us"), parse_chord("F8"), max_length=4)
    dec = KeyDecoder(keymap, 0.05)
    (bad,) = run(dec, Typist().digits("123456").key(ENTER))
    assert isinstance(bad, BadCode) and bad.code == "oversize_frame"


def test_event_records_from_the_wire() -> None:
    # struct input_event (linux/input.h) on x86-64: timeval (2 × 8 bytes), type u16, code u16, value s32
    wire = bytes.fromhex(
        "e803000000000000 40e2010000000000 0100 0500 01000000"  # 1000 s 123456 µs, EV_KEY KEY_4 down
        "e803000000000000 40e2010000000000 0000 0000 00000000"  # EV_SYN SYN_REPORT
    )
    stream = EventStreamDecoder()
    assert stream.feed(wire[:20]) == []  # a record split across reads waits for its rest
    (first,) = stream.feed(wire[20:30])
    (second,) = stream.feed(wire[30:])
    assert (first.sec, first.usec, first.type, first.code, first.value) == (1000, 123456, 1, 5, 1)
    assert (second.type, second.code, second.value) == (0, 0, 0)


def test_key_names_are_the_kernels() -> None:
    assert {name: evdev.ecodes.ecodes[name] for name in KEY_CODES} == dict(KEY_CODES)


@pytest.mark.parametrize(
    ("chord", "parsed"),
    [
        ("Ctrl+]", (frozenset({"CTRL"}), 27)),
        ("F8", (frozenset(), 66)),
        ("ctrl+shift+KEY_5", (frozenset({"CTRL", "SHIFT"}), 6)),
    ],
)
def test_parse_chord(chord: str, parsed: tuple[frozenset[str], int]) -> None:
    assert parse_chord(chord) == parsed


@pytest.mark.parametrize("chord", ["Hyper+]", "Ctrl+", "Ctrl+KEY_NOPE", "é"])
def test_bad_chords(chord: str) -> None:
    with pytest.raises(ValueError, match="bad key chord"):
        parse_chord(chord)


def test_bad_layouts() -> None:
    with pytest.raises(ValueError, match="unknown layout"):
        layout_table("dvorak")
    with pytest.raises(ValueError, match="unknown key"):
        layout_table("us", {"KEY_NOPE": "ab"})
    with pytest.raises(ValueError, match="two characters"):
        layout_table("us", {"KEY_Z": "y"})
