"""LaneBridge: publications from the lane's own thread arrive on the GUI thread, with no ItemAdded lost."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from kiosk.lane import messages as m
from kiosk.lane.actor import Lane
from kiosk.lane.events import ItemAdded, LaneEvent
from kiosk.lane.snapshot import LaneSnapshot
from tests.ui.lanes import make_lane
from tests.ui.products import MILK
from ui.bridge import LaneBridge


def test_threaded_lane_publications_reach_the_gui_thread_without_losing_items(qtbot: QtBot) -> None:
    lane = make_lane(lane_class=Lane)
    bridge = LaneBridge(lane)
    received: list[tuple[LaneSnapshot, tuple[LaneEvent, ...]]] = []
    threads: set[threading.Thread] = set()

    def on_published(snapshot: LaneSnapshot, events: tuple[LaneEvent, ...]) -> None:
        threads.add(threading.current_thread())
        received.append((snapshot, events))

    bridge.published.connect(on_published)
    lane.start_thread()
    try:
        for _ in range(300):
            lane.post(m.BarcodeScanned(MILK.barcodes[0]))
        assert lane.wait_idle()
        qtbot.waitUntil(lambda: bool(received) and received[-1][0].line_count == 300)
    finally:
        lane.stop()
        bridge.close()

    added = [e.line.n for _, events in received for e in events if isinstance(e, ItemAdded)]
    assert added == list(range(1, 301))
    assert threads == {threading.main_thread()}
    assert len(received) <= 300  # bursts may be coalesced, never duplicated


def test_closed_bridge_stops_listening(qtbot: QtBot) -> None:
    lane = make_lane()
    bridge = LaneBridge(lane)
    received: list[object] = []
    bridge.published.connect(lambda snapshot, events: received.append(snapshot))
    bridge.close()
    lane.post(m.BarcodeScanned(MILK.barcodes[0]))
    qtbot.wait(10)
    assert received == []
