"""Screens that tell the shopper to stop and wait: out of service, attendant required, and the other states.

Shoppers get one plain sentence; staff get the technical reason in small print (which device is missing),
so nobody has to open a log to know why a lane is closed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.lane.snapshot import LaneSnapshot, PromptCode
from kiosk.lane.states import LaneState
from ui.i18n import translate
from ui.screens.base import MessageScreen, Post


def device_name(role: str) -> str:
    """A device role (``devices.toml`` table name) in the shopper's language; unknown roles as they are."""
    names = {
        "scanner": translate("Devices", "barcode scanner"),
        "hid_scanner": translate("Devices", "hand scanner"),
        "camera": translate("Devices", "camera scanner"),
        "scanner_scale": translate("Devices", "scanner scale"),
        "item_scale": translate("Devices", "scale"),
        "security_scale": translate("Devices", "bagging-area scale"),
        "printer": translate("Devices", "receipt printer"),
        "terminal": translate("Devices", "card terminal"),
        "light": translate("Devices", "lane light"),
    }
    return names.get(role, role)


class OutOfServiceScreen(MessageScreen):
    """A required device is missing. Mid-sale the shopper is told to wait (the basket is kept and the lane
    resumes by itself when the device is back); with no sale, to use another lane."""

    def __init__(self, post: Post, parent: QWidget | None = None) -> None:
        super().__init__(post, parent, icon_variant="danger")
        self._missing: tuple[tuple[str, str], ...] = ()  # (role, technical detail for staff)
        self._in_sale = False
        self.retranslate()

    def retranslate(self) -> None:
        if self._in_sale:
            self.set_texts(
                "…",
                translate("OutOfServiceScreen", "A moment, please"),
                translate("OutOfServiceScreen", "Staff are coming — your basket is kept."),
            )
        else:
            self.set_texts(
                "✕",
                translate("OutOfServiceScreen", "Lane closed"),
                translate("OutOfServiceScreen", "Please use another lane. Sorry for the inconvenience."),
            )
        self.small.setText(
            translate("OutOfServiceScreen", "For staff: not available — {devices}").format(
                devices="; ".join(
                    f"{device_name(role)} ({detail})" if detail else device_name(role)
                    for role, detail in self._missing
                )
            )
            if self._missing
            else ""
        )

    def show_snapshot(self, snapshot: LaneSnapshot) -> None:
        missing = tuple((d.name, d.detail) for d in snapshot.devices if d.required and not d.available)
        in_sale = snapshot.sale_id is not None
        if (missing, in_sale) != (self._missing, self._in_sale):
            self._missing, self._in_sale = missing, in_sale
            self.retranslate()


class AttendantRequiredScreen(MessageScreen):
    def __init__(self, post: Post, parent: QWidget | None = None) -> None:
        super().__init__(post, parent, icon_variant="warning")
        self._recovered_lines: str | None = None
        self.retranslate()

    def retranslate(self) -> None:
        if self._recovered_lines is not None:
            self.set_texts(
                "!",
                translate("AttendantRequiredScreen", "An unfinished purchase was found"),
                translate("AttendantRequiredScreen", "An attendant will help you in a moment."),
            )
            self.small.setText(
                translate(
                    "AttendantRequiredScreen",
                    "For staff: {lines} line(s) — resume or void it on the attendant panel.",
                ).format(lines=self._recovered_lines)
            )
        else:
            self.set_texts(
                "!",
                translate("AttendantRequiredScreen", "Please wait"),
                translate("AttendantRequiredScreen", "An attendant is on the way."),
            )
            self.small.setText("")

    def show_snapshot(self, snapshot: LaneSnapshot) -> None:
        prompt = snapshot.prompt
        lines = prompt.param("lines", "0") if prompt and prompt.code is PromptCode.RECOVERED_SALE else None
        if lines != self._recovered_lines:
            self._recovered_lines = lines
            self.retranslate()


class StatusScreen(MessageScreen):
    """Every state without a screen of its own: one sentence per state, so no state shows a blank page."""

    def __init__(self, post: Post, parent: QWidget | None = None) -> None:
        super().__init__(post, parent)
        self._state: LaneState | None = None
        self.retranslate()

    def retranslate(self) -> None:
        match self._state:
            case LaneState.CLOSED:
                title = translate("StatusScreen", "This lane is closed")
                subtitle = translate("StatusScreen", "Please use another lane.")
            case LaneState.WEIGHING:
                title = translate("StatusScreen", "Place the item on the scale")
                subtitle = translate("StatusScreen", "Wait until the weight is steady.")
            case LaneState.ATTENDANT_MODE:
                title = translate("StatusScreen", "Attendant mode")
                subtitle = translate("StatusScreen", "A member of staff is using this lane.")
            case LaneState.SUSPENDED:
                title = translate("StatusScreen", "Purchase on hold")
                subtitle = translate("StatusScreen", "An attendant will help you.")
            case _:
                title = translate("StatusScreen", "Please wait")
                subtitle = ""
        self.set_texts("…", title, subtitle)

    def show_snapshot(self, snapshot: LaneSnapshot) -> None:
        if snapshot.state is not self._state:
            self._state = snapshot.state
            self.retranslate()
