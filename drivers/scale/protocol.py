"""What a polled scale protocol must provide to :class:`drivers.scale.serial_scale.SerialScale`.

The driver owns the loop (request, wait for the reply, time out, poll again); a protocol only turns requests
into bytes and bytes into :class:`Reading` / :class:`CommandReply` frames. That split lets the 8217, MT-SICS
(and the Magellan scanner-scale's scale half) share one tested loop and keep their codecs pure and testable
against golden bytes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from drivers.contracts import WeightStatus

GRAMS_PER = {"g": Decimal(1), "kg": Decimal(1000), "lb": Decimal("453.59237")}
"""Grams per unit; the pound is defined exactly (International yard and pound agreement, 1959)."""


def to_grams(value: Decimal, unit: str) -> int:
    """A decimal weight in ``unit`` as whole grams (half up), the kiosk's weight unit."""
    return int((value * GRAMS_PER[unit]).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


class Command(enum.StrEnum):
    ZERO = "zero"
    TARE = "tare"
    CLEAR_TARE = "clear_tare"


@dataclass(frozen=True, slots=True)
class Reading:
    """A weight answer: ``grams`` None when the scale gave no figure; ``net`` when a tare is active."""

    status: WeightStatus
    grams: int | None
    net: bool = False


@dataclass(frozen=True, slots=True)
class CommandReply:
    """The answer to zero/tare/clear tare. ``code`` is our machine reason when refused."""

    command: Command
    ok: bool
    code: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class BadFrame:
    """Bytes that are not a reply of this protocol (line noise, a reply to something we did not ask)."""

    detail: str


Frame = Reading | CommandReply | BadFrame


class ScaleProtocol(Protocol):
    """A codec with the little state framing needs (a half-received frame). Used by one worker thread."""

    streaming: bool
    """True when the scale sends weights unasked after :meth:`weigh` (MT-SICS ``SIR``)."""

    def weigh(self) -> bytes:
        """The weight request sent on every poll (or once, when streaming)."""
        ...

    def command(self, command: Command, tare_g: int | None = None) -> bytes: ...

    def feed(self, data: bytes, answering: Command | None) -> list[Frame]:
        """Frames completed by ``data``; ``answering`` is the command whose reply is due (None: a weight),
        because an 8217 status reply looks the same whichever command it answers."""
        ...

    def reset(self) -> None:
        """Forget a half-received frame (after a timeout or a reconnect)."""
        ...
