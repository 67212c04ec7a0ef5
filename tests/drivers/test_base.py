"""The device model in drivers.base: BUSY/ERROR derived by the base, usage errors, UPOS statistics names."""

from __future__ import annotations

import pytest

from drivers.base import (
    Device,
    DeviceCategory,
    DeviceError,
    DeviceInfo,
    DeviceState,
    DeviceUsageError,
    ErrorCode,
    ErrorLocus,
    ErrorOccurred,
    HealthLevel,
    HealthResult,
    OutputCompleted,
    PowerState,
    PowerStatus,
    StatusUpdated,
)
from tests.drivers.recorder import EventRecorder


class Minimal(Device):
    """The smallest device: requests are completed or failed by the test, standing in for a worker."""

    category = DeviceCategory.SCALE

    def request(self, output_id: str | None = None) -> str:
        return self._accept_request(output_id)

    def check_health(self, level: HealthLevel) -> HealthResult:
        return HealthResult(True, level, "ok")

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(DeviceCategory.SCALE, "acme", "M1", serial_number="42", port="fake:")


def state_of(device: Device) -> DeviceState:
    """Read state through a call, so the type checker does not narrow it across the actions between reads."""
    return device.state


@pytest.fixture
def device() -> Minimal:
    d = Minimal("scale")
    d.start()
    return d


def test_commands_on_a_device_not_enabled_are_usage_errors_not_device_errors() -> None:
    d = Minimal("scale")
    with pytest.raises(DeviceUsageError) as closed:
        d.request()
    assert closed.value.code is ErrorCode.CLOSED
    assert not isinstance(closed.value, DeviceError)
    d.open()
    with pytest.raises(DeviceUsageError) as unclaimed:
        d.enable()
    assert unclaimed.value.code is ErrorCode.NOTCLAIMED
    d.claim()
    with pytest.raises(DeviceUsageError) as disabled:
        d.request()
    assert disabled.value.code is ErrorCode.DISABLED


def test_busy_while_a_request_is_outstanding(device: Minimal) -> None:
    events = EventRecorder(device)
    first, second = device.request(), device.request("job-7")
    assert second == "job-7" and first != second
    assert state_of(device) is DeviceState.BUSY
    device._complete_request(first)
    assert state_of(device) is DeviceState.BUSY
    device._fail_request("job-7", "zero_refused", "motion", ErrorCode.EXTENDED, 203)
    assert state_of(device) is DeviceState.IDLE
    assert [e.output_id for e in events.of(OutputCompleted)] == [first]
    (failed,) = events.of(ErrorOccurred)
    assert (failed.locus, failed.output_id, failed.error, failed.extended) == (
        ErrorLocus.OUTPUT,
        "job-7",
        ErrorCode.EXTENDED,
        203,
    )


def test_a_running_request_id_cannot_be_reused(device: Minimal) -> None:
    device.request("job-1")
    with pytest.raises(DeviceUsageError, match="already running"):
        device.request("job-1")


@pytest.mark.expect_warnings("error: cover_open")
def test_error_until_the_fault_clears_and_reported_once(device: Minimal) -> None:
    events = EventRecorder(device)
    device._enter_error(ErrorLocus.OUTPUT, "cover_open", "cover open")
    device._enter_error(ErrorLocus.OUTPUT, "cover_open", "cover open")  # repeated poll: silent
    assert state_of(device) is DeviceState.ERROR
    assert device.last_error is not None and device.last_error.code == "cover_open"
    device.request()
    assert state_of(device) is DeviceState.ERROR  # a fault outranks outstanding work
    device._leave_error()
    assert state_of(device) is DeviceState.BUSY
    assert len(events.of(ErrorOccurred)) == 1


@pytest.mark.expect_warnings("unavailable")
def test_power_and_state_are_independent(device: Minimal) -> None:
    events = EventRecorder(device)
    device._mark_unavailable("unplugged")
    assert (device.state, device.power) == (DeviceState.IDLE, PowerState.OFFLINE)
    (offline,) = events.of(StatusUpdated)
    assert offline.status is PowerStatus.OFFLINE


def test_close_forgets_outstanding_work_and_faults(device: Minimal) -> None:
    device.request()
    device.close()
    device.start()
    assert state_of(device) is DeviceState.IDLE


def test_statistics_under_unified_pos_names(device: Minimal) -> None:
    device._count("communication_errors", 2)
    device._count("zero_refusals")
    upos = device.statistics().as_upos()
    assert upos["DeviceCategory"] == "Scale"
    assert (upos["ManufacturerName"], upos["ModelName"], upos["SerialNumber"]) == ("acme", "M1", "42")
    assert upos["CommunicationErrorCount"] == 2
    assert upos["M_zero_refusals"] == 1
