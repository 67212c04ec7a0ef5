"""Handlers of the shopper's selling flow: start, scan or key a code, void a line, go to payment, finish."""

from __future__ import annotations

import logging

from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.core import LaneCore
from kiosk.lane.interventions import Blocking
from kiosk.lane.snapshot import Prompt, PromptCode
from kiosk.lane.states import LaneState as S

log = logging.getLogger(__name__)


def start_shopping(core: LaneCore, _: m.StartShopping) -> S:
    return S.SCANNING


def code_entered(core: LaneCore, message: m.BarcodeScanned | m.CodeKeyedIn) -> S:
    """A scanned or keyed code. On attract or the thank-you screen it starts the next sale (and keeps it)."""
    if core.state is S.COMPLETE:
        core.end_sale_view()  # the previous sale is closed already; the next one starts at zero
    code = message.code.strip()
    basket = core.basket
    product = basket.lookup(code)
    if product is None:
        core.prompt = Prompt(PromptCode.ITEM_NOT_FOUND, (("code", code),))
        core.emit(ev.ItemNotFound(code))
        log.info("item not found", extra={"code": code, "sale_id": core.sale_id()})
        return S.SCANNING
    refusal = basket.refusal(product)
    if refusal is not None:
        core.prompt = Prompt(refusal, (("code", code), ("name", product.name_in(core.language))))
        core.emit(ev.ItemRejected(code, refusal.value))
        return S.SCANNING
    now = core.clock.now()
    sale, is_new = basket.open(now)
    if is_new:
        core.emit(ev.SaleStarted(sale.id))
    line = basket.add(product, code if code != product.plu else None, now)
    core.prompt = None
    core.emit(ev.ItemAdded(line))
    return S.SCANNING


def void_line_guard(core: LaneCore, message: m.VoidLine) -> str | None:
    return None if core.basket.voidable(message.n) else f"no active line {message.n}"


def void_line(core: LaneCore, message: m.VoidLine) -> None:
    core.emit(ev.LineVoided(core.basket.void(message.n, core.clock.now())))


def pay_guard(core: LaneCore, _: m.PayRequested) -> str | None:
    sale = core.sale
    if sale is None or sale.balance_due.minor <= 0:
        return "nothing to pay"
    if any(i.pending and i.blocking is not Blocking.ADVISORY for i in core.interventions.items):
        return "an attendant must approve first"
    return None


def pay(core: LaneCore, _: m.PayRequested) -> S:
    core.prompt = None
    return S.PAYMENT


def back_to_scanning(core: LaneCore, _: m.BackToScanning) -> S:
    return S.SCANNING


def still_here(core: LaneCore, _: m.StillHere) -> None:
    """Answering the warning is activity; the shell's touch already re-armed the countdown."""


def finish(core: LaneCore, _: m.FinishRequested) -> S:
    core.end_sale_view()
    return core.idle_state()
