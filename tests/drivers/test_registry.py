"""DriverRegistry: lazy built-ins, settings models, entry-point plugins, and clear validation errors."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import EntryPoint

import pytest
from pydantic import BaseModel

from drivers import registry as registry_module
from drivers.registry import BUILTINS, ENTRY_POINT_GROUP, DriverRegistry
from drivers.scanner.fake import FakeScanner
from drivers.scanner.serial_scanner import SerialScanner
from drivers.scanner.settings import FakeScannerSettings, SerialScannerSettings
from tests.drivers.plugin_driver import PluginScanner


def plugin(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=ENTRY_POINT_GROUP)


def test_default_has_the_built_in_drivers() -> None:
    registry = DriverRegistry.default()
    assert {"serial_scanner", "fake_scanner"} <= set(registry.names())
    assert registry.driver_class("serial_scanner") is SerialScanner


def test_each_default_is_a_fresh_registry() -> None:
    assert DriverRegistry.default() is not DriverRegistry.default()


def test_create_serial_scanner_from_settings() -> None:
    device = DriverRegistry.default().create(
        "serial_scanner",
        "scanner",
        {"port": "socket://127.0.0.1:9", "suffix": "\r\n", "baudrate": 9600, "inter_char_timeout_s": 1},
    )
    assert isinstance(device, SerialScanner)
    assert device.protocol.suffix == b"\r\n"
    assert device.name == "scanner"


def test_create_fake() -> None:
    assert isinstance(DriverRegistry.default().create("fake_scanner", "scanner", {}), FakeScanner)


@pytest.mark.parametrize(
    ("driver", "settings", "message"),
    [
        ("no_such_driver", {}, r"unknown driver 'no_such_driver'"),
        (
            "serial_scanner",
            {"port": "/dev/ttyS0", "baud": 9600},
            r"'serial_scanner': setting 'baud': unknown",
        ),
        ("serial_scanner", {"port": "/dev/ttyS0", "baudrate": "9600"}, r"setting 'baudrate': .*integer"),
        ("serial_scanner", {"port": "/dev/ttyS0", "baudrate": True}, r"setting 'baudrate': .*integer"),
        ("serial_scanner", {"port": "/dev/ttyS0", "aim_ids": 1}, r"setting 'aim_ids': .*boolean"),
        ("serial_scanner", {"port": "/dev/ttyS0", "suffix": 13}, r"setting 'suffix': .*string"),
        ("serial_scanner", {}, r"setting 'port': Field required"),
        ("serial_scanner", {"port": "/dev/ttyS0", "parity": "X"}, r"'serial_scanner': setting 'parity'"),
        ("serial_scanner", {"port": "bogus://x"}, r"'serial_scanner': setting 'port': .*scheme 'bogus'"),
        ("serial_scanner", {"port": "/dev/ttyS0", "reconnect_max_s": 60}, r"'reconnect_max_s'"),
        ("fake_scanner", {"present": "yes"}, r"setting 'present': .*boolean"),
    ],
)
def test_bad_configuration_names_driver_and_key(
    driver: str, settings: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        DriverRegistry.default().create(driver, "scanner", settings)


def test_entry_point_plugins_are_loaded_by_name() -> None:
    registry = DriverRegistry.default([plugin("acme_scanner", "tests.drivers.plugin_driver:PluginScanner")])
    assert isinstance(registry.create("acme_scanner", "scanner", {}), PluginScanner)


def test_plugin_settings_model_is_its_class_attribute() -> None:
    registry = DriverRegistry.default([plugin("acme_scanner", "tests.drivers.plugin_driver:PluginScanner")])
    assert registry.settings_model("acme_scanner") is FakeScannerSettings


def test_plugin_without_a_settings_model_is_reported_by_name() -> None:
    registry = DriverRegistry.default([plugin("lazy", "tests.drivers.plugin_driver:NoSettingsScanner")])
    with pytest.raises(ValueError, match="driver 'lazy': has no pydantic settings model"):
        registry.create("lazy", "scanner", {})


def test_settings_models_of_the_built_ins() -> None:
    assert registry_module.settings_model("serial_scanner") is SerialScannerSettings
    assert registry_module.settings_model("fake_scanner") is FakeScannerSettings
    for name in BUILTINS:
        model = registry_module.settings_model(name)
        assert issubclass(model, BaseModel)
        assert model.model_config.get("extra") == "forbid"
        assert model.model_config.get("frozen") is True


def test_module_level_create_validates_then_builds() -> None:
    device = registry_module.create("serial_scanner", "scanner", {"port": "socket://127.0.0.1:9"})
    assert isinstance(device, SerialScanner)
    assert device.settings == SerialScannerSettings(port="socket://127.0.0.1:9")


def test_settings_model_imports_no_driver_code() -> None:
    """The config loader validates every device at start-up: that must not import pyserial or the driver."""
    code = (
        "import sys; from drivers.registry import settings_model, BUILTINS\n"
        "[settings_model(n) for n in BUILTINS]\n"
        "heavy = [m for m in ('serial', 'escpos', 'cv2', 'evdev', 'drivers.scanner.serial_scanner') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""


def test_plugin_may_not_shadow_a_built_in() -> None:
    with pytest.raises(ValueError, match=r"'serial_scanner'.*clashes"):
        DriverRegistry.default([plugin("serial_scanner", "tests.drivers.plugin_driver:PluginScanner")])


@pytest.mark.parametrize(
    "value", ["tests.drivers.plugin_driver:NOT_A_DRIVER", "tests.drivers.no_such_module:Driver"]
)
def test_broken_plugin_is_reported_when_used(value: str) -> None:
    registry = DriverRegistry.default([plugin("broken", value)])
    with pytest.raises(ValueError, match="driver 'broken'"):
        registry.create("broken", "scanner", {})
