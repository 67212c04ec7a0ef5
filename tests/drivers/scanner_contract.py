"""The ``Scanner`` contract suite, run against every implementation through a harness.

A harness owns one device plus whatever plays the world for it (the fake itself, or a wire-level simulator),
so the same tests prove the fake and the real driver behave alike. Subclass :class:`ScannerContract` in a
``test_*.py`` module and provide a ``harness`` fixture (parametrised over implementations).
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
    PowerState,
    StatusUpdated,
)
from drivers.contracts import Scanner, ScanReceived, Symbology
from tests.drivers.recorder import EventRecorder, wait_until

GS = "\x1d"


class ScannerHarness(Protocol):
    @property
    def device(self) -> Scanner: ...

    @property
    def events(self) -> EventRecorder: ...

    @property
    def failed_attempts(self) -> int:
        """Failed reconnect attempts to observe before replugging (1 when nothing retries)."""
        ...

    def start(self) -> None:
        """``device.start()``, then wait until the world can reach the device if it is online."""

    def scan(self, label: str, symbology: Symbology) -> None: ...

    def garbage(self) -> None: ...

    def partial(self, label: str) -> None: ...

    def unplug(self) -> None:
        """Pull the cable and keep it out (reconnect attempts fail) until :meth:`replug`."""

    def replug(self) -> None: ...

    def after_online(self) -> None:
        """Called once the device reported ONLINE: wait until the world side sees it too."""


def scan_and_wait(
    harness: ScannerHarness, label: str, symbology: Symbology = Symbology.EAN13
) -> ScanReceived:
    harness.scan(label, symbology)
    return harness.events.wait_for(ScanReceived, lambda e: e.label == label)


def messages(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if text in r.getMessage()]


class ScannerContract:
    def test_lifecycle_states(self, harness: ScannerHarness) -> None:
        device = harness.device
        assert (device.state, device.power) == (DeviceState.CLOSED, PowerState.UNKNOWN)
        device.open()
        assert device.state is DeviceState.IDLE
        with pytest.raises(DeviceUsageError):
            device.enable()  # enable before claim
        harness.start()
        assert (device.claimed, device.enabled, device.power) == (True, True, PowerState.ONLINE)
        device.disable()
        assert (device.claimed, device.enabled) == (True, False)
        device.release()
        assert (device.state, device.claimed) == (DeviceState.IDLE, False)
        device.close()
        assert (device.state, device.power) == (DeviceState.CLOSED, PowerState.UNKNOWN)
        assert harness.events.power_changes() == [PowerState.ONLINE]

    def test_scan_is_delivered_with_label_and_symbology(self, harness: ScannerHarness) -> None:
        harness.start()
        event = scan_and_wait(harness, "4006381333931", Symbology.EAN13)
        assert (event.device, event.symbology) == (harness.device.name, Symbology.EAN13)
        assert scan_and_wait(harness, "96385074", Symbology.EAN8).symbology is Symbology.EAN8
        gs1 = f"0104006381333931{GS}10LOT42{GS}17251231"
        assert scan_and_wait(harness, gs1, Symbology.GS1_DATAMATRIX).symbology is Symbology.GS1_DATAMATRIX
        assert harness.device.statistics().counters["good_scans"] == 3

    def test_garbage_does_not_stop_the_stream(self, harness: ScannerHarness) -> None:
        harness.start()
        harness.garbage()
        error = harness.events.wait_for(ErrorOccurred)
        assert (error.locus, error.code) == (ErrorLocus.INPUT_DATA, "garbage_frame")
        scan_and_wait(harness, "4006381333931")
        counters = harness.device.statistics().counters
        assert (counters["garbage_frames"], counters["good_scans"]) == (1, 1)

    def test_partial_frame_is_discarded_and_the_next_frame_reads(self, harness: ScannerHarness) -> None:
        harness.start()
        harness.partial("4006381333931")
        error = harness.events.wait_for(ErrorOccurred)
        assert (error.locus, error.code) == (ErrorLocus.INPUT_DATA, "partial_frame")
        assert scan_and_wait(harness, "96385074", Symbology.EAN8).label == "96385074"
        counters = harness.device.statistics().counters
        assert (counters["partial_frames"], counters["good_scans"], counters["garbage_frames"]) == (1, 1, 0)

    @pytest.mark.expect_warnings("unavailable")
    def test_unplug_goes_offline_once_and_replug_comes_back_once(
        self, harness: ScannerHarness, caplog: pytest.LogCaptureFixture
    ) -> None:
        harness.start()
        device = harness.device
        harness.unplug()
        harness.events.wait_power(PowerState.OFFLINE)
        wait_until(
            lambda: device.statistics().counters["communication_errors"] >= harness.failed_attempts,
            "several reconnect attempts failed",
        )
        assert device.power is PowerState.OFFLINE
        assert not device.check_health(HealthLevel.INTERNAL).ok
        harness.replug()
        harness.events.wait_power(PowerState.ONLINE, n=2)
        harness.after_online()
        scan_and_wait(harness, "4006381333931")

        assert harness.events.power_changes() == [PowerState.ONLINE, PowerState.OFFLINE, PowerState.ONLINE]
        offline = harness.events.of(StatusUpdated, lambda e: e.power is PowerState.OFFLINE)
        assert [e.status for e in offline] == ["offline"]
        (unavailable,) = messages(caplog, "unavailable")
        assert unavailable.levelno == logging.WARNING
        assert getattr(unavailable, "device", None) == device.name
        (back,) = messages(caplog, "back")
        assert back.levelno == logging.INFO
        assert device.statistics().counters["reconnects"] == 1

    @pytest.mark.expect_warnings("unavailable")
    def test_absent_at_start_does_not_raise_and_comes_online_later(
        self, harness: ScannerHarness, caplog: pytest.LogCaptureFixture
    ) -> None:
        harness.unplug()
        harness.device.start()  # must not raise
        assert harness.device.power is PowerState.OFFLINE
        assert harness.device.state is DeviceState.IDLE
        harness.replug()
        harness.events.wait_power(PowerState.ONLINE)
        harness.after_online()
        scan_and_wait(harness, "4006381333931")
        assert harness.events.power_changes() == [PowerState.OFFLINE, PowerState.ONLINE]
        assert len(messages(caplog, "unavailable")) == 1

    def test_statistics_and_device_info(self, harness: ScannerHarness) -> None:
        stats = harness.device.statistics()
        assert stats.info.category is DeviceCategory.SCANNER
        assert set(stats.counters) >= {
            "good_scans",
            "garbage_frames",
            "partial_frames",
            "communication_errors",
            "reconnects",
        }
        assert not any(stats.counters.values())

    def test_check_health(self, harness: ScannerHarness) -> None:
        assert not harness.device.check_health(HealthLevel.INTERNAL).ok  # closed
        harness.start()
        internal = harness.device.check_health(HealthLevel.INTERNAL)
        assert internal.ok
        assert internal.level is HealthLevel.INTERNAL
        assert internal.text.startswith("Internal HCheck: Successful")
        external = harness.device.check_health(HealthLevel.EXTERNAL)
        assert external.level is HealthLevel.EXTERNAL
        assert external.text.startswith("External HCheck")
        harness.device.beep()  # never raises, whatever the device can do

    @pytest.mark.expect_warnings("listener failed")
    def test_a_failing_listener_does_not_stop_delivery(self, harness: ScannerHarness) -> None:
        def broken(event: object) -> None:
            raise RuntimeError("subscriber bug")

        harness.device.subscribe(broken)
        harness.start()
        scan_and_wait(harness, "4006381333931")
        scan_and_wait(harness, "96385074", Symbology.EAN8)

    def test_close_is_prompt(self, harness: ScannerHarness) -> None:
        harness.start()
        started = time.monotonic()
        harness.device.close()
        assert time.monotonic() - started < 1.0
        assert harness.device.state is DeviceState.CLOSED
