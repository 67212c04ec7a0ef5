"""PAYMENT and PAYMENT_PENDING: choose how to pay, then follow the terminal.

Only card is offered in this build (the lane's tender router has one provider); more tenders become more
buttons here, each posting ``TenderChosen(method)``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.lane import messages as m
from kiosk.lane.snapshot import LaneSnapshot
from ui.i18n import translate
from ui.money_format import format_money
from ui.screens.base import MessageScreen, Post


class _AmountDueScreen(MessageScreen):
    """A message screen whose texts include the balance due (re-worded only when that text changes)."""

    def __init__(self, post: Post, parent: QWidget | None = None) -> None:
        super().__init__(post, parent)
        self._due = ""

    def show_snapshot(self, snapshot: LaneSnapshot) -> None:
        due = format_money(snapshot.balance_due, snapshot.language)
        if due != self._due:
            self._due = due
            self.retranslate()


class PaymentScreen(_AmountDueScreen):
    """The amount due is the largest text on screen (the title); one primary action per tender."""

    def __init__(self, post: Post, parent: QWidget | None = None) -> None:
        super().__init__(post, parent)
        self.back = self.add_action("", lambda: self.post(m.BackToScanning()))
        self.back.setObjectName("BackButton")
        self.help = self.add_action("secondary", lambda: self.post(m.HelpRequested()))
        self.help.setObjectName("HelpButton")
        self.card_button = self.add_action("primary", lambda: self.post(m.TenderChosen("card")))
        self.card_button.setObjectName("CardButton")
        self.retranslate()

    def retranslate(self) -> None:
        self.set_texts(
            "₽",
            translate("PaymentScreen", "To pay: {amount}").format(amount=self._due),
            translate("PaymentScreen", "How would you like to pay?"),
            translate("PaymentScreen", "Bank card, phone or watch — at the terminal"),
        )
        self.back.setText(translate("PaymentScreen", "Back to scanning"))
        self.help.setText(translate("PaymentScreen", "Call for help"))
        self.card_button.setText(translate("PaymentScreen", "Card"))


class PaymentPendingScreen(_AmountDueScreen):
    def __init__(self, post: Post, parent: QWidget | None = None) -> None:
        super().__init__(post, parent)
        self.help = self.add_action("secondary", lambda: self.post(m.HelpRequested()))
        self.help.setObjectName("HelpButton")
        self.retranslate()

    def retranslate(self) -> None:
        self.set_texts(
            "▭",
            translate("PaymentPendingScreen", "To pay: {amount}").format(amount=self._due),
            translate("PaymentPendingScreen", "Follow the instructions on the terminal"),
            translate("PaymentPendingScreen", "Tap, insert or swipe your card"),
        )
        self.help.setText(translate("PaymentPendingScreen", "Call for help"))
