"""What the simulated printer answers about itself: the status bytes of ``DLE EOT n``, ``GS r n`` and ASB.

Bit layouts from the Epson ESC/POS Command Reference (``DLE EOT``, ``GS r``, ``GS a``) as summarised in
devices.md §4.1–4.2; written independently of the driver's decoder and tested on its own golden vectors.
Epson tells the three reply kinds apart by fixed bits (``GS a`` notes, "identifying the transmission"):
``DLE EOT`` replies are ``0xx1xx10``, the first ASB byte is ``0xx1xx00``, ``GS r`` and ASB bytes 2–4 are
``0xx0xxxx``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Paper(enum.StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"


@dataclass(frozen=True, slots=True)
class PrinterState:
    """The mechanism as the sensors see it. ``offline_switch`` is an operator/host-forced offline;
    the printer is also offline while the cover is open or the paper is out (Epson models stop there)."""

    paper: Paper = Paper.OK
    cover_open: bool = False
    offline_switch: bool = False
    drawer_pin3_high: bool = False
    autocutter_error: bool = False
    recovering: bool = False  # "waiting for online recovery" (DLE EOT 1 bit 5), e.g. after a cover close

    @property
    def offline(self) -> bool:
        return self.offline_switch or self.cover_open or self.paper is Paper.OUT or self.autocutter_error

    @property
    def can_print(self) -> bool:
        return not self.offline


_FIXED = 0x12  # bits 1 and 4 set, bits 0 and 7 clear


def real_time_status(n: int, state: PrinterState) -> bytes:
    """The one byte answered to ``DLE EOT n`` (n = 1–4). Any other n is not answered (empty)."""
    value = _FIXED
    if n == 1:
        value |= 0x04 * state.drawer_pin3_high | 0x08 * state.offline | 0x20 * state.recovering
    elif n == 2:
        value |= (
            0x04 * state.cover_open
            | 0x20 * (state.paper is Paper.OUT)
            | 0x40 * (state.autocutter_error or state.paper is Paper.OUT or state.cover_open)
        )
    elif n == 3:
        value |= 0x08 * state.autocutter_error
    elif n == 4:
        value |= 0x0C * (state.paper is not Paper.OK) | 0x60 * (state.paper is Paper.OUT)
    else:
        return b""
    return bytes([value])


def transmit_status(n: int, state: PrinterState) -> bytes:
    """``GS r n``: n = 1/49 paper sensor (0x03 near end, 0x0C paper end), n = 2/50 drawer (bit 0 = pin 3)."""
    if n in (1, 49):
        return bytes([0x03 * (state.paper is not Paper.OK) | 0x0C * (state.paper is Paper.OUT)])
    if n in (2, 50):
        return bytes([0x01 * state.drawer_pin3_high])
    return b""


def automatic_status(state: PrinterState) -> bytes:
    """The four ASB bytes ``GS a`` enables: printer, error, paper sensor, reserved."""
    first = 0x10 | 0x04 * state.drawer_pin3_high | 0x08 * state.offline | 0x20 * state.cover_open
    second = 0x08 * state.autocutter_error
    third = 0x03 * (state.paper is not Paper.OK) | 0x0C * (state.paper is Paper.OUT)
    return bytes([first, second, third, 0x00])
