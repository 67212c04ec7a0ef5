"""Handlers of start-up recovery, the attendant's answers to a recovered sale, and the help button.

Start-up (``JournalRead``, handled before any device may post) reconciles in this order: an attempt journaled
without a result is uncertain and is asked of its provider first (PAYMENT_PENDING); a sale whose approved
tenders cover its total goes straight to finalizing (no attendant, never voided, never charged again); any
other unfinished sale waits for an attendant as a ``recovered_sale`` intervention.
"""

from __future__ import annotations

import logging

from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.core import LaneCore
from kiosk.lane.handlers.paying import begin_finalizing, offer_back
from kiosk.lane.interventions import Blocking, InterventionType
from kiosk.lane.outbound import QueryPayment
from kiosk.lane.snapshot import Prompt, PromptCode
from kiosk.lane.states import LaneState as S

log = logging.getLogger(__name__)


def journal_read(core: LaneCore, message: m.JournalRead) -> S | None:
    unfinished = list(message.unfinished)
    if not unfinished:
        return None
    now = core.clock.now()
    journal = core.basket
    # Only one sale can be open on a lane; an older one (should never exist) is voided, so it stays visible
    # in the journal rather than being resumed by accident.
    for older in unfinished[:-1]:
        log.error("more than one unfinished sale at start-up", extra={"sale_id": older.sale_id})
        journal.restore(older)
        journal.close("voided", "superseded_at_recovery", now)
    found = unfinished[-1]
    sale = journal.restore(found)
    uncertain = core.tendering.restore(sale, found.payments)
    core.recovering = True
    core.emit(ev.SaleRecovered(sale.id, sale.totals().line_count))
    log.warning("unfinished sale found at start-up", extra={"sale_id": sale.id})
    if uncertain:
        for attempt in uncertain:
            core.emit(ev.PaymentOutcomeUnknown(attempt.attempt_id, "journaled_without_result"))
            core.command(QueryPayment(attempt.attempt_id, attempt.method))
        core.prompt = Prompt(PromptCode.PAYMENT_CHECKING)
        return S.PAYMENT_PENDING
    if sale.paid_minor > 0 and sale.balance_due.minor <= 0:
        return begin_finalizing(core, sale)
    return offer_back(core, sale)


def resume_recovered(core: LaneCore, _: m.ResumeRecoveredSale) -> S:
    sale_id = core.recovered_sale_id or ""
    core.resolve_intervention(InterventionType.RECOVERED_SALE, "attendant", "resumed")
    core.recovered_sale_id = None
    core.prompt = None
    core.emit(ev.SaleResumed(sale_id))
    return core.selling_state()


def void_recovered_guard(core: LaneCore, _: m.VoidRecoveredSale) -> str | None:
    sale = core.sale
    if sale is not None and sale.paid_minor > 0:
        return "part of this sale is paid: resume it, or reverse the payment first"
    return None


def void_recovered(core: LaneCore, _: m.VoidRecoveredSale) -> S:
    core.resolve_intervention(InterventionType.RECOVERED_SALE, "attendant", "voided")
    core.recovered_sale_id = None
    return void_sale(core, "attendant")


def void_sale(core: LaneCore, reason: str) -> S:
    """Void the open sale in the journal (its lines stay there, flagged by the sale's status) and let it go."""
    sale = core.basket.close("voided", reason, core.clock.now())
    core.close_sale_record(sale)
    core.emit(ev.SaleVoided(sale.id, reason))
    log.info("sale voided", extra={"sale_id": sale.id, "reason": reason})
    core.end_sale_view()
    core.resume_state = S.ATTRACT
    return core.idle_state()


def help_requested(core: LaneCore, _: m.HelpRequested) -> None:
    """Help stays pending (an advisory intervention) until answered or the sale ends, whatever the prompt."""
    core.prompt = Prompt(PromptCode.HELP_REQUESTED)
    core.raise_intervention(InterventionType.HELP_REQUEST, Blocking.ADVISORY)
    core.emit(ev.HelpCalled())
    log.info("shopper asked for help", extra={"sale_id": core.sale_id()})
