"""``kiosk diag`` on the receipt printer: a technician's check through the CLI, simulated and unplugged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main

PRINTER = """\
[devices.printer]
driver = "escpos_printer"
port = "{port}"
required = true
simulator = "escpos_printer"

[devices.printer.settings]
{settings}
"""


def write_config(
    folder: Path, port: str = "/dev/ttyKIOSK-missing", settings: str = 'codepage = "CP866"'
) -> Path:
    (folder / "devices.toml").write_text(PRINTER.format(port=port, settings=settings), encoding="utf-8")
    return folder


def test_simulated_printer_passes_internal_and_external(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diag", "--simulate", "--external", "--config", str(write_config(tmp_path))]) == 0
    printer = json.loads(capsys.readouterr().out)["devices"]["printer"]
    assert printer["power"] == "ONLINE" and printer["info"]["category"] == "POSPrinter"
    checks = {c["level"]: c for c in printer["health"]["checks"]}
    assert checks["INTERNAL"]["ok"] and "online, paper paper_ok" in checks["INTERNAL"]["text"]
    assert checks["EXTERNAL"]["ok"] and "test ticket printed and confirmed" in checks["EXTERNAL"]["text"]
    assert printer["counters"]["jobs_printed"] == 1 and printer["counters"]["paper_cuts"] == 1


@pytest.mark.expect_warnings("unavailable")
def test_unplugged_printer_fails_diag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diag", "--external", "--config", str(write_config(tmp_path))]) == 1
    printer = json.loads(capsys.readouterr().out)["devices"]["printer"]
    assert printer["power"] == "OFFLINE" and printer["health"]["ok"] is False
    internal = printer["health"]["checks"][0]["text"]
    assert internal.count("/dev/ttyKIOSK-missing") == 1 and "No such file or directory" in internal
    assert "[Errno" not in internal
