"""Property: any TOML a technician could write gives either a valid configuration or a ``ConfigError`` that
names the file and a key (exit code 2) — never another exception, never a value silently coerced (issue 7)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.config.loader import lane_settings
from kiosk.config.model import SECTION_FILES

KEYS = {
    "lane": ["id", "currency", "language", "languages"],
    "timeouts": ["inactivity_warning_s", "inactivity_void_s", "empty_sale_s", "thank_you_s", "payment_s"],
    "storage": ["database_url", "catalog_url"],
    "store": ["name", "address", "tax_id"],
    "taxes": ["default_rate", "default_weight_tol_g"],
    "rounding": ["mode", "scope", "cash_increment"],
}
DEVICE_KEYS = ["driver", "port", "required", "simulator"]
SETTINGS_KEYS = ["baudrate", "prefix", "suffix", "aim_ids", "inter_char_timeout_s", "lamps", "buzzer", "x"]
WORDS = ["RUB", "JPY", "XYZ", "ru", "en", "de", "serial_scanner", "fake_scanner", "tower_light", "nope",
         "/dev/ttyACM0", "socket://127.0.0.1:1", "bogus://x", "sqlite:////tmp/k.db", "mysql://x", "", "\r",
         "0.05", "0.001", "22", "10", "half_up", "line", "red", "lane-1"]  # fmt: skip

scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.text(max_size=8),
)
values = st.one_of(scalars, st.lists(scalars, max_size=3))


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string takes JSON's escapes
    return str(value)


def table(name: str, body: dict[str, Any]) -> str:
    return f"[{name}]\n" + "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in body.items())


sections = st.dictionaries(
    st.sampled_from([*KEYS, "devices", "tills"]),
    st.dictionaries(st.sampled_from(sum(KEYS.values(), ["typo"])), values, max_size=4),
    max_size=4,
)
devices = st.dictionaries(
    st.sampled_from(["scanner", "light", "Bad-Name"]),
    st.tuples(
        st.dictionaries(st.sampled_from(DEVICE_KEYS), values, max_size=4),
        st.dictionaries(st.sampled_from(SETTINGS_KEYS), values, max_size=3),
    ),
    max_size=2,
)


def write(folder: Path, content: dict[str, dict[str, Any]], devs: dict[str, Any]) -> None:
    files: dict[str, str] = {}
    for section, body in content.items():
        name = SECTION_FILES.get(section, "lane.toml")
        if section != "devices":
            files[name] = files.get(name, "") + table(section, body)
    for role, (device, device_settings) in devs.items():
        files["devices.toml"] = files.get("devices.toml", "") + table(f"devices.{role}", device)
        if device_settings:
            files["devices.toml"] += table(f"devices.{role}.settings", device_settings)
    for old in folder.glob("*.toml"):
        old.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def check(folder: Path) -> None:
    try:
        config = load_config(folder)
    except ConfigError as exc:
        assert exc.file, exc
        assert exc.key or "TOML" in exc.reason or "UTF-8" in exc.reason, exc
        assert "\n" not in exc.key
        return
    assert isinstance(config, KioskConfig)
    lane_settings(config)  # a valid configuration can start a lane


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("config")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=sections, devs=devices)
@example(content={"timeouts": {"inactivity_warning_s": True}}, devs={})
@example(content={"lane": {"currency": "JPY"}, "rounding": {"cash_increment": "0.05"}}, devs={})
def test_any_toml_is_a_config_or_a_named_error(
    folder: Path, content: dict[str, Any], devs: dict[str, Any]
) -> None:
    write(folder, content, devs)
    check(folder)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=60))
def test_any_bytes_are_a_config_or_a_named_error(folder: Path, raw: bytes) -> None:
    for old in folder.glob("*.toml"):
        old.unlink()
    (folder / "lane.toml").write_bytes(raw)
    check(folder)
