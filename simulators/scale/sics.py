"""The scale end of MT-SICS (devices.md §2.4; MT-SICS reference manual level 0/1).

Lines end in CR LF. ``S`` stable weight (``S I`` while in motion: we do not hold the line), ``SI`` immediate
(``S S`` / ``S D``), ``SIR`` streams ``SI`` answers until the next command, ``Z``/``ZI`` zero (``Z A`` or
``Z I`` / ``Z +`` / ``Z -``), ``T`` tare (``T S <tare> g`` or ``T I``), ``TA <v> g`` preset (``TA A``),
``TAC`` clear tare (``TAC A``), ``I4`` serial number, ``@`` reset; anything else is ``ES``. Over/under load
answer ``S +`` / ``S -``.
"""

from __future__ import annotations

from decimal import Decimal

from simulators.scale.model import Condition, ScaleModel, Weighing

EOL = b"\r\n"
SERIAL_NUMBER = "0123456789"
STATUS = {
    Condition.STABLE: "S",
    Condition.MOTION: "D",
    Condition.OVER_CAPACITY: "+",
    Condition.UNDER_ZERO: "-",
}


class SicsDevice:
    """Stateful interpreter for one connection. ``streaming`` is on after ``SIR`` until the next command."""

    def __init__(self, model: ScaleModel, unit: str = "g") -> None:
        self.model = model
        self.unit = unit
        self.streaming = False
        self._buffer = b""

    def receive(self, data: bytes) -> bytes:
        self._buffer += data
        out = b""
        while EOL in self._buffer:
            line, self._buffer = self._buffer.split(EOL, 1)
            out += self._command(line.decode("ascii", "replace").split())
        return out

    def _command(self, words: list[str]) -> bytes:
        if not words:
            return b""
        self.streaming = False
        name, args = words[0].upper(), words[1:]
        if name in ("S", "SI", "SIR") and not args:
            self.streaming = name == "SIR"
            return self.weight(immediate=name != "S")
        if name in ("Z", "ZI") and not args:
            return self._line("Z", "A" if self.model.zero() else self._refusal())
        if name in ("T", "TI") and not args:
            if self.model.tare():
                return self._line("T", "S", self._value(self.model.read().tare_g))
            return self._line("T", self._refusal())
        if name == "TA" and len(args) == 2 and args[1] == "g":
            self.model.tare(int(Decimal(args[0])))
            return self._line("TA", "A")
        if name == "TAC" and not args:
            self.model.clear_tare()
            return self._line("TAC", "A")
        if name == "I4" and not args:
            return self._line("I4", "A", f'"{SERIAL_NUMBER}"')
        if name == "@" and not args:
            self.model.clear_tare()
            return self._line("I4", "A", f'"{SERIAL_NUMBER}"')
        return b"ES" + EOL

    def weight(self, immediate: bool = True, reading: Weighing | None = None) -> bytes:
        reading = reading or self.model.read()
        status = STATUS[reading.condition]
        if reading.condition in (Condition.OVER_CAPACITY, Condition.UNDER_ZERO):
            return self._line("S", status)
        if not immediate and status != "S":
            return self._line("S", "I")
        return self._line("S", status, self._value(reading.net_g))

    def _refusal(self) -> str:
        condition = self.model.read().condition
        return {Condition.OVER_CAPACITY: "+", Condition.UNDER_ZERO: "-"}.get(condition, "I")

    def _value(self, grams: int) -> str:
        if self.unit == "kg":
            return f"{Decimal(grams) / 1000:10.3f} kg"
        return f"{grams:10.2f} g"

    @staticmethod
    def _line(*fields: str) -> bytes:
        return " ".join(fields).encode("ascii") + EOL
