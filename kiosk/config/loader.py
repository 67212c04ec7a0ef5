"""Reading, merging and validating the TOML files; turning pydantic errors into file + key + reason."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.config.model import SECTION_FILES, KioskConfig
from kiosk.domain import Money, Rounding
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
        return KioskConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        section = str(first["loc"][0]) if first["loc"] else ""
        file = origin.get(section, SECTION_FILES.get(section, "config"))
        raise ConfigError(file, location, first["msg"]) from None


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
            cash_increment_minor=Money.parse(config.rounding.cash_increment, config.lane.currency).minor,
        ),
        required_devices=tuple(name for name, device in config.devices.items() if device.required),
    )
