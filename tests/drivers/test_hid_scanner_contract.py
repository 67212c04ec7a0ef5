"""The Scanner contract against the keyboard-wedge driver fed by its simulator through the TCP seam.

No ``/dev/uinput`` on this machine (devices.md §7), so the seam carries the ``struct input_event`` records a
kernel keyboard would produce; the driver's evdev open/grab path is the one part not exercised here. There
is no pty variant: the wedge's wire is evdev, not a tty.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.base import PowerState
from drivers.contracts import Symbology
from drivers.hid_scanner.hid_scanner import HidScanner
from drivers.hid_scanner.settings import HidScannerSettings
from simulators.hid_scanner import HidWedgeSimulator, WedgeProgramming
from tests.drivers.recorder import WAIT_S, EventRecorder
from tests.drivers.scanner_contract import ScannerContract, ScannerHarness


def fast_wedge(port: str, **settings: object) -> HidScanner:
    return HidScanner(
        "hid_scanner",
        HidScannerSettings.model_validate(
            {"port": port, "aim_ids": True, "reconnect_min_s": 0.01, "reconnect_max_s": 0.05, **settings}
        ),
    )


class WedgeHarness:
    failed_attempts = 3

    def __init__(self) -> None:
        self.sim = HidWedgeSimulator(programming=WedgeProgramming(aim_ids=True))
        self.device = fast_wedge(self.sim.url)
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()
        if self.device.power is PowerState.ONLINE:
            self.after_online()

    def scan(self, label: str, symbology: Symbology) -> None:
        self.sim.scan(label, symbology.name)

    def garbage(self) -> None:
        self.sim.send_garbage()

    def partial(self, label: str) -> None:
        self.sim.send_partial(label)

    def unplug(self) -> None:
        self.sim.unplug()

    def replug(self) -> None:
        self.sim.replug()

    def after_online(self) -> None:
        assert self.sim.wait_for_client(WAIT_S)

    def close(self) -> None:
        self.device.close()
        self.sim.close()


@pytest.fixture
def harness() -> Iterator[ScannerHarness]:
    h = WedgeHarness()
    try:
        yield h
    finally:
        h.close()


class TestHidScannerContract(ScannerContract):
    pass
