"""The ``LaneLight`` contract suite (UnifiedPOS Lights), run against every implementation through a harness.

The harness says what a person standing at the lane would see (:meth:`LightHarness.wait_seen`), so the fake
and the real driver on the wire-level simulator are held to the same observable behaviour.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Protocol

import pytest

from drivers.base import (
    DeviceCategory,
    DeviceState,
    DeviceUsageError,
    ErrorCode,
    ErrorOccurred,
    HealthLevel,
    OutputCompleted,
    PowerState,
)
from drivers.contracts import Alarm, LaneLight, LightChanged, LightColour
from tests.drivers.recorder import EventRecorder

Seen = Mapping[str, str]
"""What is visible: lamp name ("red", …, "buzzer") → "off" / "on" / "blink"."""


class LightHarness(Protocol):
    @property
    def device(self) -> LaneLight: ...

    @property
    def events(self) -> EventRecorder: ...

    def start(self) -> None: ...

    def wait_seen(self, condition: Callable[[Seen], bool]) -> Seen:
        """Wait until what the lamps show satisfies ``condition`` (fails on timeout); return it."""
        ...

    def unplug(self) -> None: ...

    def replug(self) -> None: ...

    def after_online(self) -> None: ...


def completed(harness: LightHarness, request: str) -> OutputCompleted:
    return harness.events.wait_for(OutputCompleted, lambda e: e.output_id == request)


def only(lamp: str, mode: str) -> Callable[[Seen], bool]:
    return lambda seen: seen[lamp] == mode and all(m == "off" for k, m in seen.items() if k != lamp)


class LightContract:
    def test_lifecycle_and_lights(self, harness: LightHarness) -> None:
        device = harness.device
        assert (device.state, device.power) == (DeviceState.CLOSED, PowerState.UNKNOWN)
        with pytest.raises(DeviceUsageError):
            device.switch_on(LightColour.GREEN)  # closed
        harness.start()
        assert (device.claimed, device.enabled, device.power) == (True, True, PowerState.ONLINE)
        assert device.lights == (LightColour.RED, LightColour.YELLOW, LightColour.GREEN)
        device.disable()
        with pytest.raises(DeviceUsageError) as error:
            device.switch_on(LightColour.GREEN)
        assert error.value.code is ErrorCode.DISABLED
        device.close()
        assert (device.state, device.power) == (DeviceState.CLOSED, PowerState.UNKNOWN)
        assert harness.events.power_changes() == [PowerState.ONLINE]

    def test_switch_on_steady_then_blink_then_off(self, harness: LightHarness) -> None:
        harness.start()
        device = harness.device
        request = device.switch_on(LightColour.GREEN)
        completed(harness, request)
        change = harness.events.wait_for(LightChanged)
        assert (change.light, change.on, change.blinking, change.device) == (
            LightColour.GREEN,
            True,
            False,
            device.name,
        )
        harness.wait_seen(only("green", "on"))
        completed(harness, device.switch_on(LightColour.GREEN, blink_on_ms=500, blink_off_ms=500))
        harness.wait_seen(only("green", "blink"))
        completed(harness, device.switch_off(LightColour.GREEN, output_id="off-1"))
        harness.wait_seen(lambda seen: all(mode == "off" for mode in seen.values()))
        assert device.statistics().counters["switch_commands"] == 3
        assert device.state is DeviceState.IDLE

    def test_show_lights_exactly_one_colour(self, harness: LightHarness) -> None:
        harness.start()
        harness.device.show(LightColour.GREEN)
        harness.wait_seen(only("green", "on"))
        harness.device.show(LightColour.RED, blink=True)
        harness.wait_seen(only("red", "blink"))
        harness.device.show(None)
        harness.wait_seen(lambda seen: all(mode == "off" for mode in seen.values()))

    def test_alarm_sounds_the_buzzer_until_its_light_is_off(self, harness: LightHarness) -> None:
        harness.start()
        completed(harness, harness.device.switch_on(LightColour.RED, alarm=Alarm.FAST))
        assert harness.wait_seen(lambda seen: seen["buzzer"] == "on")["red"] == "on"
        assert harness.events.wait_for(LightChanged).alarm is Alarm.FAST
        completed(harness, harness.device.switch_off(LightColour.RED))
        harness.wait_seen(lambda seen: seen["buzzer"] == "off" and seen["red"] == "off")

    def test_bad_requests_are_usage_errors(self, harness: LightHarness) -> None:
        harness.start()
        with pytest.raises(DeviceUsageError):
            harness.device.switch_on(LightColour.BLUE)  # a tri-colour tower has no blue lamp
        with pytest.raises(DeviceUsageError):
            harness.device.switch_on(LightColour.RED, blink_on_ms=-1)

    @pytest.mark.expect_warnings("unavailable")
    def test_unplug_fails_requests_and_replug_restores_the_light(
        self, harness: LightHarness, caplog: pytest.LogCaptureFixture
    ) -> None:
        harness.start()
        device = harness.device
        completed(harness, device.switch_on(LightColour.YELLOW))
        harness.unplug()
        harness.events.wait_power(PowerState.OFFLINE)
        assert not device.check_health(HealthLevel.INTERNAL).ok
        assert not device.check_health(HealthLevel.EXTERNAL).ok
        request = device.switch_on(LightColour.RED, blink_on_ms=300, blink_off_ms=300)
        failed = harness.events.wait_for(ErrorOccurred, lambda e: e.output_id == request)
        assert (failed.error, failed.code) == (ErrorCode.OFFLINE, "offline")
        harness.replug()
        harness.events.wait_power(PowerState.ONLINE, n=2)  # bounded by WAIT_S: back within 5 s
        harness.after_online()
        # Back with what was last asked for, though that request failed: the lane's wish still stands.
        harness.wait_seen(lambda seen: seen["yellow"] == "on" and seen["red"] == "blink")
        assert harness.events.power_changes() == [PowerState.ONLINE, PowerState.OFFLINE, PowerState.ONLINE]
        assert [r.levelno for r in caplog.records if "unavailable" in r.getMessage()] == [logging.WARNING]
        assert [r.levelno for r in caplog.records if "back" in r.getMessage()] == [logging.INFO]
        assert device.statistics().counters["reconnects"] == 1

    @pytest.mark.expect_warnings("unavailable")
    def test_absent_at_start_comes_online_later(self, harness: LightHarness) -> None:
        harness.unplug()
        harness.device.start()
        assert harness.device.power is PowerState.OFFLINE
        harness.replug()
        harness.events.wait_power(PowerState.ONLINE)
        harness.after_online()
        completed(harness, harness.device.switch_on(LightColour.GREEN))
        harness.wait_seen(only("green", "on"))

    def test_statistics_and_device_info(self, harness: LightHarness) -> None:
        stats = harness.device.statistics()
        assert stats.info.category is DeviceCategory.LANE_LIGHT
        assert set(stats.counters) >= {"switch_commands", "communication_errors", "reconnects"}
        assert not any(stats.counters.values())
        assert stats.as_upos()["DeviceCategory"] == "Lights"

    def test_check_health_levels(self, harness: LightHarness) -> None:
        assert not harness.device.check_health(HealthLevel.INTERNAL).ok  # closed
        harness.start()
        completed(harness, harness.device.switch_on(LightColour.GREEN))
        for level in HealthLevel:
            result = harness.device.check_health(level)
            assert (result.ok, result.level) == (True, level)
            assert result.text.startswith(f"{level.name.capitalize()} HCheck: Successful")
        harness.wait_seen(only("green", "on"))  # the colour cycle put the wanted state back

    def test_close_is_prompt(self, harness: LightHarness) -> None:
        harness.start()
        started = time.monotonic()
        harness.device.close()
        assert time.monotonic() - started < 1.0
