"""The USB-serial tri-colour tower light's one-byte commands, as frozen data, and the host-side encoder.

Source: devices.md §5 (Adafruit "Tri-Color USB Controlled Tower Light with Buzzer" and its clones): 9600 8N1,
one byte per command, high nibble the action (0x10 on, 0x20 off, 0x40 blink), low nibble the output (1 red,
2 yellow, 4 green, 8 buzzer; 5 blue and 6 white on five-colour variants). The light never answers, so the
encoder is all the host needs; the simulator decodes the same bytes with its own, separate table.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final


class Action(enum.IntEnum):
    ON = 0x10
    OFF = 0x20
    BLINK = 0x40


class Output(enum.IntEnum):
    """Low nibble of a command. Not a bit mask: blue (5) and white (6) are outputs of their own."""

    RED = 0x01
    YELLOW = 0x02
    GREEN = 0x04
    BUZZER = 0x08
    BLUE = 0x05
    WHITE = 0x06


TRI_COLOUR: Final = (Output.RED, Output.YELLOW, Output.GREEN)
"""The lamps of the common three-colour tower, top to bottom."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TowerLightProtocol:
    """Line settings and the lamps fitted; ``lamps`` lists the outputs a ``show`` may switch."""

    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    lamps: tuple[Output, ...] = TRI_COLOUR
    source: str = "devices.md §5 (Adafruit tri-colour USB tower light, one-byte commands)"

    def __post_init__(self) -> None:
        if not self.lamps or Output.BUZZER in self.lamps:
            raise ValueError("lamps must name at least one lamp, and the buzzer is not a lamp")


def command(action: Action, output: Output) -> bytes:
    """One command byte: action in the high nibble, output in the low."""
    return bytes([action | output])


def buzzer_command(on: bool) -> bytes:
    return command(Action.ON if on else Action.OFF, Output.BUZZER)
