"""The CLI's contract (issue 7): exit codes mean one thing each, flags work anywhere, every option is
explained, an internal error names a log file holding its traceback, and the files it creates are private."""

from __future__ import annotations

import argparse
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kiosk.diagnostics
from kiosk import cli
from kiosk.cli import build_parser, main
from kiosk.logs import LOG_FILE_NAME

ROOT = Path(__file__).resolve().parents[2]
CONFIG = str(ROOT / "config")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)  # the most permissive umask there is: modes must not depend on it
    try:
        yield
    finally:
        os.umask(previous)


def all_actions(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.Action]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from ((f"{name} {where}", a) for where, a in all_actions(sub))
        else:
            yield "", action


def test_every_option_and_argument_has_help_text() -> None:
    missing = [
        f"{where}{action.dest}"
        for where, action in all_actions(build_parser())
        if not (action.help or "").strip()
    ]
    assert missing == []


@pytest.mark.expect_warnings("unavailable")
def test_global_flags_work_after_the_subcommand(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diag", "--simulate", "-v", "--log-json", "--config", CONFIG]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["devices"]["scanner"]["health"]["ok"] is True
    assert all(
        json.loads(line)["level"] for line in captured.err.splitlines()
    )  # -v and --log-json took effect


def test_scenario_without_an_action_lists_the_actions(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scenario"]) == 2
    err = capsys.readouterr().err
    assert "run" in err and "play a scenario file" in err


@pytest.mark.expect_warnings("unavailable")
def test_diag_names_a_missing_port_once_without_repeating_errno(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "devices.toml").write_text(
        '[devices.scanner]\ndriver = "serial_scanner"\nport = "/dev/ttyKIOSK-missing"\n', encoding="utf-8"
    )
    assert main(["diag", "--config", str(tmp_path)]) == 1  # a result, not bad input
    text = json.loads(capsys.readouterr().out)["devices"]["scanner"]["health"]["checks"][0]["text"]
    assert "[Errno" not in text
    assert text.count("/dev/ttyKIOSK-missing") == 1 and "No such file or directory" in text


def test_an_internal_error_is_exit_3_naming_a_log_that_holds_the_traceback(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug deep inside")

    monkeypatch.setattr(kiosk.diagnostics, "run_diagnostics", broken)
    assert main(["diag", "--config", CONFIG]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "internal error" in err[0]
    log = data_dir / "logs" / LOG_FILE_NAME
    assert str(log) in err[0]
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError: a bug deep inside" in text


def test_bad_input_is_exit_2_without_a_traceback(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "lane.toml").write_bytes(b"[lane]\nid = '\xff\xfe'\n")
    assert main(["diag", "--config", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "lane.toml" in err and "UTF-8" in err and "Traceback" not in err


def test_scenario_report_to_an_unwritable_path_is_exit_2_naming_it(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "no-such-folder" / "report.json"
    scenario = ROOT / "scenarios" / "multi_item_sale.yaml"
    assert main(["scenario", "run", str(scenario), "--json", str(report), "--config", CONFIG]) == 2
    err = capsys.readouterr().err
    assert str(report) in err and "Traceback" not in err


def test_data_folder_and_log_file_are_private_whatever_the_umask(data_dir: Path, open_umask: None) -> None:
    assert main(["scenario"]) == 2  # any command: the log is opened first
    log = data_dir / "logs" / LOG_FILE_NAME
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_kiosk_run_never_opens_a_control_port(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["run", "--control-port", "5002"]) == 2  # no such option for real devices
    seen: dict[str, Any] = {}

    def fake_build(config: Any, **kwargs: Any) -> object:
        seen.update(kwargs)
        return object()

    def fake_frontend(lane: Any, start: Any, **kwargs: Any) -> int:
        start()
        return 0

    monkeypatch.setattr("kiosk.bootstrap.build_services", fake_build)
    monkeypatch.setattr(cli, "_frontend", lambda: fake_frontend)
    assert main(["run", "--config", CONFIG]) == 0
    assert "control_ports" not in seen and seen.get("stand_ins") is None  # real devices, no simulators
