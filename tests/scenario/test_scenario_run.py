"""``kiosk scenario run`` end to end: real lane, real serial scanner driver, scanner simulator over TCP."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"


def run(tmp_path: Path, text: str, *extra: str) -> tuple[int, dict[str, object] | None]:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text, encoding="utf-8")
    report = tmp_path / "report.json"
    code = main(
        ["scenario", "run", str(scenario), "--json", str(report), "--config", str(ROOT / "config"), *extra]
    )
    return code, json.loads(report.read_text(encoding="utf-8")) if report.exists() else None


def test_multi_item_sale_through_the_serial_scanner_simulator(tmp_path: Path) -> None:
    report_path = tmp_path / "r.json"
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "scenario", "run", str(SCENARIOS / "multi_item_sale.yaml"),
         "--json", str(report_path), "--config", str(ROOT / "config")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS" in result.stdout
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["ok"] is True
    assert [s["step"] for s in report["steps"]][:2] == ["expect", "scan"]
    sale = report["sale"]
    assert sale["state"] == "COMPLETE" and sale["currency"] == "RUB"
    assert [line["barcode"] for line in sale["lines"]] == [
        "4620001205677", "4640001364051", "4640002947857", "4620001205677",
    ]  # fmt: skip
    assert [line["voided"] for line in sale["lines"]] == [False, True, False, False]
    assert sale["lines"][0]["unit_price"] == "79.90" and sale["lines"][2]["tax_rate"] == "22"
    assert sale["totals"] == {"gross": "239.70", "tax": {"10": "14.53", "22": "14.41"}, "discount": "0.00"}
    assert sale["tenders"][0]["amount"] == "239.70" and sale["tenders"][0]["status"] == "approved"
    assert sale["tenders"][0]["masked_pan"].count("*") == 6
    assert report["devices"]["scanner"] == {"state": "IDLE", "power": "ONLINE"}


@pytest.mark.expect_warnings("unavailable")
def test_scanner_faults_scenario() -> None:
    assert (
        main(["scenario", "run", str(SCENARIOS / "scanner_faults.yaml"), "--config", str(ROOT / "config")])
        == 0
    )


def test_inactivity_scenario_on_simulated_time() -> None:
    assert (
        main(["scenario", "run", str(SCENARIOS / "inactivity.yaml"), "--config", str(ROOT / "config")]) == 0
    )


def test_failed_expectation_exits_1_and_names_the_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = run(
        tmp_path,
        'name: wrong total\nsteps:\n  - scan: "4620001205677"\n  - expect: {total: "1.00", lines: 2}\n  - wait: 1s\n',
    )
    assert code == 1
    assert report is not None and report["ok"] is False
    steps = report["steps"]
    assert isinstance(steps, list) and len(steps) == 2  # stops at the failed step
    assert steps[1]["error"] == "lines: expected 2, got 1; total: expected 1.00, got 79.90"
    assert "step 1 (expect): lines: expected 2, got 1" in capsys.readouterr().out


def test_step_the_lane_refuses_fails_the_run(tmp_path: Path) -> None:
    code, report = run(tmp_path, "steps:\n  - pay: {method: card}\n")
    assert code == 1
    assert report is not None
    assert "refused TenderChosen in ATTRACT" in str(report["steps"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("steps:\n  - scna: '123'\n", "step 0, key 'scna': unknown step 'scna'"),
        ("steps:\n  - scan: '1'\n  - expect: {totl: '1.00'}\n", "step 1, key 'expect': unknown key 'totl'"),
        ("steps:\n  - expect: {total: 1.5}\n", "step 0, key 'expect.total': amounts are decimal strings"),
        ("steps:\n  - expect: {state: SCANING}\n", "step 0, key 'expect.state': unknown state 'SCANING'"),
        ("steps:\n  - wait: soon\n", "step 0, key 'wait': not a duration"),
        ("steps:\n  - void: {line: 0}\n", "step 0, key 'void.line': expected a whole number"),
        ("steps:\n  - pay: {method: cheque}\n", "step 0, key 'pay.method': unknown tender method 'cheque'"),
        (
            "steps:\n  - place: {grams: 5}\n",
            "step 0, key 'place': step 'place' is not supported by this build yet",
        ),
        ("steps:\n  - expect: {receipt_contains: [x]}\n", "key 'expect.receipt_contains': expect key"),
        ("steps:\n  - scan: '1'\n    key_in: '2'\n", "step 0: every step is a mapping with exactly one key"),
        ("nmae: x\nsteps:\n  - scan: '1'\n", "unknown top-level key 'nmae'"),
        ("steps: []\n", "'steps' must be a non-empty list"),
        ("catalog: missing.csv\nsteps:\n  - scan: '1'\n", "catalog file not found"),
        ("steps:\n  - scan: [unclosed\n", "is not valid YAML"),
    ],
)
def test_invalid_file_exits_2_naming_step_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    code, report = run(tmp_path, text)
    assert code == 2
    assert report is None  # nothing ran
    assert message in capsys.readouterr().err.replace("\n", "")


def test_bad_config_override_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(tmp_path, "config: {timeouts: {thank_you_s: -1}}\nsteps:\n  - wait: 1s\n")
    assert code == 2
    assert "key 'config.timeouts.thank_you_s'" in capsys.readouterr().err


def test_scenario_catalog_is_used_and_keep_dir_keeps_the_database(tmp_path: Path) -> None:
    (tmp_path / "cat.csv").write_text(
        "sku,name,price,barcodes\nA1,Test item,2.50,4006381333931\n", encoding="utf-8"
    )
    keep = tmp_path / "data"
    code, report = run(
        tmp_path,
        'catalog: cat.csv\nsteps:\n  - scan: "4006381333931"\n  - expect: {lines: 1, total: "2.50"}\n',
        "--keep-dir",
        str(keep),
    )
    assert code == 0, report
    assert (keep / "kiosk.db").is_file()
