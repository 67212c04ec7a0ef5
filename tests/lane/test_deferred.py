from __future__ import annotations

from collections.abc import Callable

from kiosk.lane import messages as m
from kiosk.lane.deferred import DeferredLane
from kiosk.lane.events import LaneEvent
from kiosk.lane.snapshot import LaneSnapshot
from kiosk.lane.states import LaneState
from tests.lane.conftest import LaneRig


def test_before_attach_it_shows_attract_and_queues_posts_in_order() -> None:
    deferred = DeferredLane("en", "EUR")
    seen: list[tuple[LaneSnapshot, tuple[LaneEvent, ...]]] = []
    deferred.subscribe(lambda snap, events: seen.append((snap, events)))
    assert deferred.snapshot().state is LaneState.ATTRACT and deferred.snapshot().currency == "EUR"
    deferred.post(m.StartShopping())
    deferred.post(m.BarcodeScanned("4600000000011"))
    assert not deferred.attached and seen == []

    rig = LaneRig()
    rig.online()
    deferred.attach(rig.lane)
    assert seen[-1][0] == rig.lane.snapshot()  # the screen catches up at once
    rig.lane.drain()
    assert rig.snap.state is LaneState.SCANNING and rig.snap.line_count == 1
    assert seen[-1][0].line_count == 1
    assert deferred.snapshot() is rig.lane.snapshot()


def test_after_attach_posts_and_subscriptions_go_straight_to_the_lane() -> None:
    rig = LaneRig()
    rig.online()
    deferred = DeferredLane("ru", "RUB")
    deferred.attach(rig.lane)
    seen: list[int] = []
    unsubscribe = deferred.subscribe(lambda snap, events: seen.append(snap.line_count))
    deferred.post(m.BarcodeScanned("4600000000011"))
    rig.lane.drain()
    assert seen == [1]
    unsubscribe()
    deferred.post(m.BarcodeScanned("4600000000011"))
    rig.lane.drain()
    assert seen == [1]


class RecordingLane:
    """A lane facade whose publications the test drives by hand (to stage a hand-over race)."""

    def __init__(self, version: int) -> None:
        self.current = LaneSnapshot(version=version, state=LaneState.SCANNING, language="ru", currency="RUB")
        self.subscribers: list[Callable[[LaneSnapshot, tuple[LaneEvent, ...]], None]] = []
        self.posted: list[m.Message] = []

    def snapshot(self) -> LaneSnapshot:
        return self.current

    def subscribe(
        self, subscriber: Callable[[LaneSnapshot, tuple[LaneEvent, ...]], None]
    ) -> Callable[[], None]:
        self.subscribers.append(subscriber)
        return lambda: self.subscribers.remove(subscriber)

    def post(self, message: m.Message) -> None:
        self.posted.append(message)

    def publish(self, version: int) -> None:
        snapshot = LaneSnapshot(version=version, state=LaneState.SCANNING, language="ru", currency="RUB")
        for subscriber in list(self.subscribers):
            subscriber(snapshot, ())


def test_an_older_snapshot_never_overwrites_a_newer_one() -> None:
    lane = RecordingLane(version=5)
    deferred = DeferredLane("ru", "RUB")
    versions: list[int] = []
    deferred.subscribe(lambda snap, events: versions.append(snap.version))
    deferred.attach(lane)
    lane.publish(4)  # the lane thread's publication that lost the race with the hand-over
    lane.publish(5)
    lane.publish(6)
    assert versions == [5, 6]
