"""On-screen numeric keypad for keying in a barcode or PLU when a label will not scan.

The typed code goes to the lane as ``CodeKeyedIn``; the lane looks it up exactly like a scan, so a wrong code
gets the same "not found" prompt and is never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.lane import messages as m
from ui.i18n import translate
from ui.widgets.common import button, label
from ui.widgets.overlay import Overlay

MAX_DIGITS = 20  # longer than any GTIN (14) or PLU (5): anything past this is a mistyped code


class KeypadPanel(Overlay):
    """Digits, backspace, Cancel and OK. Threading rule: GUI thread only."""

    def __init__(self, parent: QWidget, post: Callable[[m.Message], None]) -> None:
        super().__init__(parent, max_width=620)
        self._post = post
        self._code = ""
        self._title = label("dialog-title", center=True)
        self._display = label("code-display", wrap=False, center=True)
        keys = QGridLayout()
        keys.setSpacing(12)
        for position, key in enumerate("123456789⌫0"):
            if key == "⌫":
                key_button = button(on_click=self._backspace)
                key_button.setObjectName("KeyBackspace")
            else:
                key_button = button(on_click=partial(self._type, key))
                key_button.setObjectName(f"Key{key}")
            key_button.setText(key)
            key_button.setProperty("role", "key")
            keys.addWidget(key_button, position // 3, position % 3)
        self._cancel = button(on_click=self.close_keypad)
        self._ok = button("primary", self._submit)
        self._ok.setObjectName("KeypadOk")
        actions = QHBoxLayout()
        actions.setSpacing(16)
        actions.addWidget(self._cancel)
        actions.addWidget(self._ok)
        layout = QVBoxLayout(self.dialog)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(16)
        layout.addWidget(self._title)
        layout.addWidget(self._display)
        layout.addLayout(keys)
        layout.addSpacing(8)
        layout.addLayout(actions)
        self.retranslate()

    def open_keypad(self) -> None:
        self._set_code("")
        self.open()

    def close_keypad(self) -> None:
        self.hide()

    def retranslate(self) -> None:
        self._title.setText(translate("Keypad", "Enter the code under the barcode"))
        self._cancel.setText(translate("Keypad", "Cancel"))
        self._ok.setText(translate("Keypad", "Add item"))

    def _type(self, digit: str) -> None:
        if len(self._code) < MAX_DIGITS:
            self._set_code(self._code + digit)

    def _backspace(self) -> None:
        self._set_code(self._code[:-1])

    def _set_code(self, code: str) -> None:
        self._code = code
        self._display.setText(code)
        self._ok.setEnabled(bool(code))

    def _submit(self) -> None:
        if self._code:
            self._post(m.CodeKeyedIn(self._code))
        self.close_keypad()
