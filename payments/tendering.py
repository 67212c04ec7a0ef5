"""The tendering part of a lane: payment attempts of the open sale, from intent to a final result.

It keeps the attempts that have no final result yet, journals every step *before* it is acted on (the intent
before the provider hears of it, the result before the sale moves on) and reconciles the journal at start-up:
an attempt journaled without a result is *uncertain* and must be asked of its provider before anything else
happens. It calls no provider itself — the lane asks for authorise / abort / status through its outbound
device port, and the answers come back as lane messages that end here.

Journal statuses written: ``pending`` (intent), ``approved``, ``declined``, ``unknown`` (uncertain).
May import ``kiosk.domain`` only (layering rule for ``payments/``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from kiosk.domain import Money, Sale, Tender, TenderStatus


class PaymentJournal(Protocol):
    def record_payment_intent(
        self, attempt_id: str, sale_id: str, method: str, amount_minor: int, at: datetime
    ) -> None: ...

    def record_payment_result(
        self,
        attempt_id: str,
        status: str,
        at: datetime,
        masked_pan: str = "",
        auth_code: str = "",
        reference: str = "",
    ) -> None: ...


class JournaledPayment(Protocol):
    """A payment attempt as the journal returns it at start-up."""

    @property
    def attempt_id(self) -> str: ...

    @property
    def method(self) -> str: ...

    @property
    def amount(self) -> Money: ...

    @property
    def status(self) -> str: ...


class Phase(enum.StrEnum):
    SENT = "sent"  # the provider was asked; waiting for its answer
    ABORTING = "aborting"  # timed out or cancelled: an abort was asked, the answer still decides
    UNCERTAIN = "uncertain"  # the outcome is unknown: ask the provider, never pay again meanwhile


@dataclass(frozen=True, slots=True)
class Attempt:
    attempt_id: str
    method: str
    amount_minor: int
    phase: Phase


_FINAL = {"approved": TenderStatus.APPROVED, "declined": TenderStatus.DECLINED}
_UNRESOLVED = {"pending", "unknown"}


class Tendering:
    def __init__(self, journal: PaymentJournal) -> None:
        self._journal = journal
        self._open: dict[str, Attempt] = {}

    @property
    def open_attempts(self) -> tuple[Attempt, ...]:
        """Attempts with no final result yet (at most one, except after a crash left several)."""
        return tuple(self._open.values())

    def attempt(self, attempt_id: str) -> Attempt | None:
        return self._open.get(attempt_id)

    def begin(self, sale: Sale, attempt_id: str, method: str, amount_minor: int, at: datetime) -> Attempt:
        """Journal the intent (the id is the idempotency key) and show it as pending. Call the provider after."""
        if self._open:
            raise RuntimeError("an attempt is still open; it must be resolved before paying again")
        if not 0 < amount_minor <= sale.balance_due.minor:
            raise ValueError(f"amount must be 0 < x <= {sale.balance_due.minor}")
        self._journal.record_payment_intent(attempt_id, sale.id, method, amount_minor, at)
        sale.record_tender(
            Tender(attempt_id, method, Money(amount_minor, sale.currency), TenderStatus.PENDING)
        )
        attempt = Attempt(attempt_id, method, amount_minor, Phase.SENT)
        self._open[attempt_id] = attempt
        return attempt

    def approve(
        self,
        sale: Sale,
        attempt_id: str,
        amount_minor: int,
        at: datetime,
        *,
        masked_pan: str = "",
        auth_code: str = "",
        reference: str = "",
    ) -> Tender | None:
        """Record an approval of an open attempt; None (ignored) for an attempt that is not open."""
        if self._open.pop(attempt_id, None) is None:
            return None
        self._journal.record_payment_result(attempt_id, "approved", at, masked_pan, auth_code, reference)
        tender = replace(
            self._tender(sale, attempt_id),
            amount=Money(amount_minor, sale.currency),
            status=TenderStatus.APPROVED,
            masked_pan=masked_pan,
            auth_code=auth_code,
            reference=reference,
        )
        sale.record_tender(tender)
        return tender

    def decline(self, sale: Sale, attempt_id: str, at: datetime) -> Tender | None:
        if self._open.pop(attempt_id, None) is None:
            return None
        self._journal.record_payment_result(attempt_id, "declined", at)
        tender = replace(self._tender(sale, attempt_id), status=TenderStatus.DECLINED)
        sale.record_tender(tender)
        return tender

    def aborting(self, attempt_id: str) -> Attempt | None:
        return self._move(attempt_id, Phase.ABORTING)

    def uncertain(self, sale: Sale, attempt_id: str, at: datetime) -> Attempt | None:
        """The outcome is unknown: journal that (``unknown``) once, and keep the attempt open."""
        attempt = self._open.get(attempt_id)
        if attempt is None:
            return None
        if attempt.phase is not Phase.UNCERTAIN:
            self._journal.record_payment_result(attempt_id, "unknown", at)
            sale.record_tender(replace(self._tender(sale, attempt_id), status=TenderStatus.UNCERTAIN))
        return self._move(attempt_id, Phase.UNCERTAIN)

    def restore(self, sale: Sale, payments: Iterable[JournaledPayment]) -> tuple[Attempt, ...]:
        """Rebuild the sale's tenders from the journal; returns the attempts that are uncertain.

        An approved attempt counts as paid (it is never charged again); a declined one stays declined; one
        journaled without a result (``pending``) or as ``unknown`` is uncertain until its provider answers.
        """
        self._open.clear()
        for payment in payments:
            status = str(payment.status)
            final = _FINAL.get(status)
            if final is not None:
                sale.record_tender(Tender(payment.attempt_id, payment.method, payment.amount, final))
            elif status in _UNRESOLVED:
                sale.record_tender(
                    Tender(payment.attempt_id, payment.method, payment.amount, TenderStatus.UNCERTAIN)
                )
                attempt = Attempt(payment.attempt_id, payment.method, payment.amount.minor, Phase.UNCERTAIN)
                self._open[attempt.attempt_id] = attempt
            # Other journal statuses (failed, cancelled, reversed) took no money: nothing to rebuild.
        return self.open_attempts

    def clear(self) -> None:
        self._open.clear()

    def _move(self, attempt_id: str, phase: Phase) -> Attempt | None:
        attempt = self._open.get(attempt_id)
        if attempt is None:
            return None
        moved = replace(attempt, phase=phase)
        self._open[attempt_id] = moved
        return moved

    @staticmethod
    def _tender(sale: Sale, attempt_id: str) -> Tender:
        return next(t for t in sale.tenders if t.attempt_id == attempt_id)
