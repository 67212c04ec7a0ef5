"""Handlers of payment and finalizing: choose a tender, its answers, cancel, time-outs, the finalizing jobs.

Waiting is a state, never a blocked thread: PAYMENT_PENDING waits for the tender's answer (with a time-out
and a shopper cancel, both asking the tender to abort), FINALIZING waits for the fiscal and receipt jobs. An
attempt whose outcome is unknown is asked of its provider until it answers; nothing else is paid meanwhile.
"""

from __future__ import annotations

import logging

from kiosk.domain import Sale
from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.core import LaneCore
from kiosk.lane.interventions import Blocking, InterventionType
from kiosk.lane.outbound import AbortPayment, Authorize, QueryPayment
from kiosk.lane.snapshot import Prompt, PromptCode
from kiosk.lane.states import LaneState as S
from kiosk.lane.timers import Timer
from payments.tendering import Phase

log = logging.getLogger(__name__)


def _open_sale(core: LaneCore) -> Sale:
    sale = core.sale
    if sale is None:
        raise RuntimeError("no open sale")  # the table only routes payment messages while a sale is open
    return sale


def tender_guard(core: LaneCore, message: m.TenderChosen) -> str | None:
    sale = core.sale
    if sale is None:
        return "no open sale"
    if message.method not in core.tender_methods:
        return f"no provider for tender method {message.method!r}"
    due = sale.balance_due.minor
    amount = due if message.amount_minor is None else message.amount_minor
    return None if 0 < amount <= due else f"amount must be 0 < x <= {due}"


def tender_chosen(core: LaneCore, message: m.TenderChosen) -> S:
    """Journal the attempt with an id chosen here, then ask the tender (off the lane thread)."""
    sale = _open_sale(core)
    amount = sale.balance_due.minor if message.amount_minor is None else message.amount_minor
    attempt_id = core.new_id()
    core.tendering.begin(sale, attempt_id, message.method, amount, core.clock.now())
    core.command(Authorize(attempt_id, sale.id, message.method, amount, sale.currency))
    core.timers.set(Timer.PAYMENT, core.mono() + core.settings.payment_timeout_s)
    core.prompt = None
    return S.PAYMENT_PENDING


def payment_approved(core: LaneCore, message: m.PaymentApproved) -> S | None:
    sale = _open_sale(core)
    tender = core.tendering.approve(
        sale,
        message.attempt_id,
        message.amount_minor,
        core.clock.now(),
        masked_pan=message.masked_pan,
        auth_code=message.auth_code,
        reference=message.reference,
    )
    if tender is None:
        log.warning("approval for an unknown attempt ignored", extra={"attempt_id": message.attempt_id})
        return None
    core.emit(ev.PaymentAccepted(message.attempt_id, message.amount_minor))
    core.prompt = None
    return _after_result(core, sale)


def payment_declined(core: LaneCore, message: m.PaymentDeclined) -> S | None:
    sale = _open_sale(core)
    if core.tendering.decline(sale, message.attempt_id, core.clock.now()) is None:
        log.warning("decline for an unknown attempt ignored", extra={"attempt_id": message.attempt_id})
        return None
    code = PromptCode.PAYMENT_NOT_SENT if message.reason == "not_sent" else PromptCode.PAYMENT_DECLINED
    core.prompt = Prompt(code, (("reason", message.reason),))
    core.emit(ev.PaymentRefused(message.attempt_id, message.reason))
    return _after_result(core, sale)


def _after_result(core: LaneCore, sale: Sale) -> S | None:
    """An attempt ended. Still waiting on another → stay; paid in full → finalize; else pay on or recover."""
    if core.tendering.open_attempts:
        return None
    if sale.paid_minor > 0 and sale.balance_due.minor <= 0:
        return begin_finalizing(core, sale)
    if core.recovering:
        return offer_back(core, sale)
    return S.PAYMENT


def begin_finalizing(core: LaneCore, sale: Sale) -> S:
    core.recovering = False
    for job in core.finalizing.start(sale.id):
        core.command(job)
    return S.FINALIZING


def offer_back(core: LaneCore, sale: Sale) -> S:
    """An unfinished, not fully paid sale found at start-up waits for an attendant: resume or void."""
    core.recovering = False
    core.recovered_sale_id = sale.id
    lines = str(sale.totals().line_count)
    core.prompt = Prompt(PromptCode.RECOVERED_SALE, (("lines", lines),))
    core.raise_intervention(InterventionType.RECOVERED_SALE, Blocking.NOW, (("lines", lines),))
    return S.ATTENDANT_REQUIRED


def payment_uncertain(core: LaneCore, message: m.PaymentUncertain) -> None:
    """Maybe charged: never pay again meanwhile. Ask the provider now, then again every few seconds."""
    sale = _open_sale(core)
    before = core.tendering.attempt(message.attempt_id)
    attempt = core.tendering.uncertain(sale, message.attempt_id, core.clock.now())
    if before is None or attempt is None:
        log.warning("uncertain answer for an unknown attempt", extra={"attempt_id": message.attempt_id})
        return
    core.timers.cancel(Timer.PAYMENT, Timer.PAYMENT_ABORT)
    core.prompt = Prompt(PromptCode.PAYMENT_CHECKING)
    if before.phase is Phase.UNCERTAIN:
        core.timers.set(Timer.PAYMENT_QUERY, core.mono() + core.settings.payment_query_retry_s)
        return
    core.emit(ev.PaymentOutcomeUnknown(attempt.attempt_id, message.reason))
    log.warning("payment outcome unknown", extra={"attempt_id": attempt.attempt_id, "reason": message.reason})
    core.command(QueryPayment(attempt.attempt_id, attempt.method))


def cancel_guard(core: LaneCore, _: m.CancelPayment) -> str | None:
    if any(a.phase is Phase.SENT for a in core.tendering.open_attempts):
        return None
    return "the payment can no longer be cancelled: its outcome is being checked"


def cancel_payment(core: LaneCore, _: m.CancelPayment) -> None:
    ask_abort(core, "shopper")


def ask_abort(core: LaneCore, reason: str) -> None:
    """Ask the tender to stop; its own answer (declined, or an approval that won the race) still decides."""
    for attempt in core.tendering.open_attempts:
        if attempt.phase is Phase.SENT:
            core.tendering.aborting(attempt.attempt_id)
            core.command(AbortPayment(attempt.attempt_id, attempt.method))
            core.emit(ev.PaymentAbortAsked(attempt.attempt_id, reason))
    core.timers.cancel(Timer.PAYMENT)
    core.timers.set(Timer.PAYMENT_ABORT, core.mono() + core.settings.payment_abort_s)
    core.prompt = Prompt(PromptCode.PAYMENT_CANCELLING, (("reason", reason),))


def abort_unanswered(core: LaneCore) -> None:
    """No answer to the abort either: the attempts are uncertain and are asked of their provider."""
    sale = _open_sale(core)
    for attempt in core.tendering.open_attempts:
        if attempt.phase is not Phase.UNCERTAIN:
            core.tendering.uncertain(sale, attempt.attempt_id, core.clock.now())
            core.emit(ev.PaymentOutcomeUnknown(attempt.attempt_id, "no_answer"))
        core.command(QueryPayment(attempt.attempt_id, attempt.method))
    core.prompt = Prompt(PromptCode.PAYMENT_CHECKING)


def query_again(core: LaneCore) -> None:
    for attempt in core.tendering.open_attempts:
        if attempt.phase is Phase.UNCERTAIN:
            core.command(QueryPayment(attempt.attempt_id, attempt.method))


def job_done(core: LaneCore, message: m.FinalizingJobDone) -> S | None:
    """A fiscal or receipt job ended. The sale is closed in the journal only when every job is done."""
    if not message.ok:
        core.raise_intervention(
            InterventionType.DEVICE_FAULT, Blocking.NOW, (("job", message.job_id),), lane_level=True
        )
        return None
    if not core.finalizing.done(message.job_id):
        return None
    sale = core.basket.close("completed", "paid", core.clock.now())
    core.close_sale_record(sale)  # still shown on the thank-you screen; forgotten when it ends
    core.emit(ev.SaleCompleted(sale.id, sale.total.minor))
    return S.COMPLETE
