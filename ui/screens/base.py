"""The screen base class and the centred "message" layout most screens share.

Screens only render snapshots and post messages; they never decide what the lane does next.
Threading rule: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.lane import messages as m
from kiosk.lane.snapshot import LaneSnapshot
from ui.theme.tokens import Tokens
from ui.widgets.common import button, card, label

Post = Callable[[m.Message], None]


class Screen(QWidget):
    """A full-window page. Subclasses override :meth:`retranslate` and :meth:`render`."""

    def __init__(self, post: Post, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.post = post
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

    def retranslate(self) -> None:
        """Set the fixed texts in the current language (called on a language switch)."""

    def show_snapshot(self, snapshot: LaneSnapshot) -> None:
        """Show what ``snapshot`` says; called for every snapshot while this screen is current."""

    def apply_tokens(self, tokens: Tokens) -> None:
        """Adjust sizes the style sheet cannot reach (row heights, column widths)."""


class MessageScreen(Screen):
    """Icon, title, subtitle, body and a row of big buttons in a centred card; small print for staff below."""

    def __init__(self, post: Post, parent: QWidget | None = None, *, icon_variant: str = "") -> None:
        super().__init__(post, parent)
        self.icon = label("icon", center=True)
        if icon_variant:
            self.icon.setProperty("variant", icon_variant)
        self.title = label("title", center=True)
        self.subtitle = label("subtitle", center=True)
        self.body = label("caption", center=True)
        self.small = label("small", center=True)
        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(16)

        panel = card(self)
        panel.setMaximumWidth(1200)
        self.card_layout = QVBoxLayout(panel)
        self.card_layout.setContentsMargins(56, 48, 56, 48)
        self.card_layout.setSpacing(20)
        for widget in (self.icon, self.title, self.subtitle, self.body):
            self.card_layout.addWidget(widget)
        self.card_layout.addSpacing(16)
        self.card_layout.addLayout(self.action_row)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel, 12)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 24)
        outer.addStretch(2)
        outer.addLayout(row)
        outer.addStretch(3)
        outer.addWidget(self.small)

    def add_action(self, variant: str, on_click: Callable[[], None]) -> QPushButton:
        widget = button(variant, on_click)
        self.action_row.addWidget(widget)
        return widget

    def set_texts(self, icon: str, title: str, subtitle: str = "", body: str = "") -> None:
        """Set the card's texts; an empty text hides its label so the card does not keep blank rows."""
        for widget, text in (
            (self.icon, icon),
            (self.title, title),
            (self.subtitle, subtitle),
            (self.body, body),
        ):
            widget.setText(text)
            widget.setVisible(bool(text))
