"""The shipped ``config/devices.toml``: only known roles, each driver's settings valid, each simulator real."""

from __future__ import annotations

from pathlib import Path

from drivers.registry import settings_model
from kiosk.config import load_config
from kiosk.simulation import SIMULATORS

REPO_CONFIG = Path(__file__).resolve().parents[2] / "config"
ROLES = {
    "scanner",
    "hid_scanner",
    "camera",
    "scanner_scale",
    "item_scale",
    "security_scale",
    "printer",
    "terminal",
    "light",
}
REQUIRED = {"scanner", "printer", "terminal"}


def test_every_shipped_device_is_a_known_role_with_valid_settings_and_a_simulator() -> None:
    devices = load_config(REPO_CONFIG).devices
    assert set(devices) <= ROLES
    assert {"scanner", "item_scale", "security_scale"} <= set(devices)
    for role, device in devices.items():
        settings_model(device.driver).model_validate({"port": device.port, **device.settings})
        assert device.simulator in SIMULATORS, role
        assert device.required is (role in REQUIRED), role
