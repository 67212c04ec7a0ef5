"""FINALIZING and COMPLETE: the purchase is paid. Done (or the lane's own timer) returns to the attract screen."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.lane import messages as m
from kiosk.lane.snapshot import LaneSnapshot
from kiosk.lane.states import LaneState
from ui.i18n import translate
from ui.money_format import format_money
from ui.screens.base import MessageScreen, Post


class CompleteScreen(MessageScreen):
    def __init__(self, post: Post, parent: QWidget | None = None) -> None:
        super().__init__(post, parent)
        self.done = self.add_action("primary", lambda: self.post(m.FinishRequested()))
        self.done.setObjectName("DoneButton")
        self._paid = ""
        self._finalizing = False
        self.retranslate()

    def retranslate(self) -> None:
        paid = translate("CompleteScreen", "Paid: {amount}").format(amount=self._paid) if self._paid else ""
        if self._finalizing:
            self.set_texts("…", translate("CompleteScreen", "Printing your receipt…"), paid)
        else:
            self.set_texts(
                "✓",
                translate("CompleteScreen", "Thank you for your purchase!"),
                paid,
                translate("CompleteScreen", "Please take your bags. Have a good day!"),
            )
        self.done.setText(translate("CompleteScreen", "Done"))

    def show_snapshot(self, snapshot: LaneSnapshot) -> None:
        paid = format_money(snapshot.paid, snapshot.language) if snapshot.sale_id else ""
        finalizing = snapshot.state is LaneState.FINALIZING
        if (paid, finalizing) != (self._paid, self._finalizing):
            self._paid, self._finalizing = paid, finalizing
            self.retranslate()
        self.done.setVisible(not finalizing)
