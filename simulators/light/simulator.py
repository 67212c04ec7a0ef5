"""A tri-colour USB-serial tower light at the other end of the wire: it lights what it is told and says so.

The light is receive-only, as the real one is: the host learns nothing back over the wire. The simulator's
state (each lamp off / on / blinking) is what a person would see, reported through :attr:`state`, the
``STATUS`` control command and :meth:`wait_for`. Unplugging a USB light cuts its power, so every lamp goes
dark and the host must send its state again after reconnecting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from simulators.device import COMMON_HELP, SimulatedDevice, Transport
from simulators.light.tower import TowerState, apply_byte

HELP = f"STATUS | {COMMON_HELP}"


class TowerLightSimulator(SimulatedDevice):
    """The lamp end of :mod:`drivers.light`'s protocol over TCP (``socket://``) or a pty (8N1 works there)."""

    help_text = HELP

    def __init__(
        self,
        *,
        transport: Transport = "tcp",
        port: int = 0,
        control_port: int | None = None,
        traffic_frames: int = 200,
    ) -> None:
        self._changed = threading.Condition()
        self._state = TowerState()
        super().__init__(
            transport=transport, port=port, control_port=control_port, traffic_frames=traffic_frames
        )

    @property
    def state(self) -> TowerState:
        with self._changed:
            return self._state

    def wait_for(self, condition: Callable[[TowerState], bool], timeout_s: float = 5.0) -> bool:
        """Block until the lamps satisfy ``condition``; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: condition(self._state), timeout_s)

    def on_receive(self, data: bytes) -> None:
        with self._changed:
            for byte in data:
                self._state = apply_byte(self._state, byte)
            self._changed.notify_all()

    def _power_cut(self) -> None:
        with self._changed:
            self._state = TowerState(bad_bytes=self._state.bad_bytes)
            self._changed.notify_all()

    def disconnect(self) -> None:
        """A USB light loses power with its link: it goes dark until told again."""
        super().disconnect()
        self._power_cut()

    def status_line(self) -> str:
        state = self.state
        lamps = " ".join(f"{name}={mode}" for name, mode in state.modes.items())
        return (
            f"OK colour={state.colour} blink={int(state.blink)} {lamps} bad_bytes={state.bad_bytes} "
            f"connected={int(self.connected)}"
        )

    def dispatch(self, command: str, args: list[str]) -> str | None:
        if command == "STATUS" and not args:
            return self.status_line()
        return None
