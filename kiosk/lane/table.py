"""The lane's transition table: for every state, which messages are handled and by which handler.

Anything not listed for a state is *explicitly* rejected with a reason (a ``MessageRejected`` event); nothing
is silently dropped. ``GLOBAL`` messages are handled in every state (time, devices, language, help).
A test walks every (state, message) pair against this table.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from kiosk.lane import messages as m
from kiosk.lane.states import LaneState as S

Handlers = Mapping[type[m.Message], str]

GLOBAL: Handlers = MappingProxyType(
    {
        m.Tick: "on_tick",
        m.DeviceAvailabilityChanged: "on_device_availability",
        m.DeviceInputRejected: "on_device_input_rejected",
        m.LanguageChanged: "on_language",
        m.HelpRequested: "on_help",
        m.PromptDismissed: "on_prompt_dismissed",
    }
)

_SELLING: Handlers = {
    m.BarcodeScanned: "on_code",
    m.CodeKeyedIn: "on_code",
    m.VoidLine: "on_void_line",
    m.PayRequested: "on_pay_requested",
    m.StillHere: "on_still_here",
}

TABLE: Mapping[S, Handlers] = MappingProxyType(
    {
        S.OUT_OF_SERVICE: {},
        S.CLOSED: {},
        S.ATTRACT: {
            m.StartShopping: "on_start_shopping",
            m.BarcodeScanned: "on_code",
            m.CodeKeyedIn: "on_code",
        },
        S.SCANNING: _SELLING,
        S.WEIGHING: {m.StillHere: "on_still_here"},
        S.ATTENDANT_REQUIRED: {
            m.ResumeRecoveredSale: "on_resume_recovered",
            m.VoidRecoveredSale: "on_void_recovered",
        },
        S.ATTENDANT_MODE: {},
        S.PAYMENT: {m.TenderChosen: "on_tender_chosen", m.BackToScanning: "on_back_to_scanning"},
        S.PAYMENT_PENDING: {
            m.PaymentApproved: "on_payment_approved",
            m.PaymentDeclined: "on_payment_declined",
        },
        S.FINALIZING: {},
        S.COMPLETE: {m.FinishRequested: "on_finish", m.BarcodeScanned: "on_code", m.CodeKeyedIn: "on_code"},
        S.SUSPENDED: {},
    }
)

# Why a message is refused in a state, for the log and the technician; the default covers the rest.
REJECT_REASONS: Mapping[S, str] = MappingProxyType(
    {
        S.OUT_OF_SERVICE: "lane is out of service: a required device is missing",
        S.CLOSED: "lane is closed",
        S.WEIGHING: "waiting for a stable weight",
        S.ATTENDANT_REQUIRED: "waiting for an attendant",
        S.PAYMENT_PENDING: "a payment is being authorised",
        S.FINALIZING: "the sale is being finalised",
    }
)


def handler_for(state: S, message: type[m.Message]) -> str | None:
    """The handler name for ``message`` in ``state``, or None when the table rejects it."""
    return TABLE[state].get(message) or GLOBAL.get(message)


def reject_reason(state: S, message: type[m.Message]) -> str:
    return REJECT_REASONS.get(state, f"{message.__name__} is not accepted in {state.value}")


def all_message_types() -> tuple[type[m.Message], ...]:
    return tuple(
        obj
        for obj in vars(m).values()
        if isinstance(obj, type) and issubclass(obj, m.Message) and obj is not m.Message
    )
