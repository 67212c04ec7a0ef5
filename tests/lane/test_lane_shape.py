"""The lane's second shape seen from outside: the next sale on the thank-you screen, abandoned baskets,
interventions in the snapshot, the lane light through the device port, quiet ticks, O(1) snapshots."""

from __future__ import annotations

import pytest

from drivers.contracts import LightColour
from drivers.light.fake import FakeLaneLight
from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.interventions import Blocking, InterventionType
from kiosk.lane.outbound import Post, SetLight
from kiosk.lane.settings import LaneSettings
from kiosk.lane.states import LaneState as S
from tests.lane.conftest import LaneRig

MILK, BREAD = "4600000000011", "4600000000028"


def test_a_scan_on_the_thank_you_screen_starts_and_keeps_the_next_sale(rig: LaneRig) -> None:
    rig.send(m.BarcodeScanned(MILK), m.PayRequested(), m.TenderChosen("card"))
    first = rig.snap.sale_id or ""
    assert rig.snap.state is S.COMPLETE
    rig.send(m.BarcodeScanned(BREAD))
    second = rig.snap.sale_id or ""
    assert rig.snap.state is S.SCANNING and second != first
    assert [line.sku for line in rig.snap.lines] == ["2"]
    rig.wait(30)  # well past the thank-you time-out: the new sale stays
    assert rig.snap.state is S.SCANNING and rig.snap.sale_id == second and rig.snap.line_count == 1
    assert rig.journal.sales[first].status == "completed"
    assert rig.journal.sales[second].status == "open"


def test_an_abandoned_basket_is_voided_after_the_warning_back_to_attract_with_nothing() -> None:
    rig = LaneRig(settings=LaneSettings(inactivity_warning_s=60, inactivity_void_s=30))
    rig.online()
    rig.send(m.BarcodeScanned(MILK), m.BarcodeScanned(BREAD))
    sale_id = rig.snap.sale_id or ""
    rig.wait(60)
    assert rig.of_type(ev.InactivityWarned) and rig.snap.inactivity_deadline_s == 90
    rig.wait(30)
    assert rig.snap.state is S.ATTRACT
    assert rig.snap.sale_id is None and rig.snap.line_count == 0 and rig.snap.total.minor == 0
    assert [e.reason for e in rig.of_type(ev.SaleVoided)] == ["inactivity"]  # type: ignore[attr-defined]
    assert rig.journal.sales[sale_id].status == "voided"


def test_a_part_paid_basket_is_never_voided_by_the_timer() -> None:
    rig = LaneRig(settings=LaneSettings(inactivity_warning_s=10, inactivity_void_s=5))
    rig.online()
    rig.send(m.BarcodeScanned(MILK), m.PayRequested(), m.TenderChosen("card", 1000))
    assert rig.snap.state is S.PAYMENT and rig.snap.paid.minor == 1000
    rig.wait(60)
    assert rig.snap.state is S.PAYMENT and not rig.of_type(ev.SaleVoided)


def test_help_is_an_advisory_intervention_that_stays_until_the_sale_ends(rig: LaneRig) -> None:
    rig.send(m.BarcodeScanned(MILK), m.HelpRequested(), m.PromptDismissed())
    [help_request] = rig.snap.pending_interventions
    assert help_request.type is InterventionType.HELP_REQUEST
    assert help_request.blocking is Blocking.ADVISORY and help_request.sale_id == rig.snap.sale_id
    rig.send(m.PayRequested())  # advisory: nothing waits on it
    assert rig.snap.state is S.PAYMENT
    rig.send(m.TenderChosen("card"))
    closed = [e.intervention for e in rig.of_type(ev.InterventionResolved)]  # type: ignore[attr-defined]
    assert [(i.type, i.resolved_by, i.resolution) for i in closed] == [
        (InterventionType.HELP_REQUEST, "lane", "sale_ended")
    ]
    assert rig.snap.interventions == ()


def test_a_device_going_missing_is_a_blocking_lane_intervention_resolved_when_it_is_back(
    rig: LaneRig,
) -> None:
    rig.send(m.DeviceAvailabilityChanged("scanner", False, "unplugged"))
    [fault] = rig.snap.pending_interventions
    assert (fault.type, fault.blocking, fault.sale_id) == (InterventionType.DEVICE_FAULT, Blocking.NOW, None)
    assert fault.detail == (("device", "scanner"),)
    rig.send(m.DeviceAvailabilityChanged("scanner", True))
    assert rig.snap.pending_interventions == ()
    assert rig.snap.interventions[0].resolution == "came_back"


def test_the_lane_light_is_asked_for_through_the_device_port_when_it_changes() -> None:
    asked: list[tuple[LightColour | None, bool]] = []

    def light(command: SetLight, post: Post) -> None:
        asked.append((command.colour, command.blink))

    rig = LaneRig(executors={SetLight: light})
    assert asked == [(LightColour.RED, False)]  # out of service until the scanner is online
    rig.online()
    rig.send(m.BarcodeScanned(MILK), m.BarcodeScanned(BREAD), m.HelpRequested())
    assert asked == [(LightColour.RED, False), (LightColour.GREEN, False), (LightColour.YELLOW, True)]
    assert (rig.snap.light, rig.snap.light_blink) == (LightColour.YELLOW, True)


def test_the_configured_light_device_shows_what_the_lane_wants() -> None:
    device = FakeLaneLight("light")
    device.start()
    try:
        rig = LaneRig(light=device)
        lit = lambda: {c for c, lamp in device.wanted().items() if lamp.on}  # noqa: E731
        assert lit() == {LightColour.RED}
        rig.online()
        assert lit() == {LightColour.GREEN}
        rig.send(m.DeviceAvailabilityChanged("scanner", False, "unplugged"))
        assert lit() == {LightColour.RED}
    finally:
        device.close()


def test_a_tick_that_changes_nothing_publishes_nothing(rig: LaneRig) -> None:
    published: list[int] = []
    rig.lane.subscribe(lambda snap, evs: published.append(snap.version))
    rig.send(m.BarcodeScanned(MILK))
    assert len(published) == 1
    rig.wait(30)
    assert len(published) == 1
    rig.wait(30)  # the inactivity warning is something to show
    assert len(published) == 2 and rig.snap.prompt is not None


def test_snapshots_share_the_lines_and_old_ones_never_change(rig: LaneRig) -> None:
    for _ in range(3):
        rig.send(m.BarcodeScanned(MILK))
    before = rig.snap
    rig.send(m.VoidLine(2), m.BarcodeScanned(BREAD))
    after = rig.snap
    assert [line.voided for line in before.lines] == [False, False, False]
    assert [line.voided for line in after.lines] == [False, True, False, False]
    assert after.lines is rig.lane._core.basket.sale.lines  # type: ignore[union-attr]


@pytest.mark.parametrize("size", [10, 1000])
def test_a_snapshot_does_not_copy_the_basket(rig: LaneRig, size: int) -> None:
    for _ in range(size):
        rig.send(m.BarcodeScanned(MILK))
    one, two = rig.lane._core.snapshot(1), rig.lane._core.snapshot(2)
    assert one.lines is two.lines and len(one.lines) == size
