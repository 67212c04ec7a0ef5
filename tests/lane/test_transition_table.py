"""Every (state, message) pair, driven from a real situation reached through messages only.

For each reachable state a fresh lane is walked there, one sample of every message type is sent, and the
resulting state and events are compared with what is written below by hand — not with the table. States no
message can reach yet are checked to be unreachable and to refuse everything.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.actor import IllegalTransition
from kiosk.lane.outbound import Post, PrintReceipt
from kiosk.lane.states import LaneState as S
from kiosk.lane.table import NOT_YET_REACHABLE, TABLE, Transition, all_message_types, lookup
from tests.lane.conftest import LaneRig

MILK = "4600000000011"


class Rig(LaneRig):
    held_jobs: list[str]

    @property
    def attempt_id(self) -> str:
        pending = [t for t in self.snap.tenders if t.status.value in ("pending", "uncertain")]
        return pending[-1].attempt_id if pending else "none"


def _rig(*, hold_receipts: bool = False) -> Rig:
    held: list[str] = []

    def hold(command: PrintReceipt, post: Post) -> None:
        held.append(command.job_id)

    rig = Rig(executors={PrintReceipt: hold} if hold_receipts else None)
    rig.held_jobs = held
    return rig


def reach(state: S) -> Rig:
    """A lane driven into ``state`` through real messages only."""
    if state is S.ATTENDANT_REQUIRED:
        first = _rig()
        first.online()
        first.send(m.BarcodeScanned(MILK))
        rig = Rig(journal=first.journal)
        rig.held_jobs = []
        rig.online()
        return rig
    rig = _rig(hold_receipts=state is S.FINALIZING)
    if state is S.OUT_OF_SERVICE:
        return rig
    rig.online()
    paying = [m.BarcodeScanned(MILK), m.PayRequested()]
    steps: dict[S, list[m.Message]] = {
        S.ATTRACT: [],
        S.SCANNING: [m.BarcodeScanned(MILK)],
        S.PAYMENT: paying,
        S.PAYMENT_PENDING: paying,
        S.FINALIZING: [*paying, m.TenderChosen("card")],
        S.COMPLETE: [*paying, m.TenderChosen("card")],
    }
    rig.send(*steps[state])
    if state is S.PAYMENT_PENDING:
        rig.tender.next_outcome = "timeout"  # the terminal has not answered yet
        rig.send(m.TenderChosen("card"))
    return rig


def sample(kind: type[m.Message], state: S, rig: Rig) -> m.Message:
    samples: dict[type[m.Message], Callable[[], m.Message]] = {
        m.StartShopping: m.StartShopping,
        m.BarcodeScanned: lambda: m.BarcodeScanned(MILK),
        m.CodeKeyedIn: lambda: m.CodeKeyedIn("4600000000028"),
        m.VoidLine: lambda: m.VoidLine(1),
        m.PayRequested: m.PayRequested,
        m.TenderChosen: lambda: m.TenderChosen("card"),
        m.BackToScanning: m.BackToScanning,
        m.CancelPayment: m.CancelPayment,
        m.HelpRequested: m.HelpRequested,
        m.PromptDismissed: m.PromptDismissed,
        m.StillHere: m.StillHere,
        m.LanguageChanged: lambda: m.LanguageChanged("en"),
        m.FinishRequested: m.FinishRequested,
        m.Tick: m.Tick,
        m.DeviceAvailabilityChanged: lambda: m.DeviceAvailabilityChanged(
            "scanner", state is S.OUT_OF_SERVICE
        ),
        m.DeviceInputRejected: lambda: m.DeviceInputRejected("scanner", "garbage_frame"),
        m.PaymentApproved: lambda: m.PaymentApproved(rig.attempt_id, 8990),
        m.PaymentDeclined: lambda: m.PaymentDeclined(rig.attempt_id, "declined"),
        m.PaymentUncertain: lambda: m.PaymentUncertain(rig.attempt_id, "link_lost"),
        m.FinalizingJobDone: lambda: m.FinalizingJobDone(rig.held_jobs[-1] if rig.held_jobs else "none"),
        m.JournalRead: lambda: m.JournalRead(()),
        m.ResumeRecoveredSale: m.ResumeRecoveredSale,
        m.VoidRecoveredSale: m.VoidRecoveredSale,
    }
    return samples[kind]()


# (state, message) → (state afterwards, events that must be among those published). Written by hand.
_GLOBAL: dict[type[m.Message], tuple[type[ev.LaneEvent], ...]] = {
    m.DeviceInputRejected: (ev.DeviceInputDiscarded,),
    m.LanguageChanged: (),
    m.HelpRequested: (ev.HelpCalled, ev.InterventionRaised),
    m.PromptDismissed: (),
}
_LOST = (ev.DeviceWentMissing, ev.InterventionRaised)
_PAID = (ev.PaymentAccepted, ev.SaleCompleted)
HANDLED: dict[tuple[S, type[m.Message]], tuple[S, tuple[type[ev.LaneEvent], ...]]] = {
    (S.OUT_OF_SERVICE, m.JournalRead): (S.OUT_OF_SERVICE, ()),
    (S.OUT_OF_SERVICE, m.DeviceAvailabilityChanged): (S.ATTRACT, (ev.DeviceCameBack, ev.StateChanged)),
    (S.OUT_OF_SERVICE, m.Tick): (S.OUT_OF_SERVICE, ()),
    (S.ATTRACT, m.StartShopping): (S.SCANNING, (ev.StateChanged,)),
    (S.ATTRACT, m.BarcodeScanned): (S.SCANNING, (ev.SaleStarted, ev.ItemAdded)),
    (S.ATTRACT, m.CodeKeyedIn): (S.SCANNING, (ev.SaleStarted, ev.ItemAdded)),
    (S.ATTRACT, m.DeviceAvailabilityChanged): (S.OUT_OF_SERVICE, _LOST),
    (S.ATTRACT, m.Tick): (S.ATTRACT, ()),
    (S.SCANNING, m.BarcodeScanned): (S.SCANNING, (ev.ItemAdded,)),
    (S.SCANNING, m.CodeKeyedIn): (S.SCANNING, (ev.ItemAdded,)),
    (S.SCANNING, m.VoidLine): (S.SCANNING, (ev.LineVoided,)),
    (S.SCANNING, m.PayRequested): (S.PAYMENT, (ev.StateChanged,)),
    (S.SCANNING, m.StillHere): (S.SCANNING, ()),
    (S.SCANNING, m.DeviceAvailabilityChanged): (S.OUT_OF_SERVICE, _LOST),
    (S.SCANNING, m.Tick): (S.SCANNING, ()),
    (S.PAYMENT, m.TenderChosen): (S.COMPLETE, _PAID),
    (S.PAYMENT, m.BackToScanning): (S.SCANNING, (ev.StateChanged,)),
    (S.PAYMENT, m.StillHere): (S.PAYMENT, ()),
    (S.PAYMENT, m.DeviceAvailabilityChanged): (S.OUT_OF_SERVICE, _LOST),
    (S.PAYMENT, m.Tick): (S.PAYMENT, ()),
    (S.PAYMENT_PENDING, m.PaymentApproved): (S.COMPLETE, _PAID),
    (S.PAYMENT_PENDING, m.PaymentDeclined): (S.PAYMENT, (ev.PaymentRefused,)),
    (S.PAYMENT_PENDING, m.PaymentUncertain): (S.PAYMENT_PENDING, (ev.PaymentOutcomeUnknown,)),
    (S.PAYMENT_PENDING, m.CancelPayment): (S.PAYMENT, (ev.PaymentAbortAsked, ev.PaymentRefused)),
    (S.PAYMENT_PENDING, m.DeviceAvailabilityChanged): (S.PAYMENT_PENDING, _LOST),
    (S.PAYMENT_PENDING, m.Tick): (S.PAYMENT_PENDING, ()),
    (S.FINALIZING, m.FinalizingJobDone): (S.COMPLETE, (ev.SaleCompleted,)),
    (S.FINALIZING, m.DeviceAvailabilityChanged): (S.FINALIZING, _LOST),
    (S.FINALIZING, m.Tick): (S.FINALIZING, ()),
    (S.COMPLETE, m.FinishRequested): (S.ATTRACT, (ev.StateChanged,)),
    (S.COMPLETE, m.BarcodeScanned): (S.SCANNING, (ev.SaleStarted, ev.ItemAdded)),
    (S.COMPLETE, m.CodeKeyedIn): (S.SCANNING, (ev.SaleStarted, ev.ItemAdded)),
    (S.COMPLETE, m.DeviceAvailabilityChanged): (S.OUT_OF_SERVICE, _LOST),
    (S.COMPLETE, m.Tick): (S.COMPLETE, ()),
    (S.ATTENDANT_REQUIRED, m.ResumeRecoveredSale): (S.SCANNING, (ev.SaleResumed, ev.InterventionResolved)),
    (S.ATTENDANT_REQUIRED, m.VoidRecoveredSale): (S.ATTRACT, (ev.SaleVoided, ev.InterventionResolved)),
    (S.ATTENDANT_REQUIRED, m.DeviceAvailabilityChanged): (S.ATTENDANT_REQUIRED, _LOST),
    (S.ATTENDANT_REQUIRED, m.Tick): (S.ATTENDANT_REQUIRED, ()),
}
REACHABLE = [s for s in S if s not in NOT_YET_REACHABLE]


def expected(state: S, kind: type[m.Message]) -> tuple[S, tuple[type[ev.LaneEvent], ...]] | None:
    if (state, kind) in HANDLED:
        return HANDLED[(state, kind)]
    if kind in _GLOBAL:
        return state, _GLOBAL[kind]
    return None


@pytest.mark.expect_warnings("unfinished sale found at start-up", "payment outcome unknown")
@pytest.mark.parametrize("state", REACHABLE, ids=lambda s: s.value)
@pytest.mark.parametrize("kind", all_message_types(), ids=lambda t: t.__name__)
def test_every_pair_from_a_reachable_situation(state: S, kind: type[m.Message]) -> None:
    rig = reach(state)
    assert rig.snap.state is state
    rig.events.clear()
    rig.send(sample(kind, state, rig))
    rejected = [e for e in rig.of_type(ev.MessageRejected) if e.message == kind.__name__]  # type: ignore[attr-defined]
    outcome = expected(state, kind)
    if outcome is None:
        assert rejected, f"{kind.__name__} in {state.value} was not refused"
        assert rig.snap.state is state
        return
    after, must = outcome
    assert not rejected, f"{kind.__name__} in {state.value} refused: {rejected}"
    assert rig.snap.state is after
    published = {type(e) for e in rig.events}
    assert set(must) <= published, f"missing {set(must) - published}"


@pytest.mark.parametrize("state", sorted(NOT_YET_REACHABLE), ids=lambda s: s.value)
def test_states_of_later_issues_are_unreachable_and_refuse_everything(state: S) -> None:
    leads_there = [(s, k) for s, row in TABLE.items() for k, t in row.items() if state in t.targets]
    assert leads_there == []
    assert all(lookup(state, kind) is None for kind in all_message_types())


def test_every_handled_pair_is_written_down_here() -> None:
    """A new table entry must come with its expected outcome above (the walk would refuse otherwise)."""
    listed = {(s, k) for s, row in TABLE.items() for k in row}
    assert listed == set(HANDLED)


@pytest.mark.expect_warnings("transition refused")
def test_a_handler_leading_elsewhere_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    rig = reach(S.ATTRACT)
    sneaky = Transition(lambda core, message: S.COMPLETE, frozenset({S.SCANNING}))
    monkeypatch.setattr("kiosk.lane.actor.lookup", lambda state, kind: sneaky)
    with pytest.raises(IllegalTransition):
        rig.send(m.StartShopping())
    assert rig.snap.state is S.ATTRACT
