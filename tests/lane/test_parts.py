"""The lane's parts alone, without the actor: timers, interventions, finalizing, basket, the command runner."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from kiosk.domain import Rounding
from kiosk.lane import messages as m
from kiosk.lane.basket import Basket
from kiosk.lane.finalizing import Finalizing
from kiosk.lane.interventions import Blocking, InterventionQueue, InterventionType
from kiosk.lane.outbound import CommandRunner, Post, PrintReceipt, RegisterFiscal, SetLight
from kiosk.lane.snapshot import PromptCode
from kiosk.lane.timers import Timer, Timers
from tests.fakes import InMemoryCatalog, InMemoryJournal
from tests.lane.conftest import PRODUCTS

AT = datetime(2026, 6, 1, 12, tzinfo=UTC)


def test_timers_fire_once_at_their_deadline_in_declaration_order() -> None:
    timers = Timers()
    timers.set(Timer.THANK_YOU, 8)
    timers.set(Timer.INACTIVITY_WARNING, 5)
    assert timers.due(4.9) == ()
    assert timers.due(8) == (Timer.INACTIVITY_WARNING, Timer.THANK_YOU)
    assert timers.due(100) == ()
    timers.set(Timer.PAYMENT, 1)
    timers.cancel(Timer.PAYMENT)
    assert timers.due(2) == ()


def test_interventions_queue_raises_once_resolves_oldest_and_ends_with_the_sale() -> None:
    queue = InterventionQueue()
    first = queue.raise_("i1", InterventionType.HELP_REQUEST, Blocking.ADVISORY, AT, "s1")
    again = queue.raise_("i2", InterventionType.HELP_REQUEST, Blocking.ADVISORY, AT, "s1")
    assert again is first and len(queue.items) == 1
    device = (("device", "scanner"),)
    queue.raise_("i3", InterventionType.DEVICE_FAULT, Blocking.NOW, AT, None, device)
    assert queue.blocking_now()
    done = queue.resolve(InterventionType.DEVICE_FAULT, AT, "device", "came_back", device)
    assert done is not None and (done.resolved_by, done.resolution) == ("device", "came_back")
    assert not queue.blocking_now() and queue.any_pending()
    closed = queue.end_sale("s1", AT)
    assert [(i.id, i.resolution) for i in closed] == [("i1", "sale_ended")]
    assert [i.id for i in queue.items] == ["i3"]  # the lane's own record outlives the sale


def test_finalizing_is_done_only_when_every_job_is() -> None:
    ids = iter(["f1", "r1"])
    part = Finalizing(lambda: next(ids))
    jobs = part.start("s1")
    assert [type(j) for j in jobs] == [RegisterFiscal, PrintReceipt]
    assert part.done("r1") is False
    assert part.done("unknown") is False
    assert part.done("f1") is True


def test_basket_journals_each_line_before_it_counts_and_refuses_what_it_may_not_sell() -> None:
    journal = InMemoryJournal()
    ids = iter(["s1"])
    basket = Basket(InMemoryCatalog(PRODUCTS), journal, "RUB", Rounding(), lambda: next(ids))
    milk = basket.lookup("4600000000011")
    beer = basket.lookup("4600000000059")
    assert milk is not None and beer is not None and basket.lookup("") is None
    assert basket.refusal(beer) is PromptCode.ITEM_AGE_RESTRICTED
    line = basket.add(milk, "4600000000011", AT, quantity=3)
    assert (line.quantity, line.amount.minor) == (3, 26970)
    assert journal.calls == ["open_sale", "record_line"]
    assert not basket.voidable(2)
    basket.void(1, AT)
    assert basket.sale is not None and basket.sale.total.minor == 0
    with pytest.raises(ValueError):
        basket.void(1, AT)
    basket.close("voided", "test", AT)
    assert journal.sales["s1"].status == "voided"


def test_the_command_runner_runs_off_the_callers_thread_and_settles_after_posting() -> None:
    seen: list[tuple[str, object]] = []
    posted = threading.Event()

    def light(command: SetLight, post: Post) -> None:
        seen.append((threading.current_thread().name, command.colour))
        post(m.Tick())

    def on_post(message: object) -> None:
        posted.set()

    settled = threading.Event()
    runner = CommandRunner({SetLight: light}, on_post, settled.set)
    runner.start()
    try:
        runner.submit(SetLight(None))
        assert settled.wait(5) and posted.is_set()
        assert seen == [("lane-devices", None)] and runner.in_flight == 0
    finally:
        runner.stop()
