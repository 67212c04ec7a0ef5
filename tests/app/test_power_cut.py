"""No sale is lost to a crash: a lane process killed hard mid-sale offers the sale back on restart.

The child runs the real services (SQLite journal, serial scanner driver, simulator); the parent kills it with
SIGKILL after the scans were shown, then starts the services again on the same data.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.lane import messages as m
from kiosk.lane.clock import ManualClock
from kiosk.lane.snapshot import PromptCode
from kiosk.lane.states import LaneState
from kiosk.simulated import build_simulated_services

ROOT = Path(__file__).resolve().parents[2]
CODES = ("4620001205677", "4640001364051", "4640002947857")

CHILD = """
import sys, time
from pathlib import Path
from kiosk.simulated import build_simulated_services
from kiosk.config import load_config
from kiosk.lane.clock import ManualClock

services = build_simulated_services(load_config(Path(sys.argv[1])), database_url=sys.argv[2],
                          clock=ManualClock(), tick=False)
lane, scanner = services.lane, services.scanner_simulator
services.wait_for_devices()
deadline = time.monotonic() + 10
for n, code in enumerate(sys.argv[3:], start=1):
    scanner.scan(code)
    while lane.snapshot().line_count < n and time.monotonic() < deadline:
        time.sleep(0.005)
print("SHOWN", lane.snapshot().sale_id, lane.snapshot().line_count, flush=True)
time.sleep(60)
"""


@pytest.mark.expect_warnings("unfinished sale found at start-up")
def test_sale_survives_sigkill_and_is_offered_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ROOT / "config"), url, *CODES],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout is not None
        shown = child.stdout.readline().split()
    finally:
        os.kill(child.pid, signal.SIGKILL)  # the power cut: no clean-up of any kind
        child.wait(10)
    assert shown[0] == "SHOWN" and shown[2] == "3", shown
    sale_id = shown[1]

    services = build_simulated_services(
        load_config(ROOT / "config"), database_url=url, clock=ManualClock(), tick=False
    )
    try:
        assert services.wait_for_devices() == ()
        snapshot = services.lane.snapshot()
        assert snapshot.state is LaneState.ATTENDANT_REQUIRED
        assert snapshot.recovered_sale_id == sale_id
        assert snapshot.prompt is not None and snapshot.prompt.code is PromptCode.RECOVERED_SALE
        assert [line.barcode for line in snapshot.lines] == list(CODES)
        services.lane.post(m.ResumeRecoveredSale())
        services.lane.wait_idle()
        resumed = services.lane.snapshot()
        assert resumed.state is LaneState.SCANNING and resumed.sale_id == sale_id
        assert resumed.total.to_decimal_string() == "234.70"
    finally:
        services.close()
