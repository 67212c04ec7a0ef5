"""The lane's end-to-end promises, played as scenario files from ``scenarios/`` (the lane in a child process).

Each file states its expectations itself; the test runs it as a shopper would (``kiosk scenario run``) and
checks what the report must say beyond them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def play(name: str, tmp_path: Path) -> tuple[int, dict[str, Any]]:
    report = tmp_path / "report.json"
    code = main(
        [
            "scenario",
            "run",
            str(ROOT / "scenarios" / name),
            "--json",
            str(report),
            "--config",
            str(ROOT / "config"),
        ]
    )
    return code, json.loads(report.read_text(encoding="utf-8"))


def test_a_scan_on_the_thank_you_screen_starts_and_keeps_the_next_sale(tmp_path: Path) -> None:
    code, report = play("scan_on_thank_you.yaml", tmp_path)
    assert code == 0, report["steps"]
    sale = report["sale"]
    assert sale["status"] == "open" and sale["state"] == "SCANNING"
    assert [line["barcode"] for line in sale["lines"]] == ["4640001364051"]


def test_an_attempt_in_flight_at_a_power_cut_is_resolved_before_selling_on(tmp_path: Path) -> None:
    code, report = play("power_cut_attempt_in_flight.yaml", tmp_path)
    assert code == 0, report["steps"]
    assert report["sale"]["status"] == "open"  # the next sale; the resolved one was paid (its expect step)


def test_an_abandoned_basket_is_voided_and_reported_voided(tmp_path: Path) -> None:
    code, report = play("abandoned_basket.yaml", tmp_path)
    assert code == 0, report["steps"]
    sale = report["sale"]
    assert sale["status"] == "voided" and sale["state"] == "ATTRACT"
    assert sale["totals"]["gross"] == "0.00"
    assert [line["voided"] for line in sale["lines"]] == [True, True]


def test_a_power_cut_after_approval_completes_without_a_second_charge(tmp_path: Path) -> None:
    code, report = play("power_cut_after_approval.yaml", tmp_path)
    assert code == 0, report["steps"]
    assert [s["step"] for s in report["steps"]].count("power_cut") == 1
    sale = report["sale"]
    assert sale["status"] == "paid"
    assert [t["status"] for t in sale["tenders"]] == ["approved"]


def test_a_power_cut_mid_sale_restarts_the_lane_on_the_same_data(tmp_path: Path) -> None:
    scenario = tmp_path / "cut.yaml"
    scenario.write_text(
        "name: cut mid-sale\nsteps:\n"
        '  - scan: "4620001205677"\n  - power_cut: {}\n'
        '  - expect: {state: ATTENDANT_REQUIRED, lines: 1, total: "79.90", paid: false, charged: "0.00"}\n',
        encoding="utf-8",
    )
    report_path = tmp_path / "r.json"
    assert (
        main(["scenario", "run", str(scenario), "--json", str(report_path), "--config", str(ROOT / "config")])
        == 0
    )
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["sale"]["status"] == "open" and report["devices"]["scanner"]["power"] == "ONLINE"
