"""Reading, merging and validating the TOML files; turning pydantic errors into file + key + reason.

Validation is complete at load time, before the first paint: the sections' own models, then what spans them —
the language among those offered, amounts in the lane's currency, and every device's settings against the
settings model its driver declares (through the lazy registry, which imports only the drivers' light
``settings`` modules, never pyserial or a driver itself).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kiosk.config.model import SECTION_FILES, DeviceSection, KioskConfig
from kiosk.domain import Money, MoneyError, Rounding
from kiosk.domain.money import currency
from kiosk.errors import BadInput
from kiosk.lane.settings import LaneSettings


class ConfigError(BadInput):
    """A configuration file is missing, unreadable or invalid. ``str()`` names file, key and reason."""

    kind = "configuration error"

    def __init__(self, file: str, key: str, reason: str) -> None:
        super().__init__(f"{file}: {key}: {reason}" if key else f"{file}: {reason}")
        self.file = file
        self.key = key
        self.reason = reason


def _read(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(str(path), "", f"not UTF-8 text (line {line}, byte {exc.start + 1})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "", f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(str(path), "", f"cannot read: {exc.strerror}") from None


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``override`` into ``base`` (tables merge key by key; other values replace)."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def load_config(directory: Path | None, overrides: Mapping[str, Any] | None = None) -> KioskConfig:
    """Load every ``*.toml`` of ``directory`` (None: defaults only), apply ``overrides``, validate."""
    data: dict[str, Any] = {}
    origin: dict[str, str] = {}
    if directory is not None:
        if not directory.is_dir():
            raise ConfigError(str(directory), "", "configuration folder not found")
        for path in sorted(directory.glob("*.toml")):
            content = _read(path)
            for section, value in content.items():
                expected = SECTION_FILES.get(section)
                if expected is None:
                    raise ConfigError(
                        str(path), section, f"unknown section (known: {', '.join(SECTION_FILES)})"
                    )
                if expected != path.name:
                    raise ConfigError(str(path), section, f"belongs in {expected}")
                data[section] = value
                origin[section] = str(path)
    if overrides:
        for section in overrides:
            if section not in SECTION_FILES:
                raise ConfigError(
                    "overrides", section, f"unknown section (known: {', '.join(SECTION_FILES)})"
                )
            origin[section] = "overrides"
        data = merge(data, overrides)
    try:
        config = KioskConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        section = str(first["loc"][0]) if first["loc"] else ""
        raise ConfigError(_file(origin, section), location, _reason(first)) from None
    _check_across(config, origin)
    return config


def _file(origin: Mapping[str, str], section: str) -> str:
    return origin.get(section, SECTION_FILES.get(section, "config"))


def _reason(error: Mapping[str, Any]) -> str:
    return "unknown key" if error["type"] == "extra_forbidden" else str(error["msg"])


def _check_across(config: KioskConfig, origin: Mapping[str, str]) -> None:
    lane = config.lane
    if lane.language not in lane.languages:
        raise ConfigError(
            _file(origin, "lane"),
            "lane.language",
            f"{lane.language!r} is not one of the offered languages ({', '.join(lane.languages)})",
        )
    try:
        currency(lane.currency)
    except MoneyError as exc:
        raise ConfigError(_file(origin, "lane"), "lane.currency", str(exc)) from None
    if config.rounding.cash_increment is not None:
        try:
            step = Money.parse(config.rounding.cash_increment, lane.currency).minor
        except MoneyError as exc:
            raise ConfigError(_file(origin, "rounding"), "rounding.cash_increment", str(exc)) from None
        if step <= 0:
            raise ConfigError(_file(origin, "rounding"), "rounding.cash_increment", "must be positive")
    if config.devices:
        from drivers.registry import DriverRegistry  # light: the registry names drivers, imports none

        registry = DriverRegistry.default()
        for role, device in config.devices.items():
            _check_device(registry.settings_model, role, device, _file(origin, "devices"))


def _check_device(
    settings_model: Callable[[str], type[BaseModel]], role: str, device: DeviceSection, file: str
) -> None:
    """``[devices.<role>]`` against its driver's settings model: ``devices.<role>.settings.<key>: reason``."""
    key = f"devices.{role}"
    try:
        model = settings_model(device.driver)
    except ValueError as exc:
        raise ConfigError(file, f"{key}.driver", str(exc)) from None
    raw = {"port": device.port, **device.settings} if device.port else dict(device.settings)
    try:
        model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(part) for part in first["loc"]]
        where = f"{key}.port" if loc[:1] == ["port"] and "port" not in device.settings else f"{key}.settings"
        if where.endswith(".settings") and loc:
            where += "." + ".".join(loc)
        raise ConfigError(file, where, _reason(first)) from None


def lane_settings(config: KioskConfig) -> LaneSettings:
    """The lane's view of the configuration."""
    return LaneSettings(
        lane_id=config.lane.id,
        currency=config.lane.currency,
        language=config.lane.language,
        languages=config.lane.languages,
        inactivity_warning_s=config.timeouts.inactivity_warning_s,
        inactivity_void_s=config.timeouts.inactivity_void_s,
        empty_sale_timeout_s=config.timeouts.empty_sale_s,
        thank_you_s=config.timeouts.thank_you_s,
        payment_timeout_s=config.timeouts.payment_s,
        rounding=Rounding(
            mode=config.rounding.mode,
            scope=config.rounding.scope,
            cash_increment_minor=_cash_step(config),
        ),
        required_devices=tuple(name for name, device in config.devices.items() if device.required),
    )


def _cash_step(config: KioskConfig) -> int:
    """The smallest cash unit in minor units: as configured, else the currency's cash step from CLDR."""
    increment = config.rounding.cash_increment
    if increment is None:
        return currency(config.lane.currency).cash_step_minor
    return Money.parse(increment, config.lane.currency).minor
