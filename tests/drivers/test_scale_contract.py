"""The Scale contract against the fake and both protocol drivers on their simulators, over TCP and a pty.

The 8217 is 7E1 on a real line. A pty cannot carry 7-bit/parity settings (devices.md §7), so on the pty the
driver is configured 8N1 — the protocol bytes are 7-bit ASCII and the driver masks bit 7 anyway — and the
7E1 line settings are exercised over TCP (``socket://`` accepts and ignores them, as pyserial documents).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from drivers.contracts import WeightStatus
from drivers.scale.fake import FakeScale
from drivers.scale.serial_scale import MtSicsScale, SerialScale, Toledo8217Scale
from drivers.scale.settings import MtSicsSettings, Toledo8217Settings
from simulators.scale import ScaleModel, ScaleSimulator
from tests.drivers.recorder import WAIT_S, EventRecorder
from tests.drivers.scale_contract import ScaleContract, ScaleHarness

FAST: dict[str, Any] = {
    "poll_interval_s": 0.02,
    "reply_timeout_s": 0.3,
    "reconnect_min_s": 0.01,
    "reconnect_max_s": 0.05,
    "missed_replies_offline": 2,
}


def scale_driver(protocol: str, url: str, *, pty: bool = False, **settings: Any) -> SerialScale:
    """A driver with test timings; over a pty the line is 8N1 (the only framing a pty carries)."""
    line: dict[str, Any] = {"bytesize": 8, "parity": "N"} if pty else {}
    if protocol == "toledo_8217":
        return Toledo8217Scale("scale", Toledo8217Settings(port=url, **line, **FAST, **settings))
    return MtSicsScale("scale", MtSicsSettings(port=url, **FAST, **settings))


class FakeHarness:
    def __init__(self) -> None:
        self.device = FakeScale("scale")
        self.events = EventRecorder(self.device)
        self._load = 0

    def start(self) -> None:
        self.device.start()

    def put(self, grams: int) -> None:
        self._load = grams
        self.device.put(grams)

    def motion(self, on: bool) -> None:
        self.device.put(self._load, WeightStatus.MOTION if on else WeightStatus.STABLE)

    def unplug(self) -> None:
        self.device.unplug()

    def replug(self) -> None:
        self.device.replug()

    def close(self) -> None:
        self.device.close()


class SimulatorHarness:
    def __init__(self, protocol: str, transport: str, **settings: Any) -> None:
        model = ScaleModel(settle_s=0.05, noise_g=2)
        self.sim = ScaleSimulator(protocol, transport=transport, model=model)  # type: ignore[arg-type]
        self.device = scale_driver(protocol, self.sim.url, pty=transport == "pty", **settings)
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()
        assert self.sim.wait_for_client(WAIT_S)

    def put(self, grams: int) -> None:
        self.sim.put(grams)

    def motion(self, on: bool) -> None:
        self.sim.set_motion(on)

    def unplug(self) -> None:
        self.sim.unplug()

    def replug(self) -> None:
        self.sim.replug()

    def close(self) -> None:
        self.device.close()
        self.sim.close()


@pytest.fixture(
    params=["fake", "toledo_8217-tcp", "toledo_8217-pty", "mt_sics-tcp", "mt_sics-pty", "mt_sics-tcp-SIR"]
)
def harness(request: pytest.FixtureRequest) -> Iterator[ScaleHarness]:
    name: str = request.param
    if name == "fake":
        h: FakeHarness | SimulatorHarness = FakeHarness()
    else:
        protocol, transport, *mode = name.split("-")
        h = SimulatorHarness(protocol, transport, **({"weigh_command": mode[0]} if mode else {}))
    try:
        yield h
    finally:
        h.close()


class TestScaleContract(ScaleContract):
    pass
