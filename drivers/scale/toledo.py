"""Mettler Toledo 8217 ("Toledo" ECR protocol) codec, host side (devices.md §2.1; Datalogic Magellan 8500
DIVA service manual pp. 39, 45).

Host → scale: one upper-case ASCII byte (``W`` weight, ``Z`` zero, ``T`` tare, ``C`` clear tare), no
terminator; a preset tare is ``T`` + five digits + CR. Scale → host: ``STX <weight> CR`` for a valid (stable)
weight — ``ww.www`` kg or ``ww.ww`` lb, ``N`` appended when net — or ``STX ? <status> CR``, where the status
byte is decoded *by bit* through :class:`~drivers.scale.settings.Toledo8217StatusBits`. Bit 7 is masked on
receive, so the codec works at 7E1 on a real port and at 8N1 over a pty.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from drivers.contracts import WeightStatus
from drivers.scale.protocol import BadFrame, Command, CommandReply, Frame, Reading, to_grams
from drivers.scale.settings import Toledo8217StatusBits

STX, CR = 0x02, 0x0D
MAX_FRAME = 16
COMMAND_BYTES = {Command.ZERO: b"Z", Command.TARE: b"T", Command.CLEAR_TARE: b"C"}


def decode_status(char: int, bits: Toledo8217StatusBits) -> tuple[WeightStatus, bool, bool]:
    """(status, net, at centre of zero) from a status byte. Errors outrank motion, motion outranks zero."""
    if char & bits.over_capacity:
        status = WeightStatus.OVER_CAPACITY
    elif char & bits.under_zero:
        status = WeightStatus.UNDER_ZERO
    elif char & bits.motion:
        status = WeightStatus.MOTION
    elif char & bits.outside_zero_range:
        status = WeightStatus.NOT_READY
    elif char & bits.centre_of_zero:
        status = WeightStatus.STABLE  # stable at zero: the only "?" answer that is a valid weight (0 g)
    else:
        status = WeightStatus.NOT_READY
    return status, bool(char & bits.net), bool(char & bits.centre_of_zero)


class Toledo8217Protocol:
    """Codec plus the framing buffer; one instance per connection."""

    streaming = False

    def __init__(self, unit: str, bits: Toledo8217StatusBits) -> None:
        if unit not in ("kg", "lb"):
            raise ValueError(f"the 8217 protocol weighs in kg or lb, not {unit!r}")
        self.unit = unit
        self.bits = bits
        self._buffer = bytearray()

    def weigh(self) -> bytes:
        return b"W"

    def command(self, command: Command, tare_g: int | None = None) -> bytes:
        if command is Command.TARE and tare_g is not None:
            if not 0 <= tare_g <= 99_999:
                raise ValueError(f"preset tare {tare_g} g does not fit five digits")
            return b"T%05d\r" % tare_g  # digits in grams (kg scale, 3 decimals) — UNVERIFIED for lb
        return COMMAND_BYTES[command]

    def reset(self) -> None:
        self._buffer.clear()

    def feed(self, data: bytes, answering: Command | None) -> list[Frame]:
        frames: list[Frame] = []
        for byte in data:
            byte &= 0x7F
            if byte == STX:
                if self._buffer:
                    frames.append(BadFrame(f"frame without CR: {bytes(self._buffer)!r}"))
                self._buffer = bytearray([STX])
            elif not self._buffer:
                frames.append(BadFrame(f"byte 0x{byte:02x} outside a frame"))
            elif byte == CR:
                frames.append(self._decode(bytes(self._buffer[1:]), answering))
                self._buffer.clear()
            elif len(self._buffer) >= MAX_FRAME:
                frames.append(BadFrame("oversize frame"))
                self._buffer.clear()
            else:
                self._buffer.append(byte)
        return frames

    def _decode(self, body: bytes, answering: Command | None) -> Frame:
        if body[:1] == b"?" and len(body) == 2:
            status, net, zero = decode_status(body[1], self.bits)
            reading = Reading(status, 0 if status is WeightStatus.STABLE else None, net)
            return reading if answering is None else self._command_reply(answering, reading, body[1], zero)
        if answering is not None:
            return BadFrame(f"weight {body!r} in reply to {answering}")
        net = body.endswith(b"N")
        digits = body[:-1] if net else body
        try:
            value = Decimal(digits.decode("ascii"))
        except (InvalidOperation, UnicodeDecodeError):
            return BadFrame(f"not a weight: {body!r}")
        return Reading(WeightStatus.STABLE, to_grams(value, self.unit), net)

    def _command_reply(self, command: Command, reading: Reading, char: int, zero: bool) -> CommandReply:
        """Whether the scale did it, read from the status it answers with (it has no ack byte)."""
        if reading.status in (WeightStatus.MOTION, WeightStatus.OVER_CAPACITY, WeightStatus.UNDER_ZERO):
            return CommandReply(command, False, f"{command}_refused", f"scale reports {reading.status}")
        done = {
            Command.ZERO: zero and not reading.net,
            Command.TARE: reading.net,
            Command.CLEAR_TARE: not reading.net,
        }[command]
        if done:
            return CommandReply(command, True)
        return CommandReply(command, False, f"{command}_refused", f"status 0x{char:02x} after {command}")
