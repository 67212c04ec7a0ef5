"""Interventions: the one typed queue every capability raises into and an attendant resolves from.

An intervention is something only a person may decide (an ID check, a weight mismatch, a sale found
unfinished at start-up) or should know about (a help request). Each has a type code, how much it blocks
(``NOW``: the shopper can do nothing else; ``AT_PAYMENT``: scanning may go on, paying may not;
``ADVISORY``: nothing waits on it), when it was raised, and — once resolved — when, by whom and how. The
queue is part of every snapshot, so the UI, the attendant console and the scenario report read one record.

This part owns no lane state beyond the queue and never changes the lane's state: the transition handlers
decide what a raised or resolved intervention means for the lane.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime


class InterventionType(enum.StrEnum):
    AGE_VERIFICATION = "age_verification"
    WEIGHT_MISMATCH = "weight_mismatch"
    UNEXPECTED_ITEM = "unexpected_item"
    ITEM_REMOVED = "item_removed"
    UNKNOWN_ITEM = "unknown_item"
    QUANTITY_EXCEEDED = "quantity_exceeded"
    NOT_FOR_SCO = "not_for_sco"
    VOID_REQUEST = "void_request"
    PRICE_OVERRIDE = "price_override"
    CANCEL_SALE = "cancel_sale"
    COUPON_APPROVAL = "coupon_approval"
    HELP_REQUEST = "help_request"
    RANDOM_AUDIT = "random_audit"
    DEVICE_FAULT = "device_fault"
    RECOVERED_SALE = "recovered_sale"


class Blocking(enum.StrEnum):
    NOW = "now"  # nothing else until it is resolved
    AT_PAYMENT = "at_payment"  # scanning may go on; payment waits for it
    ADVISORY = "advisory"  # staff should know; nothing waits


@dataclass(frozen=True, slots=True)
class Intervention:
    id: str
    type: InterventionType
    blocking: Blocking
    raised_at: datetime
    sale_id: str | None = None  # None: about the lane itself (a device fault), outlives any sale
    detail: tuple[tuple[str, str], ...] = ()
    resolved_at: datetime | None = None
    resolved_by: str | None = None  # staff id, "shopper", "device", "lane"
    resolution: str | None = None  # "approved", "rejected", "resumed", "voided", "came_back", …

    @property
    def pending(self) -> bool:
        return self.resolved_at is None


class InterventionQueue:
    """Raised interventions of the current sale, and of the lane itself, oldest first."""

    def __init__(self) -> None:
        self._items: dict[str, Intervention] = {}
        self._tuple: tuple[Intervention, ...] = ()

    def raise_(
        self,
        intervention_id: str,
        kind: InterventionType,
        blocking: Blocking,
        at: datetime,
        sale_id: str | None = None,
        detail: Iterable[tuple[str, str]] = (),
    ) -> Intervention:
        """Raise ``kind``; an identical pending one (same type, same sale) is returned instead of a copy."""
        details = tuple(detail)
        existing = self.pending_of(kind, sale_id, details)
        if existing is not None:
            return existing
        item = Intervention(intervention_id, kind, blocking, at, sale_id, details)
        self._items[item.id] = item
        self._changed()
        return item

    def resolve(
        self,
        kind: InterventionType,
        at: datetime,
        by: str,
        how: str,
        detail: tuple[tuple[str, str], ...] | None = None,
    ) -> Intervention | None:
        """Resolve the oldest pending intervention of ``kind`` (with ``detail``, when given); None if none."""
        item = next(
            (
                i
                for i in self._items.values()
                if i.pending and i.type is kind and (detail is None or i.detail == detail)
            ),
            None,
        )
        if item is None:
            return None
        done = replace(item, resolved_at=at, resolved_by=by, resolution=how)
        self._items[item.id] = done
        self._changed()
        return done

    def pending_of(
        self, kind: InterventionType, sale_id: str | None = None, detail: tuple[tuple[str, str], ...] = ()
    ) -> Intervention | None:
        return next(
            (
                i
                for i in self._items.values()
                if i.pending and i.type is kind and i.sale_id == sale_id and i.detail == detail
            ),
            None,
        )

    def end_sale(self, sale_id: str, at: datetime) -> tuple[Intervention, ...]:
        """The sale ended: its pending advisories are closed by the lane, and the sale's record leaves the
        queue (lane-level interventions stay). Returns what was closed."""
        closed = []
        for item in list(self._items.values()):
            if item.sale_id != sale_id:
                continue
            if item.pending:
                closed.append(replace(item, resolved_at=at, resolved_by="lane", resolution="sale_ended"))
            del self._items[item.id]
        self._changed()
        return tuple(closed)

    @property
    def items(self) -> tuple[Intervention, ...]:
        """Every intervention in the queue (pending and resolved), oldest first; shared, not copied."""
        return self._tuple

    def blocking_now(self) -> bool:
        return any(i.pending and i.blocking is Blocking.NOW for i in self._items.values())

    def any_pending(self) -> bool:
        return any(i.pending for i in self._items.values())

    def _changed(self) -> None:
        self._tuple = tuple(self._items.values())
