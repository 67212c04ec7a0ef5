"""Starting the kiosk UI: the Qt application, the kiosk window and (in the demo) the simulator control panel.

Cold start matters (a lane that reboots must be back within a second), so the attract screen is painted
*before* the services start: the window is built on a lane facade that exists early (``DeferredLane``), and
``start()`` — database, migrations, catalog, devices, with their heavy imports — runs on a worker thread
after the first frame. When it is done the real lane is attached; anything the shopper touched meanwhile is
forwarded, not lost. Babel's locale data and the control panel also wait until after the first frame.
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSocketNotifier, Signal
from PySide6.QtWidgets import QApplication, QWidget

from ui.main_window import KioskWindow
from ui.money_format import warm_up
from ui.ports import LaneFacade, Services, StartingLane

log = logging.getLogger(__name__)

EXIT_START_FAILED = 2
TERMINATION_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def main_window_for(
    lane: LaneFacade,
    *,
    size: tuple[int, int] = (1920, 1080),
    languages: tuple[str, ...] = ("ru", "en"),
    store_name: str = "",
) -> KioskWindow:
    """The kiosk window bound to ``lane`` (needs a running QApplication); used by :func:`run` and tests."""
    return KioskWindow(lane, size=size, languages=languages, store_name=store_name)


class _Starter(QObject):
    """Runs ``start`` on a worker thread once the window has painted; reports back on the GUI thread.

    Threading rule: construct on the GUI thread. ``started``/``failed`` are emitted from the worker and, the
    object living on the GUI thread, delivered there (queued). :meth:`finish` joins the worker, so services
    that finish starting after the window closed are still closed, and no signal outlives the window.
    """

    started = Signal(object)
    failed = Signal(str)

    def __init__(self, window: QWidget, start: Callable[[], Services]) -> None:
        super().__init__(window)
        self._start = start
        self._thread: threading.Thread | None = None
        self.services: Services | None = None
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._thread is None:
            watched.removeEventFilter(self)
            self._thread = threading.Thread(target=self._work, name="services-start", daemon=True)
            self._thread.start()
        return False

    def _work(self) -> None:
        try:
            self.services = self._start()
        except Exception as exc:
            log.exception("the kiosk services could not start")
            self.failed.emit(str(exc))
            return
        self.started.emit(self.services)

    def finish(self, timeout_s: float = 30.0) -> Services | None:
        """Wait for the worker (if it ran) and return what it built."""
        if self._thread is not None:
            self._thread.join(timeout_s)
        return self.services


@contextmanager
def quit_on_termination_signals(app: QCoreApplication) -> Iterator[None]:
    """While inside, SIGINT and SIGTERM end the event loop exactly as closing the window does (exit 0).

    Python runs signal handlers only on the main thread between bytecodes, and Qt's event loop is C++: a
    signal would wait for the next Python slot and, as ``KeyboardInterrupt``, tear that slot apart. So the
    signal module's wake-up fd writes a byte to a socket the event loop watches; the loop wakes, Python runs
    the handler, and the handler asks the loop to quit — the normal shutdown path then closes the services.
    Must be entered on the main thread.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda: reader.recv(256))  # the handler already ran; drain the wake-up bytes
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    previous = {sig: signal.signal(sig, lambda _sig, _frame: app.quit()) for sig in TERMINATION_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        reader.close()
        writer.close()


def _place_beside(panel: QWidget, window: QWidget) -> None:
    """Put the control panel to the right of the kiosk window when the screen has room (not over it)."""
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    x = frame.right() + 8
    if x + panel.sizeHint().width() <= screen.right():
        panel.move(x, frame.top())


def run(
    lane: StartingLane,
    start: Callable[[], Services],
    *,
    languages: tuple[str, ...] = ("ru", "en"),
    fullscreen: bool = False,
    size: tuple[int, int] = (1920, 1080),
    control_panel: bool = True,
    store_name: str = "",
) -> int:
    """Show the kiosk on ``lane``, start the services after the first frame, run until the window closes.

    Returns the Qt exit code (2 if the services could not start). Calls ``close()`` on the services on exit.
    ``control_panel`` opens the simulator panel ("the world") when a scanner simulator is present.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    window = main_window_for(lane, size=size, languages=languages, store_name=store_name)
    windows: list[QWidget] = [window]
    starter = _Starter(window, start)

    def on_started(services: Services) -> None:
        lane.attach(services.lane)
        warm_up()
        if control_panel and services.scanner_simulator is not None:
            from ui.control_panel import SimulatorControlPanel

            panel = SimulatorControlPanel(
                services.lane,
                services.catalog,
                services.scanner_simulator,
                printer=services.printer_simulator,
                terminal=services.terminal_simulator,
                camera=services.camera_simulator,
            )
            _place_beside(panel, window)
            panel.show()
            windows.append(panel)

    def on_failed(reason: str) -> None:
        print(f"the kiosk could not start: {reason}", file=sys.stderr)
        app.exit(EXIT_START_FAILED)

    starter.started.connect(on_started)
    starter.failed.connect(on_failed)
    if fullscreen:
        window.showFullScreen()
    else:
        window.show()
    app.setQuitOnLastWindowClosed(False)  # the kiosk window decides: closing the panel alone changes nothing
    window.closed.connect(app.quit)
    try:
        with quit_on_termination_signals(app):
            return app.exec()
    finally:
        for widget in windows:
            widget.close()
        services = starter.finish()
        if services is not None:
            services.close()
