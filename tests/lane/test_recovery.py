"""Start-up after a crash: paid sales finish, uncertain attempts are asked first, unpaid ones wait for staff."""

from __future__ import annotations

import pytest

from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.interventions import InterventionType
from kiosk.lane.outbound import Authorize, QueryPayment
from kiosk.lane.snapshot import PromptCode
from kiosk.lane.states import LaneState as S
from payments.test_tender import InstantTestTender
from tests.fakes import InMemoryJournal
from tests.lane.conftest import LaneRig

MILK = "4600000000011"


class PowerCut(BaseException):
    """The process dies here: nothing after it runs (not an Exception, so the lane cannot catch it)."""


class CutAfterApproval(InMemoryJournal):
    """Kills the lane the moment the approval is durable — before the sale can be closed."""

    def record_payment_result(self, attempt_id: str, status: str, *args: object, **kw: object) -> None:
        super().record_payment_result(attempt_id, status, *args, **kw)  # type: ignore[arg-type]
        if status == "approved":
            raise PowerCut


def cut_right_after_approval() -> LaneRig:
    first = LaneRig(journal=CutAfterApproval())
    first.online()
    first.send(m.BarcodeScanned(MILK), m.PayRequested())
    with pytest.raises(PowerCut):
        first.send(m.TenderChosen("card"))
    return first


def restart(journal: InMemoryJournal, tender: InstantTestTender, **kw: object) -> LaneRig:
    plain = InMemoryJournal()
    plain.sales, plain.calls = journal.sales, journal.calls  # same data, no more power cuts
    return LaneRig(journal=plain, tender=tender, **kw)  # type: ignore[arg-type]


@pytest.mark.expect_warnings("unfinished sale found at start-up")
def test_a_power_cut_right_after_approval_completes_on_restart_uncharged_again_without_attendant() -> None:
    first = cut_right_after_approval()
    sale_id = first.snap.sale_id or ""
    charged = dict(first.tender.approved_minor)
    assert charged == {sale_id: 8990} and first.journal.sales[sale_id].status == "open"

    second = restart(first.journal, first.tender)
    assert second.snap.state is S.COMPLETE  # finalized at start-up, before any device is even online
    assert second.journal.sales[sale_id].status == "completed"
    assert second.tender.approved_minor == charged
    assert second.snap.recovered_sale_id is None
    assert not [e for e in second.events if isinstance(e, ev.InterventionRaised)]
    assert second.snap.paid.minor == 8990
    second.online()
    second.wait(8)
    assert second.snap.state is S.ATTRACT


@pytest.mark.expect_warnings("unfinished sale found at start-up")
def test_a_paid_recovered_sale_is_never_voidable() -> None:
    first = cut_right_after_approval()
    second = restart(first.journal, first.tender)
    second.send(m.VoidRecoveredSale())
    assert second.of_type(ev.MessageRejected)
    assert second.journal.sales[first.snap.sale_id or ""].status == "completed"


@pytest.mark.expect_warnings("unfinished sale found at start-up", "payment outcome unknown")
def test_a_kill_with_an_attempt_in_flight_asks_the_provider_before_anything_else() -> None:
    # The attempt is journaled, then the process dies before the provider was even asked.
    first = LaneRig(executors={Authorize: lambda command, post: None})
    first.online()
    first.send(m.BarcodeScanned(MILK), m.PayRequested(), m.TenderChosen("card"))
    sale_id = first.snap.sale_id or ""
    assert [p.status for p in first.journal.sales[sale_id].payments] == ["pending"]

    asked: list[QueryPayment] = []
    second = restart(first.journal, first.tender, executors={QueryPayment: lambda c, post: asked.append(c)})
    second.online()
    assert second.snap.state is S.PAYMENT_PENDING
    assert second.snap.prompt is not None and second.snap.prompt.code is PromptCode.PAYMENT_CHECKING
    assert [q.attempt_id for q in asked] == [first.snap.tenders[0].attempt_id]
    second.send(m.BarcodeScanned(MILK), m.StartShopping(), m.VoidRecoveredSale())
    assert len(second.of_type(ev.MessageRejected)) == 3  # nothing else until it is resolved

    second.send(m.PaymentDeclined(asked[0].attempt_id, "not_found"))  # the provider never received it
    assert second.snap.state is S.ATTENDANT_REQUIRED
    assert [i.type for i in second.snap.pending_interventions] == [InterventionType.RECOVERED_SALE]
    assert second.tender.approved_minor == {}


@pytest.mark.expect_warnings(
    "unfinished sale found at start-up", "payment outcome unknown", "payment provider failed after sending"
)
def test_a_kill_after_the_terminal_approved_but_before_the_answer_finishes_the_sale_once() -> None:
    first = LaneRig()
    first.online()
    first.send(m.BarcodeScanned(MILK), m.PayRequested())
    first.tender.next_outcome = "comms_loss_after_auth"
    # The answer is lost with the process: the status enquiry that would follow never runs.
    first.lane._devices._executors[QueryPayment] = lambda command, post: None
    first.send(m.TenderChosen("card"))
    sale_id = first.snap.sale_id or ""
    assert first.snap.state is S.PAYMENT_PENDING

    second = restart(first.journal, first.tender)
    assert second.snap.state is S.COMPLETE
    assert second.journal.sales[sale_id].status == "completed"
    assert second.tender.approved_minor == {sale_id: 8990}


@pytest.mark.expect_warnings("unfinished sale found at start-up")
def test_an_unpaid_unfinished_sale_becomes_a_recovered_sale_intervention() -> None:
    first = LaneRig()
    first.online()
    first.send(m.BarcodeScanned(MILK))
    second = restart(first.journal, first.tender)
    assert second.snap.state is S.ATTENDANT_REQUIRED
    [item] = second.snap.pending_interventions
    assert item.type is InterventionType.RECOVERED_SALE and item.sale_id == first.snap.sale_id
    second.online()
    second.send(m.ResumeRecoveredSale())
    [done] = second.snap.interventions
    assert (done.resolved_by, done.resolution) == ("attendant", "resumed") and done.resolved_at is not None
    assert second.snap.state is S.SCANNING
