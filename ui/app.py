"""Starting the kiosk UI: the Qt application, the kiosk window and (in the demo) the simulator control panel.

Cold start matters (a lane that reboots must be back within a second), so only Qt and the UI's own light
modules are imported before the first paint; Babel's locale data is loaded just after it, and nothing here
waits on the catalog (the attract screen needs none). The caller parses the command line.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ui.main_window import KioskWindow
from ui.money_format import warm_up
from ui.ports import LaneFacade, Services


def main_window_for(
    lane: LaneFacade, *, size: tuple[int, int] = (1920, 1080), languages: tuple[str, ...] = ("ru", "en")
) -> KioskWindow:
    """The kiosk window bound to ``lane`` (needs a running QApplication); used by :func:`run` and tests."""
    return KioskWindow(lane, size=size, languages=languages)


def run(
    services: Services,
    *,
    fullscreen: bool = False,
    size: tuple[int, int] = (1920, 1080),
    control_panel: bool = True,
) -> int:
    """Run the kiosk UI until its window closes; returns the Qt exit code. Calls ``services.close()`` on exit.

    ``control_panel`` opens the simulator panel ("the world") when a scanner simulator is present.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    # The facade protocol does not promise settings; the real Lane has them, so offer its languages.
    languages = tuple(getattr(getattr(services.lane, "settings", None), "languages", ("ru", "en")))
    window = main_window_for(services.lane, size=size, languages=languages)
    if fullscreen:
        window.showFullScreen()
    else:
        window.show()
    windows: list[QWidget] = [window]

    def after_first_paint() -> None:
        warm_up()
        if control_panel and services.scanner_simulator is not None:
            from ui.control_panel import SimulatorControlPanel

            panel = SimulatorControlPanel(services.lane, services.catalog, services.scanner_simulator)
            panel.show()
            windows.append(panel)

    QTimer.singleShot(0, after_first_paint)
    app.setQuitOnLastWindowClosed(False)  # the kiosk window decides: closing the panel alone changes nothing
    window.closed.connect(app.quit)
    try:
        return app.exec()
    finally:
        for widget in windows:
            widget.close()
        services.close()
