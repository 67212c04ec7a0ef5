"""A Magellan scanner-scale at the other end of a TCP wire: unsolicited reads, and a scale that answers polls.

The scale is a small world model: a weight placed on the platter moves for ``settle_s`` and then reads
stable; beyond capacity it is over capacity, below zero under zero; a technician can hold it in motion or
make it lose zero. The simulator answers ``S11`` only when stable and in range (otherwise silence, as the
manual says) and ``S14`` always. Faults are data (:class:`ScaleWorld`), and every host command is counted.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import Counter
from dataclasses import dataclass

from simulators.device import COMMON_HELP, SimulatedDevice, unescape
from simulators.magellan.encoder import (
    CAPACITY_G,
    MagellanProgramming,
    encode_label,
    encode_monitor,
    encode_stable_weight,
)

HELP = (
    "SCAN <data> [SYMBOLOGY] | WEIGHT <grams> | MOTION|NOZERO|SILENT ON|OFF | GARBAGE | STATUS | "
    f"{COMMON_HELP}"
)


@dataclass(frozen=True, slots=True)
class ScaleWorld:
    """What is on (and wrong with) the platter. ``capacity_g=None``: the default for the unit."""

    settle_s: float = 0.3
    capacity_g: int | None = None
    motion: bool = False  # held unstable (a hand on the platter)
    no_zero: bool = False  # "cannot find zero" (power-up with a weight on the platter)
    silent: bool = False  # the unit says nothing, though the port is open (RS-232 cable pulled at the unit)

    def __post_init__(self) -> None:
        if self.settle_s < 0:
            raise ValueError(f"settle_s must be >= 0, got {self.settle_s}")


class MagellanSimulator(SimulatedDevice):
    """The device side of :mod:`drivers.magellan` over TCP only (a pty cannot carry 7O1)."""

    help_text = HELP

    def __init__(
        self,
        *,
        port: int = 0,
        programming: MagellanProgramming | None = None,
        world: ScaleWorld | None = None,
        control_port: int | None = None,
        traffic_frames: int = 200,
    ) -> None:
        self.programming = programming or MagellanProgramming()
        self._world = world or ScaleWorld()
        self._lock = threading.Lock()
        self._grams = 0
        self._placed_at = time.monotonic() - self._world.settle_s
        self._inbox = bytearray()
        self.commands: Counter[str] = Counter()
        super().__init__(
            transport="tcp",
            port=port,
            control_port=control_port,
            traffic_frames=traffic_frames,
            no_delay=True,
        )

    # -- the world -----------------------------------------------------------------------------------
    @property
    def world(self) -> ScaleWorld:
        return self._world

    def set_world(self, world: ScaleWorld) -> None:
        with self._lock:
            self._world = world

    @property
    def capacity_g(self) -> int:
        return self._world.capacity_g or CAPACITY_G[self.programming.unit]

    def scan(self, code: str, symbology: str = "EAN13") -> None:
        """A good read, sent at once (the scanner does not wait to be asked); lost while ``silent``."""
        frame = encode_label(code, symbology, self.programming)
        if not self._world.silent:
            self.send(frame)

    def place(self, grams: int) -> None:
        """Put ``grams`` on the platter (negative: lift the platter / drift below zero); it settles later."""
        with self._lock:
            self._grams = grams
            self._placed_at = time.monotonic()

    def send_garbage(self) -> None:
        self.send(b"\x00\x7f~noise" + self.programming.suffix)

    def monitor_status(self) -> tuple[int, int | None]:
        """The ``14`` status digit and weight the scale would report now."""
        with self._lock:
            world, grams, placed_at = self._world, self._grams, self._placed_at
        if world.no_zero:
            return 0, None
        if grams < 0:
            return 5, None
        if grams > self.capacity_g:
            return 2, None
        if world.motion or time.monotonic() - placed_at < world.settle_s:
            return 1, None
        return (3, 0) if grams == 0 else (4, grams)

    # -- host commands (wire thread) -------------------------------------------------------------------
    def on_receive(self, data: bytes) -> None:
        suffix, prefix = self.programming.suffix, self.programming.prefix
        self._inbox += bytes(b & 0x7F for b in data)
        while (end := self._inbox.find(suffix)) >= 0:
            message = bytes(self._inbox[:end])
            del self._inbox[: end + len(suffix)]
            command = message[len(prefix) :].decode("ascii") if message.startswith(prefix) else "?"
            self.commands[command] += 1
            self._answer(command)

    def _answer(self, command: str) -> None:
        if self._world.silent:
            return
        status, grams = self.monitor_status()
        if command == "11" and status in (3, 4):
            self.send(encode_stable_weight(grams or 0, self.programming))
        elif command == "14":
            self.send(encode_monitor(status, grams, self.programming))
        # anything else (reset, beep, unknown): the scanner acts or ignores it and says nothing

    # -- control line protocol -----------------------------------------------------------------------
    def dispatch(self, command: str, args: list[str]) -> str | None:
        if command == "SCAN" and len(args) in (1, 2):
            self.scan(unescape(args[0]), args[1] if len(args) == 2 else "EAN13")
        elif command == "WEIGHT" and len(args) == 1:
            self.place(int(args[0]))
        elif (
            command in ("MOTION", "NOZERO", "SILENT") and len(args) == 1 and args[0].upper() in ("ON", "OFF")
        ):
            field = {"MOTION": "motion", "NOZERO": "no_zero", "SILENT": "silent"}[command]
            self.set_world(dataclasses.replace(self.world, **{field: args[0].upper() == "ON"}))
        elif command == "GARBAGE" and not args:
            self.send_garbage()
        elif command == "STATUS" and not args:
            status, grams = self.monitor_status()
            return (
                f"OK connected={int(self.connected)} monitor={status} grams={grams} "
                f"polls_11={self.commands['11']} polls_14={self.commands['14']} url={self.url}"
            )
        else:
            return None
        return "OK"
