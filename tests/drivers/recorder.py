"""Test helpers: record a device's events and wait on them with timeouts (never fixed sleeps)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from drivers.base import Device, DeviceEvent, PowerState, StatusUpdated

WAIT_S = 5.0


class EventRecorder:
    """Subscribes to a device and keeps every event; waits are bounded by ``WAIT_S``."""

    def __init__(self, device: Device) -> None:
        self.events: list[DeviceEvent] = []
        self._changed = threading.Condition()
        device.subscribe(self._on_event)

    def _on_event(self, event: DeviceEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def of[E: DeviceEvent](self, kind: type[E], where: Callable[[E], bool] = lambda e: True) -> list[E]:
        with self._changed:
            return [e for e in self.events if isinstance(e, kind) and where(e)]

    def wait_for[E: DeviceEvent](
        self, kind: type[E], where: Callable[[E], bool] = lambda e: True, n: int = 1
    ) -> E:
        """The ``n``-th event of ``kind`` matching ``where``, waiting for it to arrive."""
        with self._changed:
            arrived = self._changed.wait_for(lambda: len(self.of(kind, where)) >= n, WAIT_S)
        assert arrived, f"timed out waiting for {n} × {kind.__name__}; got {self.events}"
        return self.of(kind, where)[n - 1]

    def power_changes(self) -> list[PowerState]:
        return [e.power for e in self.of(StatusUpdated)]

    def wait_power(self, power: PowerState, n: int = 1) -> StatusUpdated:
        return self.wait_for(StatusUpdated, lambda e: e.power is power, n)


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """For state no event announces (a counter reaching a value); short polls, bounded by ``WAIT_S``."""
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.005)
