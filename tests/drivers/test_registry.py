"""DriverRegistry: built-ins, entry-point plugins, and settings validation with clear errors."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from drivers.registry import ENTRY_POINT_GROUP, DriverRegistry
from drivers.scanner import SerialScanner
from drivers.scanner.fake import FakeScanner
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
        ("serial_scanner", {"port": "/dev/ttyS0", "baud": 9600}, r"'serial_scanner': unknown setting 'baud'"),
        ("serial_scanner", {"port": "/dev/ttyS0", "baudrate": "9600"}, r"setting 'baudrate' must be int"),
        ("serial_scanner", {"port": "/dev/ttyS0", "baudrate": True}, r"setting 'baudrate' must be int"),
        ("serial_scanner", {"port": "/dev/ttyS0", "aim_ids": 1}, r"setting 'aim_ids' must be bool"),
        ("serial_scanner", {"port": "/dev/ttyS0", "suffix": 13}, r"setting 'suffix' must be bytes \| str"),
        ("serial_scanner", {}, r"missing required setting 'port'"),
        ("serial_scanner", {"port": "/dev/ttyS0", "parity": "X"}, r"'serial_scanner'.*parity"),
        ("serial_scanner", {"port": "bogus://x"}, r"'serial_scanner'.*port"),
        ("fake_scanner", {"present": "yes"}, r"setting 'present' must be bool"),
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
