"""The keyboard-wedge driver beyond the contract: GS by function key end to end, the evdev path, settings."""

from __future__ import annotations

import pytest

from drivers.base import ErrorOccurred, HealthLevel, PowerState
from drivers.contracts import ScanReceived, Symbology
from drivers.hid_scanner.settings import HidScannerSettings
from drivers.registry import create
from simulators.hid_scanner import HidWedgeSimulator, WedgeProgramming
from tests.drivers.recorder import WAIT_S, EventRecorder
from tests.drivers.test_hid_scanner_contract import fast_wedge

GS = "\x1d"


def test_chestny_znak_code_with_gs_sent_as_f8() -> None:
    code = f"0104600439931256215Ab/cd{GS}91EE06{GS}92abcdefghijklmnopqrstuvwxyz0123456789AB+/=="
    with HidWedgeSimulator(programming=WedgeProgramming(gs_key="F8")) as sim:
        device = fast_wedge(sim.url, gs_key="F8", aim_ids=False)
        events = EventRecorder(device)
        try:
            device.start()
            assert sim.wait_for_client(WAIT_S)
            sim.scan(code)
            scan = events.wait_for(ScanReceived)
            assert (scan.label, scan.symbology, scan.aim_id) == (code, Symbology.UNKNOWN, None)
        finally:
            device.close()


def test_a_wedge_without_aim_id_is_rejected_when_aim_ids_are_expected() -> None:
    with HidWedgeSimulator() as sim:
        device = fast_wedge(sim.url)
        events = EventRecorder(device)
        try:
            device.start()
            assert sim.wait_for_client(WAIT_S)
            sim.scan("4006381333931")
            sim.scan("96385074")
            errors = [events.wait_for(ErrorOccurred, n=n) for n in (1, 2)]
            assert [e.code for e in errors] == ["garbage_frame", "garbage_frame"]
        finally:
            device.close()


@pytest.mark.expect_warnings("unavailable")
@pytest.mark.parametrize("port", ["/dev/input/event-kiosk-missing", "usb:0c2e:0b61"])
def test_absent_evdev_device_is_offline_and_unhealthy(port: str) -> None:
    device = create("hid_scanner", "hid_scanner", {"port": port, "reconnect_min_s": 0.05})
    try:
        device.start()  # never raises: it keeps looking in the background
        assert device.power is PowerState.OFFLINE
        result = device.check_health(HealthLevel.INTERNAL)
        assert not result.ok and "offline" in result.text
    finally:
        device.close()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"gs_key": "Hyper+]"}, "bad key chord"),
        ({"layout": "dvorak"}, "unknown layout"),
        ({"key_overrides": {"KEY_Z": "y"}}, "two characters"),
        ({"port": "COM3"}, "evdev path"),
        ({"reconnect_max_s": 10.0}, "less than or equal to 4"),
        ({"shift": True}, "Extra inputs"),
    ],
)
def test_settings_are_validated(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        HidScannerSettings.model_validate({"port": "/dev/input/event3", **settings})
