"""The ``Scale`` contract suite, run against every implementation through a harness (fake, simulators).

Subclass :class:`ScaleContract` in a ``test_*.py`` module and provide a ``harness`` fixture.
"""

from __future__ import annotations

import logging
import time
from typing import Protocol

import pytest

from drivers.base import (
    DeviceCategory,
    DeviceState,
    DeviceUsageError,
    ErrorLocus,
    ErrorOccurred,
    HealthLevel,
    OutputCompleted,
    PowerState,
)
from drivers.contracts import Scale, WeightChanged, WeightStatus
from tests.drivers.recorder import EventRecorder, wait_until


class ScaleHarness(Protocol):
    @property
    def device(self) -> Scale: ...

    @property
    def events(self) -> EventRecorder: ...

    def start(self) -> None:
        """``device.start()`` and wait until the world can reach it (if it is there)."""

    def put(self, grams: int) -> None:
        """The platter now carries ``grams``; it settles by itself."""

    def motion(self, on: bool) -> None: ...

    def unplug(self) -> None: ...

    def replug(self) -> None: ...


def settled(harness: ScaleHarness, grams: int, n: int = 1) -> WeightChanged:
    return harness.events.wait_for(WeightChanged, lambda e: e.stable and e.grams == grams, n)


def status(harness: ScaleHarness, wanted: WeightStatus) -> WeightChanged:
    return harness.events.wait_for(WeightChanged, lambda e: e.status is wanted)


def messages(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if text in r.getMessage()]


class ScaleContract:
    def test_weights_are_pushed_only_when_stable_and_changed(self, harness: ScaleHarness) -> None:
        harness.start()
        settled(harness, 0)
        harness.put(1234)
        event = settled(harness, 1234)
        assert (event.device, event.net) == (harness.device.name, False)
        assert harness.device.weight == event
        stable_1234 = harness.events.of(WeightChanged, lambda e: e.stable and e.grams == 1234)
        assert len(stable_1234) == 1  # repeated equal readings are not repeated events
        assert harness.device.statistics().counters["good_weight_reads"] >= 2

    def test_motion_under_zero_and_over_capacity_are_not_weights(self, harness: ScaleHarness) -> None:
        harness.start()
        settled(harness, 0)
        harness.motion(True)
        assert not status(harness, WeightStatus.MOTION).stable
        harness.motion(False)
        harness.put(-500)
        assert status(harness, WeightStatus.UNDER_ZERO).grams is None
        harness.put(harness.device.capacity_g + 1000)
        assert status(harness, WeightStatus.OVER_CAPACITY).grams is None
        harness.put(700)
        settled(harness, 700)

    def test_zero_is_a_request_completed_by_event(self, harness: ScaleHarness) -> None:
        harness.start()
        harness.put(4)
        settled(harness, 4)
        output_id = harness.device.zero()
        done = harness.events.wait_for(OutputCompleted, lambda e: e.output_id == output_id)
        assert done.device == harness.device.name
        harness.events.wait_for(WeightChanged, lambda e: e.stable and e.grams == 0 and e.at >= done.at)
        wait_until(lambda: harness.device.state is DeviceState.IDLE, "the request is no longer outstanding")

    def test_zero_refused_with_a_load_on_reports_an_output_error(self, harness: ScaleHarness) -> None:
        harness.start()
        harness.put(5000)
        settled(harness, 5000)
        output_id = harness.device.zero("zero-1")
        assert output_id == "zero-1"
        error = harness.events.wait_for(ErrorOccurred, lambda e: e.output_id == "zero-1")
        assert (error.locus, error.code) == (ErrorLocus.OUTPUT, "zero_refused")
        wait_until(lambda: harness.device.state is DeviceState.IDLE, "back to IDLE: a refusal is no fault")

    def test_tare_then_net_weights_then_clear(self, harness: ScaleHarness) -> None:
        harness.start()
        harness.put(300)
        settled(harness, 300)
        tare_id = harness.device.tare()
        harness.events.wait_for(OutputCompleted, lambda e: e.output_id == tare_id)
        harness.put(800)
        net = settled(harness, 500)
        assert net.net
        clear_id = harness.device.clear_tare()
        harness.events.wait_for(OutputCompleted, lambda e: e.output_id == clear_id)
        assert not settled(harness, 800).net

    def test_requests_need_an_enabled_device(self, harness: ScaleHarness) -> None:
        with pytest.raises(DeviceUsageError):
            harness.device.zero()
        harness.start()
        harness.device.disable()
        with pytest.raises(DeviceUsageError):
            harness.device.tare()

    @pytest.mark.expect_warnings("unavailable")
    def test_unplug_offline_once_health_fails_and_replug_back(
        self, harness: ScaleHarness, caplog: pytest.LogCaptureFixture
    ) -> None:
        harness.start()
        settled(harness, 0)
        device = harness.device
        harness.unplug()
        harness.events.wait_power(PowerState.OFFLINE)
        for level in HealthLevel:
            result = device.check_health(level)
            assert not result.ok, result.text
            assert "Failed" in result.text
        harness.replug()
        harness.events.wait_power(PowerState.ONLINE, n=2)
        harness.put(250)
        settled(harness, 250)
        assert harness.events.power_changes() == [PowerState.ONLINE, PowerState.OFFLINE, PowerState.ONLINE]
        (unavailable,) = messages(caplog, "unavailable")
        assert unavailable.levelno == logging.WARNING
        assert getattr(unavailable, "device", None) == device.name
        (back,) = messages(caplog, "back")
        assert back.levelno == logging.INFO
        assert device.statistics().counters["reconnects"] == 1

    @pytest.mark.expect_warnings("unavailable")
    def test_absent_at_start_does_not_raise_and_comes_online_later(self, harness: ScaleHarness) -> None:
        harness.unplug()
        harness.device.start()
        assert harness.device.power is PowerState.OFFLINE
        harness.replug()
        harness.events.wait_power(PowerState.ONLINE)
        settled(harness, 0)

    def test_health_at_three_levels_when_plugged(self, harness: ScaleHarness) -> None:
        assert not harness.device.check_health(HealthLevel.INTERNAL).ok  # not started
        harness.start()
        settled(harness, 0)
        for level in HealthLevel:
            result = harness.device.check_health(level)
            assert result.ok, result.text
            assert result.text.startswith(f"{level.name.capitalize()} HCheck: Successful")

    def test_statistics_under_unified_pos_names(self, harness: ScaleHarness) -> None:
        stats = harness.device.statistics()
        assert stats.info.category is DeviceCategory.SCALE
        assert {"good_weight_reads", "communication_errors", "reconnects"} <= set(stats.counters)
        assert not any(stats.counters.values())
        assert stats.as_upos()["GoodWeightReadCount"] == 0

    def test_close_is_prompt(self, harness: ScaleHarness) -> None:
        harness.start()
        started = time.monotonic()
        harness.device.close()
        assert time.monotonic() - started < 1.0
        assert harness.device.state is DeviceState.CLOSED
