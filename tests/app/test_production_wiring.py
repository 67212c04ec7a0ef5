"""Production wiring is production: ``kiosk run`` loads no simulator and no test tender, at run time.

The import-linter contract checks ``kiosk.bootstrap``'s static imports; this test runs ``kiosk run`` itself
(offscreen, on the shipped configuration, whose devices are simply absent here) until its services are up,
ends it with SIGTERM, and lists what the process had imported.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from tests.app.test_one_lane_and_signals import ROOT, _env, _holder_pid, _until

PROBE = """
import atexit, sys
from kiosk.cli import main

def loaded():
    stand_ins = ("simulators", "kiosk.simulation", "kiosk.simulated", "payments.test_tender")
    names = [name for name in sys.modules if name.split(".")[0] == "simulators" or name in stand_ins]
    print("LOADED", *sorted(names), flush=True)

atexit.register(loaded)
sys.exit(main(["run", "--config", sys.argv[1]]))
"""


def test_kiosk_run_imports_no_simulator_and_no_test_tender(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", PROBE, str(ROOT / "config")],
        cwd=ROOT,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _until(lambda: _holder_pid(tmp_path) == str(child.pid), "kiosk run to lock its data folder")
        _until(lambda: (tmp_path / "kiosk.sqlite3").exists(), "kiosk run's journal")
        _until(lambda: (tmp_path / "catalog.sqlite3").exists(), "kiosk run's catalog")
        child.send_signal(signal.SIGTERM)
        stdout, stderr = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate(timeout=10)
    assert child.returncode == 0, stderr
    assert stdout.strip().splitlines()[-1] == "LOADED", stdout
