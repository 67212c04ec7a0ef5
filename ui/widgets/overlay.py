"""A dimmed layer over the whole kiosk window holding one centred dialog card.

It is a plain child widget, not a modal ``QDialog``: it never runs a nested event loop and never takes the
keyboard, so scans (which reach the lane from the scanner driver, not from widgets) keep flowing while a
prompt is shown, and the next snapshot can replace or remove it at any time. Touches on the dimmed area are
absorbed so nothing underneath is pressed by accident.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.widgets.common import card


class Overlay(QWidget):
    """Covers its parent (following its resizes); put content into :attr:`dialog`."""

    def __init__(self, parent: QWidget, *, max_width: int = 1000) -> None:
        super().__init__(parent)
        self.setProperty("role", "scrim")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.dialog: QFrame = card(self, role="dialog")
        self.dialog.setMaximumWidth(max_width)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.dialog, 10)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def _cover_parent(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def open(self) -> None:
        self._cover_parent()
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._cover_parent()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
