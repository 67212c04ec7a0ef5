"""ui.app.run: opens the kiosk window and the control panel, returns when the kiosk closes, closes services."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.lane.actor import Lane
from kiosk.lane.deferred import DeferredLane
from kiosk.lane.states import LaneState
from tests.ui.lanes import make_lane
from tests.ui.products import ALL
from tests.ui.world import FakeCatalog, FakeScanner
from ui.app import run
from ui.control_panel import SimulatorControlPanel
from ui.main_window import KioskWindow


@dataclass
class FakeServices:
    lane: Lane = field(default_factory=make_lane)
    catalog: FakeCatalog = field(default_factory=lambda: FakeCatalog(ALL))
    scanner_simulator: FakeScanner | None = field(default_factory=FakeScanner)
    printer_simulator: None = None
    terminal_simulator: None = None
    camera_simulator: None = None
    closed: int = 0

    def close(self) -> None:
        self.closed += 1


def test_run_shows_both_windows_and_closes_services_on_exit(qtbot: QtBot) -> None:
    services = FakeServices()
    seen: list[str] = []

    deadline = time.monotonic() + 20

    def look_then_close() -> None:  # once the panel is up (services start on a worker: slower when loaded)
        widgets = QApplication.topLevelWidgets()
        visible = [type(w).__name__ for w in widgets if w.isVisible()]
        if SimulatorControlPanel.__name__ not in visible and time.monotonic() < deadline:
            QTimer.singleShot(50, look_then_close)
            return
        seen.extend(visible)
        for widget in widgets:
            if isinstance(widget, KioskWindow):
                widget.close()

    lane = DeferredLane("ru", "RUB")
    QTimer.singleShot(500, look_then_close)
    assert run(lane, lambda: services, size=(1024, 768)) == 0
    assert lane.attached
    assert {KioskWindow.__name__, SimulatorControlPanel.__name__} <= set(seen)
    assert services.closed == 1
    assert not any(w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_touch_before_the_services_are_up_is_forwarded_not_lost(qtbot: QtBot) -> None:
    services = FakeServices()
    lane = DeferredLane("ru", "RUB")
    release = threading.Event()
    states: list[str] = []

    def slow_start() -> FakeServices:
        release.wait(5)  # the services are still starting while the shopper touches the screen
        return services

    def touch_then_release() -> None:
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, KioskWindow) and w.isVisible()
        )
        try:
            assert window.router.currentWidget() is window.attract  # the attract screen is up before the lane
            qtbot.mouseClick(window.attract.start, Qt.MouseButton.LeftButton)
            release.set()
            qtbot.waitUntil(lambda: services.lane.snapshot().state is LaneState.SCANNING, timeout=5000)
            qtbot.waitUntil(lambda: window.router.currentWidget() is window.scanning, timeout=5000)
            states.append(services.lane.snapshot().state.value)
        finally:
            release.set()
            window.close()

    QTimer.singleShot(300, touch_then_release)
    assert run(lane, slow_start, size=(1024, 768), control_panel=False) == 0
    assert states == ["SCANNING"]


@pytest.mark.expect_warnings("the kiosk services could not start")
def test_services_that_cannot_start_end_the_run_with_code_2(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> FakeServices:
        raise ValueError("devices.scanner: unknown driver 'serial_scaner'")

    code = run(DeferredLane("ru", "RUB"), broken, size=(1024, 768))
    assert code == 2
    assert "unknown driver 'serial_scaner'" in capsys.readouterr().err
