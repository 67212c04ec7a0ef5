"""Scale driver behaviour beyond the contract: a silent scale, default back-off, settings, line noise."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.base import ErrorLocus, ErrorOccurred, HealthLevel, PowerState
from drivers.contracts import WeightChanged
from drivers.registry import create, settings_model
from drivers.scale.serial_scale import Toledo8217Scale
from drivers.scale.settings import Toledo8217Settings
from simulators.scale import ScaleModel, ScaleSimulator
from tests.drivers.recorder import WAIT_S, EventRecorder, wait_until
from tests.drivers.test_scale_contract import scale_driver


@pytest.fixture
def sim() -> Iterator[ScaleSimulator]:
    with ScaleSimulator("toledo_8217", model=ScaleModel(settle_s=0.05, noise_g=0)) as simulator:
        yield simulator


@pytest.mark.expect_warnings("unavailable")
def test_a_silent_scale_goes_offline_and_comes_back_when_it_answers(sim: ScaleSimulator) -> None:
    """An RS-232 cable pulled at the scale leaves the port open: only the missing replies tell."""
    device = scale_driver("toledo_8217", sim.url)
    events = EventRecorder(device)
    try:
        device.start()
        events.wait_for(WeightChanged, lambda e: e.stable)
        sim.mute(True)
        events.wait_power(PowerState.OFFLINE)
        assert not device.check_health(HealthLevel.INTERNAL).ok
        sim.mute(False)
        events.wait_power(PowerState.ONLINE, n=2)
        assert device.statistics().counters["reconnects"] == 1
    finally:
        device.close()


@pytest.mark.expect_warnings("unavailable")
def test_back_within_the_capped_default_back_off(sim: ScaleSimulator) -> None:
    """Default settings (back-off capped at 2 s): after several failed attempts the scale is back well inside
    the recorder's 5 s bound once it is replugged."""
    device = Toledo8217Scale("scale", Toledo8217Settings(port=sim.url, poll_interval_s=0.05))
    events = EventRecorder(device)
    try:
        device.start()
        events.wait_power(PowerState.ONLINE)
        sim.unplug()
        events.wait_power(PowerState.OFFLINE)
        wait_until(lambda: device.statistics().counters["communication_errors"] >= 3, "three failed attempts")
        sim.replug()
        events.wait_power(PowerState.ONLINE, n=2)
        assert sim.wait_for_client(WAIT_S)
    finally:
        device.close()


def test_line_noise_is_an_input_error_and_weighing_goes_on(sim: ScaleSimulator) -> None:
    device = scale_driver("toledo_8217", sim.url)
    events = EventRecorder(device)
    try:
        device.start()
        events.wait_for(WeightChanged, lambda e: e.stable)
        sim.send_garbage(b"\x41\x42")  # two bytes outside any frame
        error = events.wait_for(ErrorOccurred)
        assert (error.locus, error.code) == (ErrorLocus.INPUT_DATA, "garbage_frame")
        sim.put(900)
        events.wait_for(WeightChanged, lambda e: e.stable and e.grams == 900)
        assert device.statistics().counters["garbage_frames"] == 2
    finally:
        device.close()


def test_settings_from_toml_shapes() -> None:
    """What the config loader hands over: plain dicts, nested status map included."""
    model = settings_model("toledo_8217")
    settings = model.model_validate({"port": "/dev/ttyUSB0", "unit": "lb", "status_bits": {"under_zero": 8}})
    assert isinstance(settings, Toledo8217Settings)
    assert (settings.bytesize, settings.parity, settings.status_bits.under_zero) == (7, "E", 8)


@pytest.mark.parametrize(
    ("driver", "settings", "message"),
    [
        ("toledo_8217", {"port": "/dev/ttyUSB0", "unit": "g"}, r"'toledo_8217'.*unit"),
        ("toledo_8217", {"port": "/dev/ttyUSB0", "reconnect_max_s": 30}, r"'reconnect_max_s'"),
        ("mt_sics", {"port": "/dev/ttyUSB0", "weigh_command": "SX"}, r"'weigh_command'"),
        ("mt_sics", {"port": "/dev/ttyUSB0", "stable_reads": 0}, r"'stable_reads'"),
        ("toledo_8217", {"port": "/dev/ttyUSB0", "status_bits": {"wobble": 1}}, r"status_bits.wobble"),
    ],
)
def test_bad_settings_name_the_key(driver: str, settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        create(driver, "item_scale", settings)
