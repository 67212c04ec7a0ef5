"""The Scanner and Scale contracts against the Magellan's two devices on one simulated unit (TCP only: the
single-cable protocol is 7O1, which a Linux pty cannot carry — devices.md §7)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from drivers.base import PowerState
from drivers.contracts import Symbology
from drivers.magellan.devices import MagellanScale, MagellanScanner
from drivers.magellan.link import MagellanLink
from drivers.magellan.settings import MagellanSettings
from simulators.magellan import MagellanProgramming, MagellanSimulator, ScaleWorld
from simulators.magellan.encoder import LABEL_IDENTIFIERS
from tests.drivers.recorder import WAIT_S, EventRecorder
from tests.drivers.scale_contract import ScaleContract, ScaleHarness
from tests.drivers.scanner_contract import ScannerContract, ScannerHarness

DATAMATRIX_ID = "Dm"
"""A label id programmed for GS1 DataMatrix (the 2-D models read it; the default table has no id for it)."""


def fast_settings(port: str) -> MagellanSettings:
    return MagellanSettings(
        port=port,
        reconnect_min_s=0.01,
        reconnect_max_s=0.05,
        inter_char_timeout_s=0.05,
        poll_interval_s=0.02,
        reply_timeout_s=0.2,
        label_ids={
            "A": "UPCA",
            "E": "UPCE",
            "F": "EAN13",
            "FF": "EAN8",
            "B3": "CODE128",
            DATAMATRIX_ID: "GS1_DATAMATRIX",
        },
    )


class Unit:
    """One simulated Magellan and the link a driver opens to it."""

    def __init__(self) -> None:
        programming = MagellanProgramming(label_ids={**LABEL_IDENTIFIERS, "GS1_DATAMATRIX": DATAMATRIX_ID})
        self.sim = MagellanSimulator(programming=programming, world=ScaleWorld(settle_s=0.05))
        self.link = MagellanLink("scanner_scale", fast_settings(self.sim.url))

    def unplug(self) -> None:
        self.sim.unplug()

    def replug(self) -> None:
        self.sim.replug()

    def after_online(self) -> None:
        assert self.sim.wait_for_client(WAIT_S)


class ScannerSide(Unit):
    failed_attempts = 3

    def __init__(self) -> None:
        super().__init__()
        self.device = MagellanScanner("scanner_scale.scanner", self.link)
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
        self.sim.send(b"S08F" + label.encode())

    def close(self) -> None:
        self.device.close()
        self.sim.close()


class ScaleSide(Unit):
    def __init__(self) -> None:
        super().__init__()
        self.device = MagellanScale("scanner_scale.scale", self.link)
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()
        if self.device.power is PowerState.ONLINE:
            self.after_online()

    def put(self, grams: int) -> None:
        self.sim.place(grams)

    def motion(self, on: bool) -> None:
        self.sim.set_world(dataclasses.replace(self.sim.world, motion=on))

    def close(self) -> None:
        self.device.close()
        self.sim.close()


@pytest.fixture
def harness(request: pytest.FixtureRequest) -> Iterator[ScannerHarness | ScaleHarness]:
    side: ScannerSide | ScaleSide = request.param()
    try:
        yield side
    finally:
        side.close()


@pytest.mark.parametrize("harness", [ScannerSide], indirect=True, ids=["magellan-tcp"])
class TestMagellanScannerContract(ScannerContract):
    pass


@pytest.mark.parametrize("harness", [ScaleSide], indirect=True, ids=["magellan-tcp"])
class TestMagellanScaleContract(ScaleContract):
    pass
