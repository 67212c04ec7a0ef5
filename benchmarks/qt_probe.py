"""Stopping the clock when Qt has actually painted, not when a slot ran.

An event filter sees an event *before* the widget handles it, so timing there would leave out the paint
itself — the largest software term of a scan (performance.md §6). Both watchers therefore handle the paint
event themselves inside the filter (calling the widget's own handler once), read the clock afterwards, and
consume the event so Qt does not paint twice. The watched code is unchanged; only delivery goes through us.

Threading rule: construct on the GUI thread; ``arm``/``wait`` may be called from any other thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QWidget


class RowPaintWatch(QObject):
    """Times the first viewport paint that shows row ``rows - 1`` of ``view``'s model.

    ``arm(rows)`` sets the expectation; ``after_reset`` additionally requires a model reset first (a new sale
    starts a new model), so a late repaint of the previous, longer basket cannot satisfy it.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._model = view.model()
        self._done = threading.Condition()
        self._rows: int | None = None
        self._need_reset = False
        self._painted_at: float | None = None
        self._model.modelReset.connect(self._on_reset)
        view.viewport().installEventFilter(self)

    def arm(self, rows: int, *, after_reset: bool = False) -> None:
        with self._done:
            self._rows, self._need_reset, self._painted_at = rows, after_reset, None

    def wait(self, timeout_s: float = 30.0) -> float:
        """``perf_counter`` at the end of the paint that showed the expected row."""
        with self._done:
            if not self._done.wait_for(lambda: self._painted_at is not None, timeout_s):
                raise TimeoutError(f"row {self._rows} was not painted within {timeout_s} s")
            assert self._painted_at is not None
            return self._painted_at

    def _on_reset(self) -> None:
        with self._done:
            self._need_reset = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or not isinstance(event, QPaintEvent):
            return False
        self._view.viewportEvent(event)  # the view's own paint, now, so the clock includes it
        painted_at = time.perf_counter()
        with self._done:
            rows = self._rows
            if rows is None or self._need_reset or self._painted_at is not None:
                return True
            if self._model.rowCount() >= rows and event.region().intersects(self._row_rect(rows - 1)):
                self._painted_at = painted_at
                self._rows = None
                self._done.notify_all()
        return True

    def _row_rect(self, row: int) -> QRect:
        rect = self._view.visualRect(self._model.index(row, 0))
        return QRect(0, rect.top(), self._view.viewport().width(), rect.height())


class FirstFrameWatch(QObject):
    """Times the end of the first frame (all widgets painted, backing store flushed) in which ``screen`` was
    painted. The frame is the top-level window's expose or update request, handled here in full."""

    def __init__(self, window: QWidget, screen: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._screen_painted = False
        self.first_frame_at: float | None = None  # any screen (e.g. "out of service" before the scanner)
        self.screen_frame_at: float | None = None
        self.on_screen_frame: list[
            Callable[[], None]
        ] = []  # callables run once, right after the screen's frame
        window.installEventFilter(self)
        screen.installEventFilter(self)

    def watch_window_handle(self) -> None:
        """Call after ``show()``: the very first frame is an expose event on the native window."""
        handle = self._window.windowHandle()
        if handle is not None:
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint and watched is not self._window:
            self._screen_painted = True
            return False
        if self.screen_frame_at is not None or kind not in (QEvent.Type.Expose, QEvent.Type.UpdateRequest):
            return False
        if (kind == QEvent.Type.Expose) == (watched is self._window):
            return False  # expose goes to the native window, update requests to the widget
        watched.event(event)  # the whole frame: every dirty widget painted, then flushed
        now = time.perf_counter()
        if self.first_frame_at is None:
            self.first_frame_at = now
        if self._screen_painted:
            self.screen_frame_at = now
            for callback in self.on_screen_frame:
                callback()
        return True
