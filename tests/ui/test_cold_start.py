"""Cold start: the attract screen paints quickly and nothing heavy is imported before that first paint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter: the time includes Python start-up, the Qt imports and the first paint.
_PROBE = """
import json, sys, time
started = time.perf_counter()
from PySide6.QtWidgets import QApplication
from tests.ui.lanes import make_lane
from ui.app import main_window_for
app = QApplication([])
window = main_window_for(make_lane())
window.show()
window.repaint()
painted = time.perf_counter() - started
print(json.dumps({"painted_s": painted, "modules": sorted(sys.modules)}))
"""

HEAVY = ("babel.numbers", "sqlalchemy", "cv2", "escpos", "numpy")


def test_first_paint_is_fast_and_light() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert not [name for name in HEAVY if name in report["modules"]]
    assert report["painted_s"] < 1.0, f"first paint after {report['painted_s']:.2f} s"
