"""Run the Scanner contract against the fake and the real serial driver on a simulator (TCP and pty)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from drivers.base import PowerState
from drivers.contracts import Symbology
from drivers.scanner.fake import FakeScanner
from drivers.scanner.serial_scanner import SerialScanner
from drivers.scanner.settings import SerialScannerSettings
from simulators.scanner import SerialScannerSimulator
from simulators.scanner.simulator import Transport
from tests.drivers.recorder import WAIT_S, EventRecorder
from tests.drivers.scanner_contract import ScannerContract, ScannerHarness


def fast_scanner(port: str, **settings: Any) -> SerialScanner:
    """Driver timings for tests: small, so partial frames and reconnects happen within milliseconds."""
    return SerialScanner(
        "scanner",
        SerialScannerSettings(
            port=port, inter_char_timeout_s=0.05, reconnect_min_s=0.01, reconnect_max_s=0.05, **settings
        ),
    )


class FakeHarness:
    failed_attempts = 1  # the fake does not retry; it is unplugged until replugged

    def __init__(self) -> None:
        self.device = FakeScanner("scanner")
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()

    def scan(self, label: str, symbology: Symbology) -> None:
        self.device.feed(label, symbology)

    def garbage(self) -> None:
        self.device.feed_garbage()

    def partial(self, label: str) -> None:
        self.device.feed_partial()

    def unplug(self) -> None:
        self.device.unplug()

    def replug(self) -> None:
        self.device.replug()

    def after_online(self) -> None:
        pass

    def close(self) -> None:
        self.device.close()


class SimulatorHarness:
    failed_attempts = 3

    def __init__(self, transport: Transport) -> None:
        self.sim = SerialScannerSimulator(transport=transport)
        self.device = fast_scanner(self.sim.url)
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
        self.sim.refuse_connections(True)
        self.sim.disconnect()

    def replug(self) -> None:
        self.sim.refuse_connections(False)

    def after_online(self) -> None:
        assert self.sim.wait_for_client(WAIT_S)

    def close(self) -> None:
        self.device.close()
        self.sim.close()


@pytest.fixture(params=["fake", "tcp", "pty"])
def harness(request: pytest.FixtureRequest) -> Iterator[ScannerHarness]:
    h: FakeHarness | SimulatorHarness = (
        FakeHarness() if request.param == "fake" else SimulatorHarness(request.param)
    )
    try:
        yield h
    finally:
        h.close()


class TestScannerContract(ScannerContract):
    pass
