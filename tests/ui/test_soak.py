"""Soak: 10,000 basket lines through the real path (lane thread → bridge → model → view, painted).

Guards against the PySide6 refcount class of crash (performance.md §0) and against per-line memory or time
growth. Scans are posted in bursts (as a fast shopper or a queue of lane messages would produce) so the run
stays within a minute on a two-core CI box while still painting after every burst.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.lane import messages as m
from kiosk.lane.actor import Lane
from tests.ui.lanes import make_lane
from tests.ui.products import ALL
from ui.app import main_window_for

LINES = 10_000
BURST = 10
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


@pytest.mark.slow
def test_ten_thousand_lines_through_the_real_view(qtbot: QtBot) -> None:
    lane = make_lane(lane_class=Lane)
    window = main_window_for(lane, size=(1280, 800))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    codes = [p.barcodes[0] for p in ALL if p.sco_allowed]
    view = window.scanning.view
    lane.start_thread()
    try:
        before = rss_bytes()
        for first in range(0, LINES, BURST):
            for n in range(first, first + BURST):
                lane.post(m.BarcodeScanned(codes[n % len(codes)]))
            qtbot.waitUntil(lambda target=first + BURST: window.model.rowCount() == target, timeout=10_000)
            view.scrollToBottom()
            view.viewport().repaint()
            QApplication.processEvents()
        growth = rss_bytes() - before
    finally:
        lane.stop()

    assert window.model.rowCount() == LINES
    assert window.scanning.count.text().startswith(f"{LINES} ")
    assert window.model.index(LINES - 1, 0).data() == ALL[(LINES - 1) % len(codes)].name
    assert growth < 150 * 2**20, f"RSS grew by {growth / 2**20:.0f} MB"
