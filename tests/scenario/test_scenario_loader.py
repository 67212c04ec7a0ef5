"""The scenario loader refuses every bad file with exit code 2, the step index and the key, in bounded time,
memory and message length (issue 7): alias bombs, deep nesting, non-UTF-8, absurd values, bad catalogs and
configuration overrides. Nothing here runs a lane."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from kiosk.scenario.schema import ScenarioInvalid, load_scenario

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"
MESSAGE_MAX = 400

# 9 levels of 9 aliases each: 9**9 ≈ 387 million "lol"s if expanded (the "billion laughs").
BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    + "name: x\nsteps:\n  - wait: *i\n"
)


def refused(tmp_path: Path, text: str | bytes, *, measure: bool = True) -> ScenarioInvalid:
    """Load ``text`` and expect it refused; ``measure``: also bound the memory it took (not for catalogs, whose
    check imports SQLAlchemy and Alembic the first time: the modules' size is not the file's)."""
    path = tmp_path / "s.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    if measure:
        tracemalloc.start()
    try:
        with pytest.raises(ScenarioInvalid) as caught:
            load_scenario(path, CONFIG)
        peak = tracemalloc.get_traced_memory()[1] if measure else 0
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000, f"{peak} bytes to refuse a {path.stat().st_size}-byte file"
    assert len(str(caught.value)) <= MESSAGE_MAX, str(caught.value)[:200]
    return caught.value


def test_an_alias_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    assert len(BOMB) < 500
    error = refused(tmp_path, BOMB)
    assert "alias" in error.reason


@pytest.mark.parametrize("step", ["wait", "scan", "language", "expect: {state", "void: {line"])
def test_a_big_value_is_cut_in_the_message(tmp_path: Path, step: str) -> None:
    big = '["' + "x" * 5000 + '", 2, 3]'
    close = "}" if "{" in step else ""
    error = refused(tmp_path, f"name: x\nsteps:\n  - {step}: {big}{close}\n")
    assert error.index == 0 and "xxxxx" * 40 not in str(error)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, "name: x\nsteps:\n  - wait: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "deep" in error.reason


def test_non_utf8_is_refused_naming_the_line(tmp_path: Path) -> None:
    error = refused(tmp_path, b'name: x\nsteps:\n  - scan: "\xff\xfe"\n')
    assert "UTF-8" in error.reason and "line 3" in error.reason


@pytest.mark.parametrize(
    ("step", "index", "key"),
    [
        ("expect: {state: [SCANNING]}", 0, "expect.state"),
        ("expect: {state: {a: 1}}", 0, "expect.state"),
        ("scan: " + "4" * 5000, 0, "scan"),
        ('scan: "' + "4" * 5000 + '"', 0, "scan"),
        ("wait: .nan", 0, "wait"),
        ("wait: .inf", 0, "wait"),
        ("expect: {lines: " + "9" * 5000 + "}", 0, "expect.lines"),
        ("void: {line: " + "9" * 5000 + "}", 0, "void.line"),
    ],
)
def test_absurd_values_name_the_step_and_key(tmp_path: Path, step: str, index: int, key: str) -> None:
    error = refused(tmp_path, f"name: x\nsteps:\n  - {step}\n")
    assert (error.index, error.key) == (index, key), str(error)


@pytest.mark.parametrize("name", ["[1, 2]", "{a: 1}", "5", "true", '"' + "n" * 500 + '"'])
def test_a_name_is_a_short_string(tmp_path: Path, name: str) -> None:
    assert refused(tmp_path, f"name: {name}\nsteps:\n  - wait: 1s\n").key == "name"


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ("{devices: {scanner: {driver: nope}}}", "config.devices.scanner.driver"),
        ("{lane: {currency: JPY}, rounding: {cash_increment: '0.01'}}", "config.rounding.cash_increment"),
        ("{timeouts: {thank_you_s: .nan}}", "config.timeouts.thank_you_s"),
        ("{tills: {}}", "config.tills"),
    ],
)
def test_config_overrides_are_validated_at_load(tmp_path: Path, config: str, key: str) -> None:
    assert refused(tmp_path, f"name: x\nconfig: {config}\nsteps:\n  - wait: 1s\n").key == key


@pytest.mark.parametrize(
    ("csv", "reason"),
    [
        ("sku,name,price\nA1,Tea,1.5.0\n", "line 2, column price"),
        ("sku,name,price\nA1,Tea," + "9" * 40 + "\n", "line 2, column price"),
        ("root:x:0:0:secret-hash:/root:/bin/bash\ndaemon:x:1:1::/:/sbin/nologin\n", "line 1"),
    ],
)
def test_a_bad_catalog_is_refused_at_load_without_echoing_its_contents(
    tmp_path: Path, csv: str, reason: str
) -> None:
    (tmp_path / "cat.csv").write_text(csv, encoding="utf-8")
    error = refused(tmp_path, "name: x\ncatalog: cat.csv\nsteps:\n  - wait: 1s\n", measure=False)
    assert error.key == "catalog" and reason in error.reason, str(error)
    for secret in ("secret-hash", "root:x", "1.5.0", "9" * 40, "nologin"):
        assert secret not in str(error)


def test_a_catalog_outside_the_scenarios_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "cat.csv").write_text("sku,name,price\nA1,Tea,1.50\n", encoding="utf-8")
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    for target in ("../elsewhere/cat.csv", str(tmp_path / "elsewhere" / "cat.csv"), "/etc/passwd"):
        error = refused(scenarios, f"name: x\ncatalog: {target}\nsteps:\n  - wait: 1s\n", measure=False)
        assert error.key == "catalog"


def test_a_good_file_still_loads(tmp_path: Path) -> None:
    (tmp_path / "cat.csv").write_text(
        "sku,name,price,barcodes\nA1,Tea,1.50,4006381333931\n", encoding="utf-8"
    )
    path = tmp_path / "s.yaml"
    path.write_text(
        'name: tea\ncatalog: cat.csv\nconfig: {timeouts: {thank_you_s: 5}}\nsteps:\n  - scan: "4006381333931"\n'
        '  - wait: 2m\n  - expect: {state: SCANNING, lines: 1, total: "1.50"}\n',
        encoding="utf-8",
    )
    scenario = load_scenario(path, CONFIG)
    assert scenario.name == "tea" and [s.kind for s in scenario.steps] == ["scan", "wait", "expect"]
    assert scenario.steps[1].args == {"seconds": 120.0}
