"""Small helpers shared by the UI tests: deliver queued lane publications, click like a shopper."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from ui.main_window import KioskWindow


def settle() -> None:
    """Deliver the bridge's queued publications (the lane in tests handles messages synchronously)."""
    for _ in range(3):
        QCoreApplication.processEvents()


def tap(qtbot: QtBot, widget: QAbstractButton) -> None:
    assert widget.isVisible(), f"{widget.objectName() or widget.text()!r} is not on screen"
    assert widget.isEnabled(), f"{widget.objectName() or widget.text()!r} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    settle()


def basket_rows(window: KioskWindow) -> list[tuple[str, str, str]]:
    model = window.scanning.view.model()
    return [
        tuple(model.index(row, col).data() for col in range(model.columnCount()))  # type: ignore[misc]
        for row in range(model.rowCount())
    ]
