"""Small factories that tag widgets with the theme's dynamic properties (``role``, ``variant``).

Tagging instead of per-widget style sheets keeps every look in ``ui/theme/theme.qss`` and lets a theme swap
(large text, high contrast) restyle everything at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QWidget


def label(role: str, parent: QWidget | None = None, *, wrap: bool = True, center: bool = False) -> QLabel:
    widget = QLabel(parent)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


def button(
    variant: str = "", on_click: Callable[[], None] | None = None, parent: QWidget | None = None
) -> QPushButton:
    """A touch button: no focus rectangle (touch has no keyboard focus cue), expands sideways in layouts."""
    widget = QPushButton(parent)
    if variant:
        widget.setProperty("variant", variant)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    if on_click is not None:
        # Called with no arguments: ``clicked(bool)`` would otherwise fill a lambda's default argument.
        widget.clicked.connect(lambda: on_click())
    return widget


def card(parent: QWidget | None = None, role: str = "card") -> QFrame:
    frame = QFrame(parent)
    frame.setProperty("role", role)
    return frame


def set_variant(widget: QWidget, variant: str) -> None:
    """Change a variant at run time; the style must be re-polished for property selectors to re-match."""
    if widget.property("variant") != variant:
        widget.setProperty("variant", variant)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
