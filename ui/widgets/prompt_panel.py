"""Turns the lane's prompt codes into a dialog-like panel over the current screen.

The lane decides *that* a prompt is shown and what ends it (the next good scan clears "item not found"); this
panel only words it in the shopper's language and offers the buttons that post the matching messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.lane import messages as m
from kiosk.lane.snapshot import Prompt, PromptCode
from ui.i18n import translate
from ui.widgets.common import button, label, set_variant
from ui.widgets.overlay import Overlay

Post = Callable[[m.Message], None]

# Prompts that are whole screens rather than overlays.
SCREEN_PROMPTS = frozenset({PromptCode.RECOVERED_SALE})


@dataclass(frozen=True, slots=True)
class _Action:
    text: str
    message: m.Message
    variant: str = ""


@dataclass(frozen=True, slots=True)
class _Content:
    icon: str
    variant: str
    title: str
    body: str
    actions: tuple[_Action, ...]


def _help() -> _Action:
    return _Action(translate("PromptPanel", "Call for help"), m.HelpRequested(), "secondary")


def _ok() -> _Action:
    return _Action(translate("PromptPanel", "OK"), m.PromptDismissed(), "primary")


def _content(prompt: Prompt, seconds_left: int) -> _Content:
    """Words and buttons for one prompt, in the current language."""
    code = prompt.param("code")
    name = prompt.param("name")
    match prompt.code:
        case PromptCode.ITEM_NOT_FOUND:
            return _Content(
                "?",
                "warning",
                translate("PromptPanel", "We couldn't find item {code}").format(code=code),
                translate("PromptPanel", "Please put it aside or call for help. Nothing was added."),
                (_help(), _ok()),
            )
        case PromptCode.ITEM_NOT_FOR_SCO:
            return _Content(
                "!",
                "warning",
                translate("PromptPanel", "{name} can't be sold at self-checkout").format(name=name),
                translate("PromptPanel", "An attendant can help you with this item."),
                (_help(), _ok()),
            )
        case PromptCode.ITEM_AGE_RESTRICTED:
            return _Content(
                "18+",
                "warning",
                translate("PromptPanel", "{name} is sold to adults only").format(name=name),
                translate(
                    "PromptPanel",
                    "This lane cannot check ID yet, so it was not added. Please buy it at a staffed checkout.",
                ),
                (_ok(),),
            )
        case PromptCode.ITEM_NEEDS_WEIGHT:
            return _Content(
                "!",
                "warning",
                translate("PromptPanel", "{name} needs to be weighed").format(name=name),
                translate("PromptPanel", "This lane can't weigh items. An attendant can help."),
                (_help(), _ok()),
            )
        case PromptCode.INACTIVITY_WARNING:
            return _Content(
                "…",
                "warning",
                translate("PromptPanel", "Are you still there?"),
                translate("PromptPanel", "Your purchase will be cancelled in {seconds} s.").format(
                    seconds=seconds_left
                ),
                (_Action(translate("PromptPanel", "I'm still here"), m.StillHere(), "primary"),),
            )
        case PromptCode.SCAN_NOT_READ:
            return _Content(
                "↻",
                "warning",
                translate("PromptPanel", "Scan not read"),
                translate("PromptPanel", "Please scan the item again."),
                (_ok(),),
            )
        case PromptCode.NOT_RECORDED:
            return _Content(
                "!",
                "danger",
                translate("PromptPanel", "That did not go through"),
                translate("PromptPanel", "Nothing was added or changed. Please try again or call for help."),
                (_help(), _ok()),
            )
        case PromptCode.HELP_REQUESTED:
            return _Content(
                "✓",
                "",
                translate("PromptPanel", "Help is on the way"),
                translate("PromptPanel", "An attendant will be with you shortly."),
                (_ok(),),
            )
        case PromptCode.PAYMENT_DECLINED:
            return _Content(
                "✕",
                "danger",
                translate("PromptPanel", "Payment declined"),
                translate(
                    "PromptPanel", "No money was taken. Please try again or choose another way to pay."
                ),
                (_help(), _ok()),
            )
        case _:
            return _Content(
                "!",
                "warning",
                translate("PromptPanel", "Please wait"),
                translate("PromptPanel", "An attendant will help you."),
                (_help(),),
            )


class PromptPanel(Overlay):
    """Shows ``snapshot.prompt`` (or hides) on every :meth:`show_prompt`; buttons post lane messages.

    Threading rule: GUI thread only.
    """

    def __init__(self, parent: QWidget, post: Post) -> None:
        super().__init__(parent, max_width=1000)
        self._post = post
        self._prompt: Prompt | None = None
        self._seconds_left = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

        self._icon = label("icon", center=True)
        self._title = label("dialog-title", center=True)
        self._body = label("caption", center=True)
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(16)
        layout = QVBoxLayout(self.dialog)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(20)
        for widget in (self._icon, self._title, self._body):
            layout.addWidget(widget)
        layout.addSpacing(12)
        layout.addLayout(self._buttons)

    @property
    def prompt(self) -> Prompt | None:
        return self._prompt

    def show_prompt(self, prompt: Prompt | None) -> None:
        if prompt is not None and prompt.code in SCREEN_PROMPTS:
            prompt = None
        if prompt == self._prompt:
            return
        self._prompt = prompt
        self._countdown.stop()
        if prompt is None:
            self.hide()
            return
        if prompt.code is PromptCode.INACTIVITY_WARNING:
            self._seconds_left = int(prompt.param("seconds", "0") or 0)
            self._countdown.start()
        self.retranslate()
        self.open()

    def retranslate(self) -> None:
        if self._prompt is None:
            return
        content = _content(self._prompt, self._seconds_left)
        self._icon.setText(content.icon)
        set_variant(self._icon, content.variant)
        set_variant(self.dialog, content.variant)
        self._title.setText(content.title)
        self._body.setText(content.body)
        self._set_actions(content.actions)

    def _set_actions(self, actions: tuple[_Action, ...]) -> None:
        while (item := self._buttons.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for action in actions:
            widget = button(action.variant, partial(self._post, action.message))
            widget.setText(action.text)
            self._buttons.addWidget(widget)

    def _tick(self) -> None:
        if self._prompt is not None:
            self._seconds_left = max(0, self._seconds_left - 1)
            self._body.setText(_content(self._prompt, self._seconds_left).body)

    def body_text(self) -> str:
        return self._body.text()

    def title_text(self) -> str:
        return self._title.text()

    def buttons(self) -> list[QPushButton]:
        items = (self._buttons.itemAt(i) for i in range(self._buttons.count()))
        return [w for item in items if item is not None and isinstance(w := item.widget(), QPushButton)]
