"""The scale end of the Mettler Toledo 8217 protocol (devices.md §2.1; Magellan 8500 DIVA manual pp. 39, 45).

``W`` → ``STX ww.www CR`` (kg, ``ww.ww`` lb, ``N`` appended when net) when stable, otherwise
``STX ? <status> CR``; ``Z``/``T``/``C`` act, then answer with the status byte; ``T`` + five digits + CR sets a
preset tare; ``E`` starts echo (``STX E CR``) until ``F``. The status byte is ``0x40`` plus the bits of
:class:`ToledoStatusMap`, configurable because vendor documents disagree on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from simulators.scale.model import Condition, ScaleModel, Weighing

STX, CR = b"\x02", b"\r"
GRAMS_PER_LB = Decimal("453.59237")


@dataclass(frozen=True, slots=True)
class ToledoStatusMap:
    motion: int = 0x01
    over_capacity: int = 0x02
    under_zero: int = 0x04
    outside_zero_range: int = 0x08
    centre_of_zero: int = 0x10
    net: int = 0x20


class ToledoDevice:
    """Stateful command interpreter for one connection; returns the bytes to send for the bytes received."""

    def __init__(
        self, model: ScaleModel, unit: str = "kg", status_map: ToledoStatusMap | None = None
    ) -> None:
        self.model = model
        self.unit = unit
        self.status_map = status_map or ToledoStatusMap()
        self._pending = b""
        self._echo = False

    def receive(self, data: bytes) -> bytes:
        out = b""
        self._pending += bytes(b & 0x7F for b in data)
        while self._pending:
            if self._echo:
                byte, self._pending = self._pending[:1], self._pending[1:]
                if byte == b"F":
                    self._echo = False
                else:
                    out += byte
                continue
            if self._pending.startswith(b"T") and self._pending[1:2].isdigit():
                if len(self._pending) < 6:
                    break  # wait for the remaining preset digits
                digits, self._pending = self._pending[1:6], self._pending[6:].removeprefix(CR)
                self.model.tare(int(digits))
                out += self.status()
                continue
            byte, self._pending = self._pending[:1], self._pending[1:]
            out += self._command(byte)
        return out

    def _command(self, byte: bytes) -> bytes:
        if byte == b"W":
            return self.weight()
        if byte == b"Z":
            self.model.zero()
        elif byte == b"T":
            self.model.tare()
        elif byte == b"C":
            self.model.clear_tare()
        elif byte in (b"A", b"B"):
            return STX + b"@" + CR  # confidence test: all tests passed
        elif byte == b"E":
            self._echo = True
            return STX + b"E" + CR
        elif byte == CR:
            return b""
        else:
            return STX + b"?" + bytes([0x40]) + CR  # unknown command: bit 6 only ("bad command")
        return self.status()

    def weight(self, reading: Weighing | None = None) -> bytes:
        reading = reading or self.model.read()
        if reading.condition is not Condition.STABLE or reading.net_g < 0:
            return self.status(reading)
        suffix = b"N" if reading.tare_g else b""
        if self.unit == "lb":
            text = f"{Decimal(reading.net_g) / GRAMS_PER_LB:05.2f}"
        else:
            text = f"{Decimal(reading.net_g) / 1000:06.3f}"
        return STX + text.encode("ascii") + suffix + CR

    def status(self, reading: Weighing | None = None) -> bytes:
        reading = reading or self.model.read()
        bits, m = 0x40, self.status_map
        bits |= {
            Condition.MOTION: m.motion,
            Condition.OVER_CAPACITY: m.over_capacity,
            Condition.UNDER_ZERO: m.under_zero,
            Condition.STABLE: 0,
        }[reading.condition]
        if reading.at_zero:
            bits |= m.centre_of_zero
        elif abs(reading.gross_g) > self.model.capacity_g // 50 and reading.condition is Condition.STABLE:
            bits |= m.outside_zero_range
        if reading.tare_g:
            bits |= m.net
        return STX + b"?" + bytes([bits]) + CR
