"""A scale at the other end of the wire: the weighing model, a protocol (8217 or MT-SICS), TCP or a pty,
faults as commands, and a line-control port for the demo panel or a technician.

Unplug comes in two kinds a technician meets: ``unplug`` (a USB-serial adapter pulled: the port goes away)
and ``mute`` (an RS-232 cable pulled: the port stays, nothing answers). A driver must notice both.
Over a pty the line is 8N1 (a pty cannot carry 7E1, devices.md §7); the protocols' bytes are 7-bit anyway.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Literal

from simulators.device import COMMON_HELP, SimulatedDevice, Transport
from simulators.scale.model import ScaleModel
from simulators.scale.sics import SicsDevice
from simulators.scale.toledo import ToledoDevice, ToledoStatusMap
from simulators.wire import NoHostError

Protocol = Literal["toledo_8217", "mt_sics"]
STREAM_INTERVAL_S = 0.1
"""How often an MT-SICS scale in ``SIR`` mode sends a reading (real balances: several per second)."""


class ScaleSimulator(SimulatedDevice):
    """The device side of the ``toledo_8217`` / ``mt_sics`` drivers. Thread-safe.

    ``control_port``: ``None`` for no control server, ``0`` for a free port (see ``control_address``).
    """

    help_text = (
        "WEIGHT <g> | ADD <g> | CLEAR | MOTION ON|OFF | NOISE <g> | SETTLE <s> | MUTE ON|OFF | GARBAGE | STATUS | "
        + COMMON_HELP
    )

    def __init__(
        self,
        protocol: Protocol = "toledo_8217",
        *,
        transport: Transport = "tcp",
        port: int = 0,
        model: ScaleModel | None = None,
        unit: str | None = None,
        status_map: ToledoStatusMap | None = None,
        control_port: int | None = None,
    ) -> None:
        self.protocol = protocol
        self.model = model or ScaleModel()
        self._device: ToledoDevice | SicsDevice = (
            ToledoDevice(self.model, unit or "kg", status_map)
            if protocol == "toledo_8217"
            else SicsDevice(self.model, unit or "g")
        )
        self._muted = False
        self._unplugged = False
        self._stop = threading.Event()
        super().__init__(transport=transport, port=port, control_port=control_port)
        self._streamer = threading.Thread(target=self._stream, name=f"sim-scale-{self.url}", daemon=True)
        self._streamer.start()

    # -- the world -----------------------------------------------------------------------------------
    def put(self, grams: int) -> None:
        self.model.put(grams)

    def set_motion(self, on: bool) -> None:
        self.model.motion = on

    def mute(self, on: bool) -> None:
        """Keep the port but answer nothing (RS-232 cable pulled, scale switched off)."""
        self._muted = on

    def unplug(self) -> None:
        self._unplugged = True
        super().unplug()

    def replug(self) -> None:
        self._unplugged = False
        super().replug()

    def send_garbage(self, noise: bytes = b"\x41\x42") -> None:
        """Unasked bytes outside any frame (line noise); the driver must drop them and keep weighing."""
        self.send(noise)

    def close(self) -> None:
        self._stop.set()
        super().close()
        self._streamer.join(1.0)

    # -- wire ----------------------------------------------------------------------------------------
    def on_receive(self, data: bytes) -> None:
        """On the wire's thread: interpret the host's bytes and answer at once (unless muted)."""
        reply = self._device.receive(data)
        if reply and not self._muted:
            self._send_quietly(reply)

    def _send_quietly(self, data: bytes) -> None:
        with contextlib.suppress(NoHostError):  # the host went away before our answer, as on a real line
            self.send(data)

    def _stream(self) -> None:
        device = self._device
        while not self._stop.wait(STREAM_INTERVAL_S):
            if isinstance(device, SicsDevice) and device.streaming and not self._muted and self.connected:
                self._send_quietly(device.weight())

    # -- control line protocol -----------------------------------------------------------------------
    def dispatch(self, command: str, args: list[str]) -> str | None:
        words = [a.upper() for a in args]
        switch = len(words) == 1 and words[0] in ("ON", "OFF")
        if command == "WEIGHT" and len(words) == 1:
            self.put(int(words[0]))
        elif command == "ADD" and len(words) == 1:
            self.model.add(int(words[0]))
        elif command == "CLEAR" and not words:
            self.put(0)
        elif command == "MOTION" and switch:
            self.set_motion(words[0] == "ON")
        elif command == "NOISE" and len(words) == 1:
            self.model.noise_g = int(words[0])
        elif command == "SETTLE" and len(words) == 1:
            self.model.settle_s = float(words[0])
        elif command == "MUTE" and switch:
            self.mute(words[0] == "ON")
        elif command == "GARBAGE" and not words:
            self.send_garbage()
        elif command == "STATUS" and not words:
            reading = self.model.read()
            return (
                f"OK protocol={self.protocol} url={self.url} connected={int(self.connected)} "
                f"load_g={self.model.load_g} net_g={reading.net_g} condition={reading.condition} "
                f"muted={int(self._muted)} unplugged={int(self._unplugged)}"
            )
        else:
            return None
        return "OK"
