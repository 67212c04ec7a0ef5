"""ui.app.run: opens the kiosk window and the control panel, returns when the kiosk closes, closes services."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.lane.actor import Lane
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
    closed: int = 0

    def close(self) -> None:
        self.closed += 1


def test_run_shows_both_windows_and_closes_services_on_exit(qtbot: QtBot) -> None:
    services = FakeServices()
    seen: list[str] = []

    def look_then_close() -> None:
        widgets = QApplication.topLevelWidgets()
        seen.extend(type(w).__name__ for w in widgets if w.isVisible())
        for widget in widgets:
            if isinstance(widget, KioskWindow):
                widget.close()

    QTimer.singleShot(200, look_then_close)
    assert run(services, size=(1024, 768)) == 0
    assert {KioskWindow.__name__, SimulatorControlPanel.__name__} <= set(seen)
    assert services.closed == 1
    assert not any(w.isVisible() for w in QApplication.topLevelWidgets())
