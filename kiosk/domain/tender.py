"""A tender (one payment attempt) as part of a sale. Card data is never more than BIN + last four."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.domain.money import Money


class TenderStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    UNCERTAIN = "uncertain"  # sent, outcome unknown: asked of the provider before anything else happens


@dataclass(frozen=True, slots=True)
class Tender:
    attempt_id: str
    method: str
    amount: Money
    status: TenderStatus
    masked_pan: str = ""
    auth_code: str = ""
    reference: str = ""
