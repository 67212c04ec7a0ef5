from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.config.loader import lane_settings

REPO_CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(REPO_CONFIG, target)
    return target


def test_shipped_config_is_valid() -> None:
    config = load_config(REPO_CONFIG)
    assert config.lane.currency == "RUB"
    assert config.devices["scanner"].driver == "serial_scanner"
    assert {"scanner", "printer", "terminal"} <= set(lane_settings(config).required_devices)


def test_defaults_without_files() -> None:
    assert load_config(None).lane.id == "lane-1"


@pytest.mark.parametrize(
    ("file", "text", "key", "reason"),
    [
        ("lane.toml", '[lane]\ncurrency = "rubles"\n', "lane.currency", "should match pattern"),
        ("lane.toml", "[lane]\ncurency = 'RUB'\n", "lane.curency", "unknown key"),
        ("lane.toml", "[timeouts]\ninactivity_void_s = -1\n", "timeouts.inactivity_void_s", "greater than 0"),
        ("taxes.toml", '[taxes]\ndefault_rate = "twenty"\n', "taxes.default_rate", "not a tax percent"),
        ("devices.toml", "[devices.scanner]\nport = 'x'\n", "devices.scanner.driver", "Field required"),
        ("lane.toml", "[store]\nname = 'x'\n", "store", "belongs in store.toml"),
        ("lane.toml", "[tills]\nx = 1\n", "tills", "unknown section"),
    ],
)
def test_bad_file_names_file_key_and_reason(
    config_dir: Path, file: str, text: str, key: str, reason: str
) -> None:
    (config_dir / file).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config_dir)
    error = caught.value
    assert error.file.endswith(file)
    assert error.key == key
    assert reason in error.reason
    assert file in str(error) and key in str(error)


def test_broken_toml_is_named(config_dir: Path) -> None:
    (config_dir / "store.toml").write_text("[store\nname = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"store\.toml: not valid TOML"):
        load_config(config_dir)


def test_overrides_merge_and_are_validated(config_dir: Path) -> None:
    config = load_config(config_dir, {"timeouts": {"inactivity_warning_s": 5}})
    assert config.timeouts.inactivity_warning_s == 5
    assert config.timeouts.inactivity_void_s == 30
    with pytest.raises(ConfigError, match=r"overrides: timeouts\.thank_you_s"):
        load_config(config_dir, {"timeouts": {"thank_you_s": "soon"}})
    with pytest.raises(ConfigError, match="overrides: lanes: unknown section"):
        load_config(config_dir, {"lanes": {}})
