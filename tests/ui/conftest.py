"""Fixtures for UI tests: a real lane (handled on the test thread) and the kiosk window on top of it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.lane.actor import Lane
from tests.ui.lanes import make_lane
from ui.app import main_window_for
from ui.main_window import KioskWindow


@pytest.fixture
def lane() -> Lane:
    return make_lane()


@pytest.fixture
def window(qtbot: QtBot, lane: Lane) -> Iterator[KioskWindow]:
    win = main_window_for(lane, size=(1280, 800))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
