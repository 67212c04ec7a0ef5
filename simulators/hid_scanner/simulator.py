"""A keyboard-wedge scanner on the far side of the test seam: key-event records over TCP.

The driver opens ``socket://…`` instead of ``/dev/input/eventN`` and reads the same ``struct input_event``
records the kernel would give it. Events are timestamped with the wall clock (the evdev default clock) one
millisecond apart, about as fast as a wedge types.
"""

from __future__ import annotations

import threading
import time

from simulators.device import COMMON_HELP, SimulatedDevice, unescape
from simulators.hid_scanner.typist import EV_KEY, WedgeProgramming, keystrokes, pack_events
from simulators.scanner.encoder import aim_identifier

HELP = f"SCAN <data> [SYMBOLOGY] | PARTIAL <data> | GARBAGE | STATUS | {COMMON_HELP}  (data may use \\xHH escapes)"

KEY_STEP_US = 1_000
UNMAPPED_KEY = 63  # KEY_F5: not a character, and not the default GS key


class HidWedgeSimulator(SimulatedDevice):
    """Types codes as a US-programmed wedge would; TCP only (the real wire is evdev, not a tty)."""

    help_text = HELP

    def __init__(
        self,
        *,
        port: int = 0,
        programming: WedgeProgramming | None = None,
        control_port: int | None = None,
        traffic_frames: int = 200,
    ) -> None:
        self.programming = programming or WedgeProgramming()
        self._lock = threading.Lock()
        self.codes_typed = 0
        super().__init__(transport="tcp", port=port, control_port=control_port, traffic_frames=traffic_frames)

    def _type(self, events: list[tuple[int, int, int]]) -> None:
        with self._lock:
            self.send(pack_events(events, time.time_ns() // 1_000, KEY_STEP_US))

    def scan(self, code: str, symbology: str = "EAN13") -> None:
        """Type ``code`` and Enter (GS characters as the programmed GS key); with ``aim_ids`` the AIM
        identifier of ``symbology`` first, as a wedge programmed to send it does."""
        if not code:
            raise ValueError("a barcode cannot be empty")
        prefix = aim_identifier(symbology) if self.programming.aim_ids else ""
        self._type(keystrokes(prefix + code, self.programming))
        self.codes_typed += 1

    def send_partial(self, code: str) -> None:
        """Type ``code`` without Enter (the cable pulled mid-code); the driver must drop it on its timeout."""
        no_enter = WedgeProgramming(gs_key=self.programming.gs_key, enter=False, aim_ids=False)
        self._type(keystrokes(code, no_enter))

    def send_garbage(self) -> None:
        """A key the layout has no character for, then Enter: the driver must reject that code."""
        self._type([(EV_KEY, UNMAPPED_KEY, 1), (EV_KEY, UNMAPPED_KEY, 0), *keystrokes("", self.programming)])

    def dispatch(self, command: str, args: list[str]) -> str | None:
        if command == "SCAN" and len(args) in (1, 2):
            self.scan(unescape(args[0]), *args[1:])
        elif command == "PARTIAL" and len(args) == 1:
            self.send_partial(unescape(args[0]))
        elif command == "GARBAGE" and not args:
            self.send_garbage()
        elif command == "STATUS" and not args:
            return (
                f"OK connected={int(self.connected)} codes_typed={self.codes_typed} "
                f"gs_key={self.programming.gs_key} url={self.url}"
            )
        else:
            return None
        return "OK"
