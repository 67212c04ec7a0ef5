"""SerialScanner behaviour beyond the contract: framing settings end to end, logs, back-off, config errors."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from drivers.base import ErrorOccurred, HealthLevel, PowerState
from drivers.contracts import ScanReceived, Symbology
from drivers.scanner.serial_scanner import SerialScanner
from drivers.scanner.settings import SerialScannerSettings
from drivers.serial_worker import Backoff
from simulators.scanner import ScannerFaults, ScannerProgramming, SerialScannerSimulator
from tests.drivers.recorder import WAIT_S, EventRecorder, wait_until
from tests.drivers.test_scanner_contract import fast_scanner


@pytest.fixture
def sim() -> Iterator[SerialScannerSimulator]:
    with SerialScannerSimulator(programming=ScannerProgramming(prefix=b"#", suffix=b"\r\n")) as simulator:
        yield simulator


@pytest.fixture
def scanner(sim: SerialScannerSimulator) -> Iterator[SerialScanner]:
    device = fast_scanner(sim.url, prefix="#", suffix="\r\n", max_frame_len=32)
    yield device
    device.close()


def started(device: SerialScanner, sim: SerialScannerSimulator) -> EventRecorder:
    events = EventRecorder(device)
    device.start()
    assert device.power is PowerState.ONLINE
    assert sim.wait_for_client(WAIT_S)
    return events


def test_prefix_and_crlf_suffix_end_to_end(scanner: SerialScanner, sim: SerialScannerSimulator) -> None:
    events = started(scanner, sim)
    sim.scan("0104006381333931\x1d10LOT42", "GS1_128")
    scan = events.wait_for(ScanReceived)
    assert (scan.label, scan.symbology, scan.aim_id) == (
        "0104006381333931\x1d10LOT42",
        Symbology.GS1_128,
        "]C1",
    )


def test_oversize_and_wrong_prefix_are_counted_as_garbage(
    scanner: SerialScanner, sim: SerialScannerSimulator
) -> None:
    events = started(scanner, sim)
    sim.scan("9" * 40, "CODE128")  # longer than max_frame_len=32
    sim.send_garbage(b"]E0123")  # no "#" prefix
    sim.scan("4006381333931")
    events.wait_for(ScanReceived)
    assert [e.code for e in events.of(ErrorOccurred)] == ["oversize_frame", "wrong_prefix"]
    assert scanner.statistics().counters["garbage_frames"] == 2


@pytest.mark.expect_warnings("unavailable")
def test_unavailable_logged_once_over_many_retries_and_back_once(
    scanner: SerialScanner, sim: SerialScannerSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    events = started(scanner, sim)
    sim.refuse_connections(True)
    sim.disconnect()
    events.wait_power(PowerState.OFFLINE)
    wait_until(lambda: scanner.statistics().counters["communication_errors"] >= 6, "six failed attempts")
    sim.refuse_connections(False)
    events.wait_power(PowerState.ONLINE, n=2)

    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage().split(":")[0] for r in warnings] == ["scanner unavailable"]
    assert getattr(warnings[0], "device", None) == "scanner"
    back = [r for r in caplog.records if "back" in r.getMessage()]
    assert [(r.levelno, getattr(r, "device", None)) for r in back] == [(logging.INFO, "scanner")]
    assert events.power_changes() == [PowerState.ONLINE, PowerState.OFFLINE, PowerState.ONLINE]


@pytest.mark.expect_warnings("unavailable")
def test_close_is_prompt_while_backing_off(sim: SerialScannerSimulator) -> None:
    sim.refuse_connections(True)
    device = SerialScanner(
        "scanner", SerialScannerSettings(port=sim.url, reconnect_min_s=4, reconnect_max_s=4)
    )
    device.start()
    assert device.power is PowerState.OFFLINE
    started_at = time.monotonic()
    device.close()
    assert time.monotonic() - started_at < 1.0


@pytest.mark.expect_warnings("unavailable")
def test_the_simulators_drop_fault_reconnects_by_itself() -> None:
    with SerialScannerSimulator(faults=ScannerFaults(drop_after_scans=1)) as sim:
        device = fast_scanner(sim.url)
        try:
            events = started(device, sim)
            sim.scan("4006381333931")
            events.wait_for(ScanReceived)
            events.wait_power(PowerState.ONLINE, n=2)
            assert device.statistics().counters["reconnects"] == 1
        finally:
            device.close()


def test_external_health_check_says_nothing_was_sent(
    scanner: SerialScanner, sim: SerialScannerSimulator
) -> None:
    started(scanner, sim)
    result = scanner.check_health(HealthLevel.EXTERNAL)
    assert result.ok
    assert "receive-only" in result.text
    assert sim.traffic.records() == []  # no bytes either way: the check did not touch the device


def test_device_info_names_the_port(scanner: SerialScanner, sim: SerialScannerSimulator) -> None:
    info = scanner.device_info()
    assert (info.port, info.manufacturer) == (sim.url, "generic")


def test_unknown_url_scheme_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="port"):
        SerialScannerSettings(port="bogus://nowhere")


def test_backoff_doubles_up_to_the_cap() -> None:
    backoff = Backoff(0.5, 3.0)
    delays = [backoff.after(None)]
    for _ in range(4):
        delays.append(backoff.after(delays[-1]))
    assert delays == [0.5, 1.0, 2.0, 3.0, 3.0]
    with pytest.raises(ValueError):
        Backoff(2.0, 1.0)


def test_without_aim_ids_the_tail_after_a_gap_is_never_a_scan() -> None:
    with SerialScannerSimulator(programming=ScannerProgramming(aim_ids=False)) as plain:
        device = fast_scanner(plain.url, aim_ids=False)
        try:
            events = started(device, plain)
            plain.send_partial("4006381")
            assert events.wait_for(ErrorOccurred).code == "partial_frame"  # reported once the gap is over
            plain.send_garbage(b"333931")  # the rest of that frame, late
            plain.scan("96385074", "EAN8")
            assert events.wait_for(ScanReceived).label == "96385074"
            assert [e.code for e in events.of(ErrorOccurred)] == ["partial_frame", "garbage_frame"]
            assert [e.label for e in events.of(ScanReceived)] == ["96385074"]
        finally:
            device.close()


def test_a_partial_frame_glued_to_the_next_frame_does_not_swallow_it() -> None:
    with SerialScannerSimulator() as aim:
        # A long timeout: the pause below (0.7 s) is over a quarter of it, so whether the driver sees a pause
        # or a timeout, the outcome is the same.
        device = SerialScanner("scanner", SerialScannerSettings(port=aim.url, inter_char_timeout_s=2.0))
        try:
            events = started(device, aim)
            aim.send_partial("123")
            time.sleep(0.7)
            aim.scan("96385074", "EAN8")
            assert events.wait_for(ScanReceived).label == "96385074"
            assert [e.code for e in events.of(ErrorOccurred)] == ["partial_frame"]
        finally:
            device.close()
