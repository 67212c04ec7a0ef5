"""Too lax is a bug too (issue 7): every wrong value is refused when the files are read, naming the file, the
key and the reason — devices included, through each driver's own settings model, before the window paints."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.config.loader import lane_settings

REPO_CONFIG = Path(__file__).resolve().parents[2] / "config"
SCANNER = '[devices.scanner]\ndriver = "serial_scanner"\nport = "/dev/ttyACM0"\n'


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(REPO_CONFIG, target)
    return target


def refused(config_dir: Path, file: str, text: str | bytes) -> ConfigError:
    path = config_dir / file
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config_dir)
    error = caught.value
    assert error.file.endswith(file)
    assert str(error).startswith(f"{error.file}: ")
    return error


def test_non_utf8_toml_names_the_file_and_line(config_dir: Path) -> None:
    error = refused(config_dir, "store.toml", b'[store]\nname = "Caf\xe9"\n')
    assert error.key == ""
    assert "not UTF-8" in error.reason and "line 2" in error.reason


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        ("[timeouts]\ninactivity_warning_s = true\n", "timeouts.inactivity_warning_s", "number"),
        ("[timeouts]\ninactivity_void_s = nan\n", "timeouts.inactivity_void_s", "finite"),
        ("[timeouts]\nempty_sale_s = inf\n", "timeouts.empty_sale_s", "finite"),
        ("[timeouts]\nthank_you_s = '8'\n", "timeouts.thank_you_s", "number"),
        ('[lane]\nlanguage = "de"\n', "lane.language", "not one of the offered languages"),
        ('[lane]\nlanguages = ["ru", "ru"]\n', "lane.languages", "twice"),
        ('[storage]\ndatabase_url = "mysql://kiosk@db/store"\n', "storage.database_url", "sqlite"),
        ('[storage]\ndatabase_url = ""\n', "storage.database_url", "empty"),
        ('[storage]\ncatalog_url = "sqlite//x"\n', "storage.catalog_url", "URL"),
    ],
)
def test_lane_values_that_were_accepted_are_refused(
    config_dir: Path, text: str, key: str, reason: str
) -> None:
    error = refused(config_dir, "lane.toml", text)
    assert (error.key, reason in error.reason) == (key, True), str(error)


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        ('[devices.scanner]\ndriver = "serial_scaner"\n', "devices.scanner.driver", "unknown driver"),
        (
            SCANNER + "[devices.scanner.settings]\nbaudrat = 9600\n",
            "devices.scanner.settings.baudrat",
            "unknown",
        ),
        (
            SCANNER + '[devices.scanner.settings]\nsuffix = ""\n',
            "devices.scanner.settings.suffix",
            "at least 1",
        ),
        (
            SCANNER + "[devices.scanner.settings]\nbaudrate = '9600'\n",
            "devices.scanner.settings.baudrate",
            "int",
        ),
        (
            SCANNER.replace("/dev/ttyACM0", "sockt://127.0.0.1:1"),
            "devices.scanner.port",
            "unknown URL scheme",
        ),
        ('[devices.scanner]\ndriver = "serial_scanner"\n', "devices.scanner.port", "required"),
        (SCANNER + "required = 1\n", "devices.scanner.required", "boolean"),
    ],
)
def test_device_settings_are_checked_against_the_drivers_model(
    config_dir: Path, text: str, key: str, reason: str
) -> None:
    error = refused(config_dir, "devices.toml", text)
    assert (error.key, reason in error.reason) == (key, True), str(error)


def test_an_unknown_currency_code_is_refused(config_dir: Path) -> None:
    error = refused(config_dir, "lane.toml", '[lane]\ncurrency = "XYZ"\n')
    assert error.key == "lane.currency" and "ISO 4217" in error.reason


@pytest.mark.parametrize(("code", "step"), [("JPY", 1), ("KWD", 1), ("RUB", 1), ("CHF", 5)])
def test_currencies_with_zero_or_three_decimals_load(config_dir: Path, code: str, step: int) -> None:
    (config_dir / "lane.toml").write_text(f'[lane]\ncurrency = "{code}"\n', encoding="utf-8")
    config = load_config(config_dir)
    assert lane_settings(config).rounding.cash_increment_minor == step


def test_a_cash_increment_finer_than_the_currency_is_refused(config_dir: Path) -> None:
    (config_dir / "lane.toml").write_text('[lane]\ncurrency = "JPY"\n', encoding="utf-8")
    error = refused(config_dir, "taxes.toml", '[rounding]\ncash_increment = "0.01"\n')
    assert error.key == "rounding.cash_increment" and "JPY" in error.reason


def test_validating_devices_imports_no_driver_module(config_dir: Path) -> None:
    """Start-up paints first: only the drivers' light settings modules may load with the configuration."""
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiosk.config import load_config\n"
        f"load_config(Path({str(config_dir)!r}))\n"
        "heavy = [m for m in ('serial', 'drivers.scanner.serial_scanner', 'drivers.serial_worker',"
        " 'sqlalchemy', 'babel.numbers') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
