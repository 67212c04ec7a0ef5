"""What the tower light does with each byte it receives (devices.md §5), written apart from the driver.

A byte is ``action << 4 | output``: action 1 on, 2 off, 4 blink; output 1 red, 2 yellow, 4 green, 8 buzzer,
5 blue, 6 white. Any other byte is ignored by the lamp (and counted here, so a test can see a bad command).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Final


class LampMode(enum.StrEnum):
    OFF = "off"
    ON = "on"
    BLINK = "blink"


OUTPUT_NAMES: Final = MappingProxyType(
    {0x1: "red", 0x2: "yellow", 0x4: "green", 0x8: "buzzer", 0x5: "blue", 0x6: "white"}
)
ACTION_MODES: Final = MappingProxyType({0x1: LampMode.ON, 0x2: LampMode.OFF, 0x4: LampMode.BLINK})

PRIORITY: Final = ("red", "yellow", "green", "blue", "white")
"""Which lamp a one-word "colour" names when several are lit: the most urgent (devices.md §5 design note)."""


@dataclass(frozen=True, slots=True)
class TowerState:
    """Every output's mode, plus how many bytes were not commands."""

    modes: MappingProxyType[str, LampMode] = field(
        default_factory=lambda: MappingProxyType(dict.fromkeys(OUTPUT_NAMES.values(), LampMode.OFF))
    )
    bad_bytes: int = 0

    @property
    def colour(self) -> str:
        """The most urgent lit lamp, or ``"off"``."""
        return next((name for name in PRIORITY if self.modes[name] is not LampMode.OFF), "off")

    @property
    def blink(self) -> bool:
        return self.colour != "off" and self.modes[self.colour] is LampMode.BLINK

    @property
    def lit(self) -> tuple[str, ...]:
        return tuple(name for name in PRIORITY if self.modes[name] is not LampMode.OFF)


def apply_byte(state: TowerState, byte: int) -> TowerState:
    """The state after the lamp has acted on one received byte."""
    mode = ACTION_MODES.get(byte >> 4)
    name = OUTPUT_NAMES.get(byte & 0x0F)
    if mode is None or name is None:
        return replace(state, bad_bytes=state.bad_bytes + 1)
    return replace(state, modes=MappingProxyType({**state.modes, name: mode}))
