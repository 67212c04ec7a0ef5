"""ATTRACT: invites the next shopper. A touch anywhere starts; scanning an item starts too (the lane does that).

Language buttons show each language in its own name, so a shopper who cannot read the current one finds theirs.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.lane import messages as m
from kiosk.lane.snapshot import LaneSnapshot
from ui.i18n import translate
from ui.screens.base import MessageScreen, Post
from ui.widgets.common import button

# Endonyms are never translated: they are how a shopper recognises their own language.
ENDONYMS = {"ru": "Русский", "en": "English"}


def language_buttons(post: Post, languages: tuple[str, ...], prefix: str) -> dict[str, QPushButton]:
    """One checkable button per language, named in that language, posting ``LanguageChanged``."""
    buttons: dict[str, QPushButton] = {}
    for code in languages:
        widget = button("language", partial(post, m.LanguageChanged(code)))
        widget.setObjectName(f"{prefix}_{code}")
        widget.setCheckable(True)
        widget.setText(ENDONYMS.get(code, code.upper()))
        buttons[code] = widget
    return buttons


class AttractScreen(MessageScreen):
    def __init__(
        self, post: Post, languages: tuple[str, ...], store_name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(post, parent)
        self._store_name = store_name
        self.start = self.add_action("primary", lambda: self.post(m.StartShopping()))
        self.start.setObjectName("StartButton")
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addStretch(1)
        self.language_buttons = language_buttons(post, languages, "Language")
        for widget in self.language_buttons.values():
            row.addWidget(widget, 0)
        row.addStretch(1)
        self.card_layout.addSpacing(8)
        self.card_layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.set_texts(
            "",
            translate("AttractScreen", "Touch to start"),
            translate("AttractScreen", "or simply scan your first item"),
        )
        self.start.setText(translate("AttractScreen", "Start"))
        self.small.setText(self._store_name or translate("AttractScreen", "Self-checkout"))

    def show_snapshot(self, snapshot: LaneSnapshot) -> None:
        for code, widget in self.language_buttons.items():
            widget.setChecked(code == snapshot.language)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.post(m.StartShopping())
        event.accept()
