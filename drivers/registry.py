"""Choose drivers by name from configuration: built-ins listed lazily, plus the ``kiosk.drivers`` entry points.

Built-ins are ``"module:Class"`` strings with their settings model as ``"module:Model"``. Nothing is imported
until asked: :func:`settings_model` imports only the driver package's light ``settings.py`` (stdlib +
pydantic), so the config loader can validate every ``[devices.*]`` table at start-up without pulling in
pyserial, escpos, OpenCV or evdev; :func:`create` imports the driver itself. A third-party driver is an entry
point naming its class, which must carry a ``settings_model`` class attribute.

No import-time self-registration and no mutable module state: :meth:`DriverRegistry.default` builds a fresh
registry each time it is called.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

from pydantic import BaseModel, ValidationError

from drivers.base import Device

ENTRY_POINT_GROUP = "kiosk.drivers"


@dataclass(frozen=True, slots=True)
class BuiltinDriver:
    """A built-in driver by reference: ``driver`` and ``settings`` are ``"module:Name"`` strings."""

    driver: str
    settings: str


BUILTINS: Mapping[str, BuiltinDriver] = {
    "serial_scanner": BuiltinDriver(
        "drivers.scanner.serial_scanner:SerialScanner", "drivers.scanner.settings:SerialScannerSettings"
    ),
    "camera_scanner": BuiltinDriver(
        "drivers.camera.camera_scanner:CameraScanner", "drivers.camera.settings:CameraScannerSettings"
    ),
    "fake_scanner": BuiltinDriver(
        "drivers.scanner.fake:FakeScanner", "drivers.scanner.settings:FakeScannerSettings"
    ),
    "tower_light": BuiltinDriver(
        "drivers.light.tower_light:TowerLight", "drivers.light.settings:TowerLightSettings"
    ),
    "fake_light": BuiltinDriver(
        "drivers.light.fake:FakeLaneLight", "drivers.light.settings:FakeLightSettings"
    ),
    "escpos_printer": BuiltinDriver(
        "drivers.printer.escpos_printer:EscPosPrinter", "drivers.printer.settings:EscPosPrinterSettings"
    ),
    "fake_printer": BuiltinDriver(
        "drivers.printer.fake:FakeReceiptPrinter", "drivers.printer.settings:FakePrinterSettings"
    ),
    "hid_scanner": BuiltinDriver(
        "drivers.hid_scanner.hid_scanner:HidScanner", "drivers.hid_scanner.settings:HidScannerSettings"
    ),
    "magellan": BuiltinDriver(
        "drivers.magellan.devices:MagellanScannerScale", "drivers.magellan.settings:MagellanSettings"
    ),
    "zvt_terminal": BuiltinDriver(
        "drivers.terminal.zvt_terminal:ZvtTerminal", "drivers.terminal.settings:ZvtTerminalSettings"
    ),
    "fake_terminal": BuiltinDriver(
        "drivers.terminal.fake:FakeTerminal", "drivers.terminal.settings:FakeTerminalSettings"
    ),
    "toledo_8217": BuiltinDriver(
        "drivers.scale.serial_scale:Toledo8217Scale", "drivers.scale.settings:Toledo8217Settings"
    ),
    "mt_sics": BuiltinDriver(
        "drivers.scale.serial_scale:MtSicsScale", "drivers.scale.settings:MtSicsSettings"
    ),
    "fake_scale": BuiltinDriver("drivers.scale.fake:FakeScale", "drivers.scale.settings:FakeScaleSettings"),
}
"""Every driver shipped with the kiosk. A device helper adds one line here per driver."""

DriverSource = BuiltinDriver | EntryPoint


def _import(reference: str) -> object:
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)


def settings_error(driver: str, exc: ValidationError) -> ValueError:
    """One line naming the driver, the key and the reason (the first problem; the rest follow the fix)."""
    first = exc.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "settings"
    reason = first["msg"]
    if first["type"] == "extra_forbidden":
        reason = "unknown setting"
    return ValueError(f"driver {driver!r}: setting {key!r}: {reason}")


@dataclass(frozen=True, slots=True)
class DriverRegistry:
    drivers: Mapping[str, DriverSource]

    @classmethod
    def default(cls, plugins: Iterable[EntryPoint] | None = None) -> DriverRegistry:
        """Built-in drivers plus installed ``kiosk.drivers`` entry points (or ``plugins``, for tests).

        A plugin may not reuse a built-in or another plugin's name: silently shadowing a driver would make
        the configuration mean something different depending on what happens to be installed.
        """
        drivers: dict[str, DriverSource] = dict(BUILTINS)
        for ep in entry_points(group=ENTRY_POINT_GROUP) if plugins is None else plugins:
            if ep.name in drivers:
                raise ValueError(
                    f"driver {ep.name!r}: entry point {ep.value!r} clashes with an existing driver"
                )
            drivers[ep.name] = ep
        return cls(drivers)

    def names(self) -> list[str]:
        return sorted(self.drivers)

    def _source(self, driver: str) -> DriverSource:
        source = self.drivers.get(driver)
        if source is None:
            raise ValueError(f"unknown driver {driver!r}; known: {', '.join(self.names())}")
        return source

    def driver_class(self, driver: str) -> type[Device]:
        source = self._source(driver)
        reference = source.driver if isinstance(source, BuiltinDriver) else source.value
        try:
            loaded = _import(reference) if isinstance(source, BuiltinDriver) else source.load()
        except Exception as exc:  # a broken plugin must be reported by name, whatever it raised
            raise ValueError(f"driver {driver!r}: cannot load {reference!r}: {exc}") from exc
        if not (isinstance(loaded, type) and issubclass(loaded, Device)):
            raise ValueError(f"driver {driver!r}: {reference!r} is not a Device class")
        return loaded

    def settings_model(self, driver: str) -> type[BaseModel]:
        """The pydantic model of ``driver``'s settings; for a built-in, imports only its settings module."""
        source = self._source(driver)
        model = (
            _import(source.settings)
            if isinstance(source, BuiltinDriver)
            else getattr(self.driver_class(driver), "settings_model", None)
        )
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise ValueError(f"driver {driver!r}: has no pydantic settings model")
        return model

    def create(self, driver: str, name: str, settings: Mapping[str, object]) -> Device:
        """Validate ``settings`` with the driver's model, then build the device (``ValueError`` naming the
        driver and key if anything is wrong)."""
        model = self.settings_model(driver)
        try:
            validated = model.model_validate(dict(settings))
        except ValidationError as exc:
            raise settings_error(driver, exc) from exc
        cls = self.driver_class(driver)
        try:
            return cls(name, validated)  # type: ignore[call-arg]  # drivers take (name, settings)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"driver {driver!r}, device {name!r}: {exc}") from exc


def settings_model(driver: str) -> type[BaseModel]:
    """The settings model of ``driver`` from the default registry (what the config loader validates with)."""
    return DriverRegistry.default().settings_model(driver)


def create(driver: str, name: str, settings: Mapping[str, object]) -> Device:
    """Build ``driver`` named ``name`` from raw ``settings`` (including ``port``) via the default registry."""
    return DriverRegistry.default().create(driver, name, settings)
