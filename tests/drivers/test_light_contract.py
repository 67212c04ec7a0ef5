"""Run the LaneLight contract against the fake and the tower-light driver on its simulator (TCP and pty)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from drivers.base import PowerState
from drivers.light.fake import FakeLaneLight
from drivers.light.settings import TowerLightSettings
from drivers.light.tower_light import TowerLight
from simulators.device import Transport
from simulators.light import TowerLightSimulator
from tests.drivers.light_contract import LightContract, LightHarness, Seen
from tests.drivers.recorder import WAIT_S, EventRecorder, wait_until


def fast_light(port: str) -> TowerLight:
    return TowerLight("light", TowerLightSettings(port=port, reconnect_min_s=0.01, reconnect_max_s=0.05))


class FakeHarness:
    def __init__(self) -> None:
        self.device = FakeLaneLight("light")
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()

    def seen(self) -> Seen:
        shown = {
            str(light): "off" if not s.on else "blink" if s.blinking else "on"
            for light, s in self.device.shown.items()
        }
        return {**shown, "buzzer": "on" if self.device.buzzing_now else "off"}

    def wait_seen(self, condition: Callable[[Seen], bool]) -> Seen:
        wait_until(lambda: condition(self.seen()), "the fake light shows it")
        return self.seen()

    def unplug(self) -> None:
        self.device.unplug()

    def replug(self) -> None:
        self.device.replug()

    def after_online(self) -> None:
        pass

    def close(self) -> None:
        self.device.close()


class SimulatorHarness:
    def __init__(self, transport: Transport) -> None:
        self.sim = TowerLightSimulator(transport=transport)
        self.device = fast_light(self.sim.url)
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()
        if self.device.power is PowerState.ONLINE:
            self.after_online()

    def seen(self) -> Seen:
        return {
            name: str(mode) for name, mode in self.sim.state.modes.items() if name not in ("blue", "white")
        }

    def wait_seen(self, condition: Callable[[Seen], bool]) -> Seen:
        assert self.sim.wait_for(lambda _: condition(self.seen()), WAIT_S), f"light shows {self.seen()}"
        return self.seen()

    def unplug(self) -> None:
        self.sim.unplug()

    def replug(self) -> None:
        self.sim.replug()

    def after_online(self) -> None:
        assert self.sim.wait_for_client(WAIT_S)

    def close(self) -> None:
        self.device.close()
        self.sim.close()


@pytest.fixture(params=["fake", "tcp", "pty"])
def harness(request: pytest.FixtureRequest) -> Iterator[LightHarness]:
    h: FakeHarness | SimulatorHarness = (
        FakeHarness() if request.param == "fake" else SimulatorHarness(request.param)
    )
    try:
        yield h
    finally:
        h.close()


class TestLightContract(LightContract):
    pass
