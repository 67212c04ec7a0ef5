"""Cold start: nothing heavy is imported before the attract screen's first paint.

The time itself is a benchmark figure (benchmarks/, docs/benchmarks.md), not a test assertion.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter: the time includes Python start-up, the Qt imports and the first paint.
_PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
from tests.ui.lanes import make_lane
from ui.app import main_window_for
app = QApplication([])
window = main_window_for(make_lane())
window.show()
window.repaint()
print(json.dumps({"modules": sorted(sys.modules)}))
"""

HEAVY = ("babel.numbers", "sqlalchemy", "cv2", "escpos", "numpy")


def test_first_paint_imports_nothing_heavy() -> None:
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
