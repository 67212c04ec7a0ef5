"""The simulated terminal's own books: what it actually charged, refunded and reversed.

This is the ground truth a test or the scenario runner compares the kiosk's payment journal with: the kiosk
believes what the driver reported; the ledger records what the "bank" did, including bookings whose result
never reached the kiosk (connection lost after the authorisation). Only approved bookings move money, so only
they are recorded; every command the PT saw is counted in ``attempts``.
"""

from __future__ import annotations

import enum
import json
import threading
from dataclasses import asdict, dataclass


class Kind(enum.StrEnum):
    PURCHASE = "purchase"
    REFUND = "refund"
    REVERSAL = "reversal"


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    kind: Kind
    receipt_no: int
    trace_no: int
    amount_minor: int
    currency: int  # ISO 4217 numeric
    reverses: int | None = None  # for a reversal: the receipt number it voided


class Ledger:
    """Thread-safe; written by the terminal's session thread, read by tests and the control port."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LedgerEntry] = []
        self.attempts = 0

    def record(self, entry: LedgerEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[LedgerEntry]:
        with self._lock:
            return list(self._entries)

    def find(self, receipt_no: int) -> LedgerEntry | None:
        return next((e for e in self.entries() if e.receipt_no == receipt_no), None)

    def reversed_receipts(self) -> set[int]:
        return {e.reverses for e in self.entries() if e.reverses is not None}

    def net(self, currency: int) -> int:
        """Money moved from shoppers to the merchant, in minor units: charges − refunds − reversed charges."""
        total = 0
        for entry in self.entries():
            if entry.currency != currency:
                continue
            if entry.kind is Kind.PURCHASE:
                total += entry.amount_minor
            else:
                total -= entry.amount_minor
        return total

    def to_json(self) -> str:
        return json.dumps([asdict(e) for e in self.entries()], separators=(",", ":"))
