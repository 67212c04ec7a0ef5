"""Golden vectors for what the simulated tower light does with each byte (devices.md §5 command table)."""

from __future__ import annotations

import pytest

from simulators.light import LampMode, TowerState, apply_byte


def after(*hex_bytes: str) -> TowerState:
    state = TowerState()
    for byte in bytes.fromhex(" ".join(hex_bytes)):
        state = apply_byte(state, byte)
    return state


@pytest.mark.parametrize(
    ("wire", "lamp", "mode"),
    [
        ("11", "red", LampMode.ON),
        ("41", "red", LampMode.BLINK),
        ("12", "yellow", LampMode.ON),
        ("42", "yellow", LampMode.BLINK),
        ("14", "green", LampMode.ON),
        ("44", "green", LampMode.BLINK),
        ("18", "buzzer", LampMode.ON),
        ("15", "blue", LampMode.ON),
        ("46", "white", LampMode.BLINK),
    ],
)
def test_each_command(wire: str, lamp: str, mode: LampMode) -> None:
    state = after(wire)
    assert state.modes[lamp] is mode
    assert [name for name, m in state.modes.items() if m is not LampMode.OFF] == [lamp]


def test_off_and_priority() -> None:
    assert after("11", "21").colour == "off"  # red on, red off
    both = after("14", "41")  # green on, red blinking
    assert (both.colour, both.blink, both.lit) == ("red", True, ("red", "green"))
    assert after("14", "41", "21").colour == "green"
    assert after("12", "22", "24").lit == ()


def test_bad_bytes_change_nothing_but_are_counted() -> None:
    state = after("14", "30", "17", "00", "ff")  # 0x30: no action 3; 0x17: no output 7
    assert (state.colour, state.bad_bytes) == ("green", 4)
