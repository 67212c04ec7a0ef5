from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from kiosk.domain import SaleUnit
from kiosk.lane.actor import Lane
from kiosk.lane.clock import ManualClock
from kiosk.lane.messages import DeviceAvailabilityChanged
from kiosk.lane.settings import LaneSettings
from payments.tender import TenderRouter
from payments.test_tender import InstantTestTender
from tests.fakes import InMemoryCatalog, InMemoryJournal, product

PRODUCTS = [
    product("1", "89.90", "4600000000011", name="Молоко 2,5%", tax="10", names={"en": "Milk 2.5%"}),
    product("2", "54.50", "4600000000028", name="Хлеб"),
    product("3", "129.99", "4600000000035", name="Кофе"),
    product("4", "149.90", plu="4011", name="Бананы", unit=SaleUnit.KG, tax="10"),
    product("5", "500.00", "4600000000042", name="Подарочная карта", sco_allowed=False),
    replace(product("6", "89.90", "4600000000059", name="Пиво"), age_min=18),
]


class LaneRig:
    """A lane with fakes, driven synchronously on the test thread."""

    def __init__(self, journal: InMemoryJournal | None = None, settings: LaneSettings | None = None) -> None:
        self.clock = ManualClock()
        self.journal = journal or InMemoryJournal()
        self.tender = InstantTestTender()
        ids = itertools.count(1)
        self.lane = Lane(
            settings=settings or LaneSettings(),
            catalog=InMemoryCatalog(PRODUCTS),
            journal=self.journal,
            tenders=TenderRouter({"card": self.tender}),
            clock=self.clock,
            id_factory=lambda: f"id{next(ids)}",
        )
        self.events: list[object] = []
        self.lane.subscribe(lambda snap, evs: self.events.extend(evs))
        self.lane.recover()

    def send(self, *messages: object) -> None:
        for message in messages:
            self.lane.post(message)  # type: ignore[arg-type]
        self.lane.drain()

    def online(self) -> None:
        self.send(DeviceAvailabilityChanged("scanner", True))

    def wait(self, seconds: float) -> None:
        from kiosk.lane.messages import Tick

        for _ in range(int(seconds)):
            self.clock.advance(1)
            self.send(Tick())

    @property
    def snap(self):  # type: ignore[no-untyped-def]
        return self.lane.snapshot()


@pytest.fixture
def rig() -> LaneRig:
    r = LaneRig()
    r.online()
    return r
