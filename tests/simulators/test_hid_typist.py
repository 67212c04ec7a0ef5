"""Golden vectors for the keyboard-wedge simulator: the input events a US wedge makes, and their bytes.

Key codes from linux/input-event-codes.h (KEY_4 = 5, KEY_A = 30, KEY_LEFTSHIFT = 42, KEY_ENTER = 28,
KEY_LEFTCTRL = 29, KEY_RIGHTBRACE = 27, KEY_F8 = 66); MSC_SCAN values are HID Usage Tables, Keyboard page
0x07 (4 = 0x21, A = 0x04, Enter = 0x28, Left Shift = 0xE1); records are x86-64 ``struct input_event``.
"""

from __future__ import annotations

import pytest

from simulators.hid_scanner.typist import WedgeProgramming, keystrokes, pack_events

US = WedgeProgramming()


def test_one_digit_then_enter() -> None:
    assert keystrokes("4", US) == [
        (0x04, 4, 0x70021), (0x01, 5, 1), (0x00, 0, 0),  # KEY_4 down
        (0x04, 4, 0x70021), (0x01, 5, 0), (0x00, 0, 0),  # KEY_4 up
        (0x04, 4, 0x70028), (0x01, 28, 1), (0x00, 0, 0),  # KEY_ENTER down
        (0x04, 4, 0x70028), (0x01, 28, 0), (0x00, 0, 0),  # KEY_ENTER up
    ]  # fmt: skip


def test_capital_is_shift_around_the_letter() -> None:
    key_events = [e for e in keystrokes("A", WedgeProgramming(enter=False)) if e[0] == 0x01]
    assert key_events == [(0x01, 42, 1), (0x01, 30, 1), (0x01, 30, 0), (0x01, 42, 0)]


@pytest.mark.parametrize(
    ("gs_key", "expected"),
    [
        ("ctrl+]", [(0x01, 29, 1), (0x01, 27, 1), (0x01, 27, 0), (0x01, 29, 0)]),
        ("F8", [(0x01, 66, 1), (0x01, 66, 0)]),
    ],
)
def test_gs_is_the_programmed_key(gs_key: str, expected: list[tuple[int, int, int]]) -> None:
    programming = WedgeProgramming(gs_key=gs_key, enter=False)
    assert [e for e in keystrokes("\x1d", programming) if e[0] == 0x01] == expected


def test_records_are_struct_input_event() -> None:
    wire = pack_events([(0x01, 5, 1), (0x00, 0, 0)], start_us=1_000_002, step_us=999_999)
    assert wire == bytes.fromhex(
        "0100000000000000 0200000000000000 0100 0500 01000000"  # 1 s 2 µs, EV_KEY, KEY_4, press
        "0200000000000000 0100000000000000 0000 0000 00000000"  # 2 s 1 µs, EV_SYN, SYN_REPORT
    )


def test_errors() -> None:
    with pytest.raises(ValueError, match="cannot type"):
        keystrokes("й", US)
    with pytest.raises(ValueError, match="unknown GS key"):
        WedgeProgramming(gs_key="ctrl+x")
