"""Payment as a real waiting state: time-out, shopper cancel, providers that fail, uncertain outcomes."""

from __future__ import annotations

import pytest

from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.outbound import QueryPayment
from kiosk.lane.settings import LaneSettings
from kiosk.lane.snapshot import PromptCode
from kiosk.lane.states import LaneState as S
from payments.tender import ResultCallback, TenderResult
from tests.lane.conftest import LaneRig

MILK = "4600000000011"


def at_payment(rig: LaneRig) -> LaneRig:
    rig.online()
    rig.send(m.BarcodeScanned(MILK), m.PayRequested())
    return rig


def journal_statuses(rig: LaneRig) -> list[str]:
    sale = rig.journal.sales[rig.snap.sale_id or ""]
    return [p.status for p in sale.payments]


def test_no_answer_within_payment_s_asks_the_tender_to_abort_and_the_shopper_can_pay_again() -> None:
    rig = at_payment(LaneRig(settings=LaneSettings(payment_timeout_s=180)))
    rig.tender.next_outcome = "timeout"
    rig.send(m.TenderChosen("card"))
    rig.wait(179)
    assert rig.snap.state is S.PAYMENT_PENDING
    rig.wait(1)
    assert rig.of_type(ev.PaymentAbortAsked)
    assert rig.snap.state is S.PAYMENT  # the test tender confirms the abort at once: declined, aborted
    assert rig.snap.prompt is not None and rig.snap.prompt.param("reason") == "aborted"
    assert rig.snap.paid.minor == 0 and journal_statuses(rig) == ["declined"]
    rig.send(m.TenderChosen("card"))
    assert rig.snap.state is S.COMPLETE
    assert rig.tender.approved_minor == {rig.snap.sale_id: 8990}


def test_the_shopper_cancels_a_waiting_payment() -> None:
    rig = at_payment(LaneRig())
    rig.tender.next_outcome = "timeout"
    rig.send(m.TenderChosen("card"), m.CancelPayment())
    assert [e.reason for e in rig.of_type(ev.PaymentAbortAsked)] == ["shopper"]  # type: ignore[attr-defined]
    assert rig.snap.state is S.PAYMENT
    rig.send(m.CancelPayment())  # nothing left to cancel in PAYMENT: refused, not dropped
    assert isinstance(rig.events[-1], ev.MessageRejected)


class SilentTender:
    """A terminal that answers nothing — not the payment, not the abort; its status says 'in progress'."""

    def __init__(self) -> None:
        self.queries = 0

    def start(
        self, attempt_id: str, sale_id: str, amount_minor: int, currency: str, on_result: ResultCallback
    ) -> None:
        pass

    def abort(self, attempt_id: str) -> None:
        pass

    def status(self, attempt_id: str, on_result: ResultCallback) -> None:
        self.queries += 1
        on_result(TenderResult(attempt_id, False, 0, reason="in_progress", uncertain=True))


@pytest.mark.expect_warnings("payment outcome unknown")
def test_an_unanswered_abort_makes_the_attempt_uncertain_and_it_is_asked_until_it_answers() -> None:
    silent = SilentTender()
    settings = LaneSettings(payment_timeout_s=10, payment_abort_s=5, payment_query_retry_s=5)
    rig = at_payment(LaneRig(settings=settings, providers={"card": silent}))
    rig.send(m.TenderChosen("card"))
    rig.wait(15)
    assert silent.queries == 1
    assert rig.snap.prompt is not None and rig.snap.prompt.code is PromptCode.PAYMENT_CHECKING
    assert journal_statuses(rig) == ["unknown"]
    rig.wait(5)
    assert silent.queries == 2
    rig.send(m.BarcodeScanned(MILK), m.CancelPayment())  # nothing else while it may have been charged
    assert rig.snap.state is S.PAYMENT_PENDING and rig.snap.line_count == 1
    assert len(rig.of_type(ev.MessageRejected)) == 2


@pytest.mark.expect_warnings("payment not sent")
def test_a_provider_failing_before_sending_is_a_decline_with_a_clear_prompt() -> None:
    rig = at_payment(LaneRig())
    rig.tender.next_outcome = "comms_loss_before_auth"
    rig.send(m.TenderChosen("card"))
    assert rig.snap.state is S.PAYMENT
    assert rig.snap.prompt is not None and rig.snap.prompt.code is PromptCode.PAYMENT_NOT_SENT
    assert journal_statuses(rig) == ["declined"]
    rig.send(m.TenderChosen("card"))
    assert rig.snap.state is S.COMPLETE and journal_statuses(rig) == ["declined", "approved"]


@pytest.mark.expect_warnings("payment provider failed after sending", "payment outcome unknown")
def test_a_provider_failing_after_sending_is_uncertain_until_the_provider_is_asked() -> None:
    asked: list[QueryPayment] = []
    rig = at_payment(LaneRig(executors={QueryPayment: lambda command, post: asked.append(command)}))
    rig.tender.next_outcome = "comms_loss_after_auth"
    rig.send(m.TenderChosen("card"))
    assert rig.snap.state is S.PAYMENT_PENDING
    assert rig.snap.prompt is not None and rig.snap.prompt.code is PromptCode.PAYMENT_CHECKING
    assert [q.attempt_id for q in asked] == [rig.snap.tenders[0].attempt_id]
    assert journal_statuses(rig) == ["unknown"] and rig.snap.paid.minor == 0


@pytest.mark.expect_warnings("payment provider failed after sending", "payment outcome unknown")
def test_an_uncertain_approval_found_by_asking_completes_the_sale_charged_once() -> None:
    rig = at_payment(LaneRig())
    rig.tender.next_outcome = "comms_loss_after_auth"
    rig.send(m.TenderChosen("card"))
    assert rig.snap.state is S.COMPLETE
    assert journal_statuses(rig) == ["approved"]
    assert rig.tender.approved_minor == {rig.snap.sale_id: 8990}


class BuggyTender:
    """A provider with a bug: ``start`` raises before anything goes out; its status knows nothing of it."""

    def start(
        self, attempt_id: str, sale_id: str, amount_minor: int, currency: str, on_result: ResultCallback
    ) -> None:
        raise ValueError("bug in the provider")

    def abort(self, attempt_id: str) -> None:
        raise ValueError("bug in the provider")

    def status(self, attempt_id: str, on_result: ResultCallback) -> None:
        on_result(TenderResult(attempt_id, False, 0, reason="not_found"))


@pytest.mark.expect_warnings("payment provider failed after sending", "payment outcome unknown")
def test_a_provider_that_raises_leaves_the_lane_usable() -> None:
    rig = at_payment(LaneRig(providers={"card": BuggyTender()}))
    rig.send(m.TenderChosen("card"))
    # Uncertain (it raised: maybe after sending), asked, not found → declined: the shopper may go on.
    assert rig.snap.state is S.PAYMENT
    assert journal_statuses(rig) == ["declined"]
    rig.send(m.BackToScanning(), m.BarcodeScanned("4600000000028"))
    assert rig.snap.state is S.SCANNING and rig.snap.line_count == 2
    rig.send(m.VoidLine(2), m.PayRequested())
    assert rig.snap.state is S.PAYMENT
