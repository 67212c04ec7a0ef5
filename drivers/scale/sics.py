"""Mettler Toledo MT-SICS codec, host side (devices.md §2.4; MT-SICS reference manual, level 0/1 commands).

Lines end in CR LF both ways. Weight replies are ``<cmd> <status> <value> <unit>``, e.g. ``S S     100.00 g``:
status ``S`` stable, ``D`` dynamic, ``I`` not ready, ``+`` overload, ``-`` underload. ``SI`` answers at once
(stable or dynamic), ``S`` only with a stable value, ``SIR`` streams ``SI`` answers until another command.
Zero: ``Z`` → ``Z A`` done; tare: ``T`` → ``T S <tare> <unit>``; clear tare: ``TAC`` → ``TAC A``; any other
status (``I``, ``+``, ``-``, ``L``) is a refusal. ``ES``/``ET``/``EL`` are command-independent errors.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from drivers.contracts import WeightStatus
from drivers.scale.protocol import GRAMS_PER, BadFrame, Command, CommandReply, Frame, Reading, to_grams

MAX_LINE = 64
WEIGHT_STATUS = {
    "S": WeightStatus.STABLE,
    "D": WeightStatus.MOTION,
    "I": WeightStatus.NOT_READY,
    "+": WeightStatus.OVER_CAPACITY,
    "-": WeightStatus.UNDER_ZERO,
}
COMMANDS = {Command.ZERO: "Z", Command.TARE: "T", Command.CLEAR_TARE: "TAC"}
DONE = {Command.ZERO: "A", Command.TARE: "S", Command.CLEAR_TARE: "A"}
REFUSALS = {"I": "busy or not stable", "L": "logical error (out of range)", "+": "overload", "-": "underload"}


class MtSicsProtocol:
    """Codec plus the line buffer; one instance per connection. Tracks tare locally for ``net``."""

    def __init__(self, weigh_command: str = "SI") -> None:
        self.weigh_command = weigh_command
        self.streaming = weigh_command == "SIR"
        self._buffer = bytearray()
        self._net = False

    def weigh(self) -> bytes:
        return f"{self.weigh_command}\r\n".encode("ascii")

    def command(self, command: Command, tare_g: int | None = None) -> bytes:
        if command is Command.TARE and tare_g is not None:
            return f"TA {tare_g} g\r\n".encode("ascii")  # preset tare (TA <value> <unit>)
        return f"{COMMANDS[command]}\r\n".encode("ascii")

    def reset(self) -> None:
        self._buffer.clear()

    def feed(self, data: bytes, answering: Command | None) -> list[Frame]:
        frames: list[Frame] = []
        for byte in data:
            if byte == 0x0A and self._buffer.endswith(b"\r"):
                frames.append(self._decode(bytes(self._buffer[:-1]).decode("ascii", "replace"), answering))
                self._buffer.clear()
            elif len(self._buffer) >= MAX_LINE:
                frames.append(BadFrame("oversize line"))
                self._buffer.clear()
            else:
                self._buffer.append(byte & 0x7F)
        return frames

    def _decode(self, line: str, answering: Command | None) -> Frame:
        words = line.split()
        if not words:
            return BadFrame("empty line")
        if words[0] in ("ES", "ET", "EL"):
            return BadFrame(f"scale reports {words[0]} (syntax/transmission/logical error)")
        if words[0] in ("S", "SI") and len(words) >= 2:  # also a streamed line arriving before a reply
            return self._weight(words)
        if answering is not None and words[0] in (COMMANDS[answering], "TA"):
            return self._command_reply(answering, words)
        return BadFrame(f"unexpected line {line!r}")

    def _weight(self, words: list[str]) -> Frame:
        status = WEIGHT_STATUS.get(words[1])
        if status is None:
            return BadFrame(f"unknown weight status {words[1]!r}")
        if len(words) < 4:
            return Reading(status, None, self._net)
        grams = self._grams(words[2], words[3])
        if grams is None:
            return BadFrame(f"not a weight: {' '.join(words[2:])!r}")
        return Reading(status, grams, self._net)

    def _command_reply(self, command: Command, words: list[str]) -> Frame:
        status = words[1] if len(words) > 1 else ""
        if status == DONE[command] or (command is Command.TARE and words[0] == "TA" and status == "A"):
            self._net = command is Command.TARE
            return CommandReply(command, True)
        reason = REFUSALS.get(status, f"status {status!r}")
        return CommandReply(
            command, False, f"{command}_refused", f"scale answered {' '.join(words)}: {reason}"
        )

    @staticmethod
    def _grams(value: str, unit: str) -> int | None:
        if unit not in GRAMS_PER:
            return None
        try:
            return to_grams(Decimal(value), unit)
        except InvalidOperation:
            return None
