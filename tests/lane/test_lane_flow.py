from __future__ import annotations

import pytest

from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.settings import LaneSettings
from kiosk.lane.snapshot import PromptCode
from kiosk.lane.states import LaneState
from tests.fakes import InMemoryJournal
from tests.lane.conftest import LaneRig


def test_starts_out_of_service_until_the_required_scanner_is_online() -> None:
    rig = LaneRig()
    assert rig.snap.state is LaneState.OUT_OF_SERVICE
    assert rig.snap.missing_devices == ("scanner",)
    rig.online()
    assert rig.snap.state is LaneState.ATTRACT


def test_full_sale_attract_scanning_payment_complete_attract(rig: LaneRig) -> None:
    rig.send(
        m.BarcodeScanned("4600000000011"), m.BarcodeScanned("4600000000028"), m.CodeKeyedIn("4600000000035")
    )
    snap = rig.snap
    assert snap.state is LaneState.SCANNING
    assert [line.sku for line in snap.lines] == ["1", "2", "3"]
    assert snap.total.to_decimal_string() == "274.39"
    # 89.90 at 10 % contains 8.17; 184.49 at 22 % contains 33.27
    assert {rate.key: amount.to_decimal_string() for rate, amount in snap.tax} == {
        "10": "8.17",
        "22": "33.27",
    }
    rig.send(m.PayRequested())
    assert rig.snap.state is LaneState.PAYMENT
    rig.send(m.TenderChosen("card"))
    assert rig.snap.state is LaneState.COMPLETE
    assert rig.snap.paid.minor == 27439
    sale = rig.journal.sales[snap.sale_id]  # type: ignore[index]
    assert sale.status == "completed"
    assert [p.status for p in sale.payments] == ["approved"]
    rig.send(m.FinishRequested())
    assert rig.snap.state is LaneState.ATTRACT
    assert rig.snap.sale_id is None


def test_payment_intent_is_journaled_before_the_provider_is_called(rig: LaneRig) -> None:
    rig.send(m.BarcodeScanned("4600000000011"), m.PayRequested(), m.TenderChosen("card"))
    calls = rig.journal.calls
    assert calls.index("record_payment_intent") < calls.index("record_payment_result")


def test_decline_returns_to_payment_with_a_prompt(rig: LaneRig) -> None:
    rig.tender.next_outcome = "decline"
    rig.send(m.BarcodeScanned("4600000000011"), m.PayRequested(), m.TenderChosen("card"))
    assert rig.snap.state is LaneState.PAYMENT
    assert rig.snap.prompt is not None and rig.snap.prompt.code is PromptCode.PAYMENT_DECLINED
    assert rig.snap.paid.minor == 0


def test_void_line_updates_totals_and_is_journaled(rig: LaneRig) -> None:
    rig.send(m.BarcodeScanned("4600000000011"), m.BarcodeScanned("4600000000028"), m.VoidLine(1))
    snap = rig.snap
    assert snap.line_count == 1
    assert snap.lines[0].voided
    assert snap.total.to_decimal_string() == "54.50"
    assert "record_void" in rig.journal.calls
    rig.send(m.VoidLine(1))
    assert isinstance(rig.events[-1], ev.MessageRejected)


def test_unknown_barcode_is_reported_not_dropped(rig: LaneRig) -> None:
    rig.send(m.BarcodeScanned("4000000000000"))
    assert rig.snap.prompt is not None
    assert rig.snap.prompt.code is PromptCode.ITEM_NOT_FOUND
    assert rig.snap.prompt.param("code") == "4000000000000"
    assert any(isinstance(e, ev.ItemNotFound) for e in rig.events)
    rig.send(m.BarcodeScanned("4600000000011"))
    assert rig.snap.prompt is None and rig.snap.line_count == 1


def test_items_this_lane_cannot_sell_are_refused_visibly(rig: LaneRig) -> None:
    rig.send(m.BarcodeScanned("4600000000042"))
    assert rig.snap.prompt is not None and rig.snap.prompt.code is PromptCode.ITEM_NOT_FOR_SCO
    rig.send(m.CodeKeyedIn("4011"))
    assert rig.snap.prompt is not None and rig.snap.prompt.code is PromptCode.ITEM_NEEDS_WEIGHT
    rig.send(m.BarcodeScanned("4600000000059"))
    assert rig.snap.prompt is not None and rig.snap.prompt.code is PromptCode.ITEM_AGE_RESTRICTED
    assert rig.snap.prompt.param("name") == "Пиво"
    assert rig.snap.line_count == 0


def test_inactivity_warns_then_voids_an_unpaid_basket() -> None:
    rig = LaneRig(settings=LaneSettings(inactivity_warning_s=60, inactivity_void_s=30))
    rig.online()
    rig.send(m.BarcodeScanned("4600000000011"))
    sale_id = rig.snap.sale_id
    rig.wait(59)
    assert rig.snap.prompt is None
    rig.wait(1)
    assert rig.snap.prompt is not None and rig.snap.prompt.code is PromptCode.INACTIVITY_WARNING
    rig.wait(29)
    assert rig.snap.state is LaneState.SCANNING
    rig.wait(1)
    assert rig.snap.state is LaneState.ATTRACT
    assert rig.journal.sales[sale_id].status == "voided"  # type: ignore[index]
    assert rig.journal.sales[sale_id].reason == "inactivity"  # type: ignore[index]


def test_answering_the_warning_keeps_the_basket(rig: LaneRig) -> None:
    rig.send(m.BarcodeScanned("4600000000011"))
    rig.wait(61)
    rig.send(m.StillHere())
    assert rig.snap.prompt is None
    rig.wait(60)
    assert rig.snap.state is LaneState.SCANNING and rig.snap.line_count == 1


def test_thank_you_times_out_to_attract(rig: LaneRig) -> None:
    rig.send(m.BarcodeScanned("4600000000011"), m.PayRequested(), m.TenderChosen("card"))
    rig.wait(8)
    assert rig.snap.state is LaneState.ATTRACT


def test_device_loss_mid_sale_keeps_the_basket_and_returns_to_scanning(rig: LaneRig) -> None:
    rig.send(m.BarcodeScanned("4600000000011"))
    rig.send(m.DeviceAvailabilityChanged("scanner", False, "unplugged"))
    assert rig.snap.state is LaneState.OUT_OF_SERVICE
    rig.send(m.BarcodeScanned("4600000000028"))
    assert rig.snap.line_count == 1
    rig.send(m.DeviceAvailabilityChanged("scanner", True))
    assert rig.snap.state is LaneState.SCANNING
    assert rig.snap.line_count == 1


@pytest.mark.expect_warnings("unfinished sale found at start-up")
def test_unfinished_sale_is_offered_back_at_start_up(caplog: pytest.LogCaptureFixture) -> None:
    journal = InMemoryJournal()
    first = LaneRig(journal=journal)
    first.online()
    first.send(m.BarcodeScanned("4600000000011"), m.BarcodeScanned("4600000000028"), m.VoidLine(2))
    sale_id = first.snap.sale_id
    # The process dies here; a new lane starts on the same journal.
    second = LaneRig(journal=journal)
    assert second.snap.state is LaneState.ATTENDANT_REQUIRED
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        "unfinished sale found at start-up"
    ]
    assert second.snap.recovered_sale_id == sale_id
    assert second.snap.prompt is not None and second.snap.prompt.code is PromptCode.RECOVERED_SALE
    second.online()
    assert second.snap.state is LaneState.ATTENDANT_REQUIRED  # a device coming up does not skip the attendant
    second.send(m.ResumeRecoveredSale())
    assert second.snap.state is LaneState.SCANNING
    assert [line.voided for line in second.snap.lines] == [False, True]
    second.send(m.BarcodeScanned("4600000000035"))
    assert second.snap.lines[-1].n == 3


@pytest.mark.expect_warnings("unfinished sale found at start-up")
def test_recovered_sale_can_be_voided_by_the_attendant() -> None:
    journal = InMemoryJournal()
    first = LaneRig(journal=journal)
    first.online()
    first.send(m.BarcodeScanned("4600000000011"))
    second = LaneRig(journal=journal)
    second.online()
    second.send(m.VoidRecoveredSale())
    assert second.snap.state is LaneState.ATTRACT
    assert journal.unfinished_sales() == []


def test_snapshots_are_immutable_and_versioned(rig: LaneRig) -> None:
    before = rig.snap
    rig.send(m.BarcodeScanned("4600000000011"))
    after = rig.snap
    assert before.lines == () and len(after.lines) == 1
    assert after.version > before.version


def test_threaded_actor_handles_posts_from_other_threads(rig: LaneRig) -> None:
    import threading

    rig.lane.start_thread()
    try:
        threads = [
            threading.Thread(
                target=lambda: [rig.lane.post(m.BarcodeScanned("4600000000011")) for _ in range(50)]
            )
            for _ in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert rig.lane.wait_idle(5)
        assert rig.snap.line_count == 200
        assert [line.n for line in rig.snap.lines] == list(range(1, 201))
    finally:
        rig.lane.stop()


class FailingJournal(InMemoryJournal):
    def record_line(self, sale_id: str, line: object, at: object) -> None:  # type: ignore[override]
        raise OSError("disk full")


@pytest.mark.expect_warnings("lane handler failed")
def test_a_failed_journal_write_adds_nothing_and_tells_the_shopper(caplog: pytest.LogCaptureFixture) -> None:
    rig = LaneRig(journal=FailingJournal())
    rig.online()
    rig.send(m.BarcodeScanned("4600000000011"))
    assert rig.snap.line_count == 0
    assert rig.snap.prompt is not None and rig.snap.prompt.code is PromptCode.NOT_RECORDED
    assert any(isinstance(e, ev.HandlingFailed) and e.error == "disk full" for e in rig.events)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == ["lane handler failed"]
