"""Immutable pictures of the lane, published after every message. The UI renders only these."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from drivers.contracts import LightColour
from kiosk.domain import Line, Money, TaxRate, Tender
from kiosk.lane.interventions import Intervention
from kiosk.lane.states import LaneState


class PromptCode(enum.StrEnum):
    """Codes the core hands to the UI, which turns them into words in the shopper's language."""

    ITEM_NOT_FOUND = "item_not_found"
    ITEM_NOT_FOR_SCO = "item_not_for_sco"
    ITEM_NEEDS_WEIGHT = "item_needs_weight"
    ITEM_AGE_RESTRICTED = "item_age_restricted"
    INACTIVITY_WARNING = "inactivity_warning"
    RECOVERED_SALE = "recovered_sale"
    HELP_REQUESTED = "help_requested"
    SCAN_NOT_READ = "scan_not_read"
    PAYMENT_DECLINED = "payment_declined"
    PAYMENT_NOT_SENT = "payment_not_sent"  # the tender failed before sending: nothing was charged, try again
    PAYMENT_CHECKING = "payment_checking"  # outcome unknown: asking the terminal, nothing else meanwhile
    PAYMENT_CANCELLING = "payment_cancelling"  # timed out or cancelled: waiting for the terminal to confirm
    NOT_RECORDED = "not_recorded"  # the lane could not record the action (e.g. journal write failed)


@dataclass(frozen=True, slots=True)
class Prompt:
    code: PromptCode
    params: tuple[tuple[str, str], ...] = ()

    def param(self, key: str, default: str = "") -> str:
        return dict(self.params).get(key, default)


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    name: str
    required: bool
    available: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class LaneSnapshot:
    version: int
    state: LaneState
    language: str
    currency: str
    sale_id: str | None = None
    lines: Sequence[Line] = ()  # shared with the sale (a persistent vector): O(1) per snapshot
    line_count: int = 0  # lines not voided
    total: Money = field(default_factory=Money.zero)
    tax: tuple[tuple[TaxRate, Money], ...] = ()
    tenders: tuple[Tender, ...] = ()
    paid: Money = field(default_factory=Money.zero)
    balance_due: Money = field(default_factory=Money.zero)
    prompt: Prompt | None = None
    devices: tuple[DeviceStatus, ...] = ()
    recovered_sale_id: str | None = None
    inactivity_deadline_s: float | None = None  # clock time the unpaid basket is voided, while warned
    interventions: tuple[Intervention, ...] = ()  # the queue: this sale's and the lane's, oldest first
    light: LightColour | None = None  # the lane light as the lane wants it now
    light_blink: bool = False

    @property
    def pending_interventions(self) -> tuple[Intervention, ...]:
        return tuple(i for i in self.interventions if i.pending)

    @property
    def missing_devices(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.devices if d.required and not d.available)
