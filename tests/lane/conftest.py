from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import replace

import pytest

from drivers.contracts import LaneLight
from kiosk.domain import SaleUnit
from kiosk.lane.actor import Lane
from kiosk.lane.clock import ManualClock
from kiosk.lane.messages import DeviceAvailabilityChanged
from kiosk.lane.outbound import DeviceCommand, Executor
from kiosk.lane.settings import LaneSettings
from payments.tender import TenderProvider, TenderRouter
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


_IDS = itertools.count(1)  # shared by every rig: a restarted lane on the same journal never reuses an id


class LaneRig:
    """A lane with fakes, driven synchronously on the test thread."""

    def __init__(
        self,
        journal: InMemoryJournal | None = None,
        settings: LaneSettings | None = None,
        *,
        tender: InstantTestTender | None = None,
        executors: Mapping[type[DeviceCommand], Executor] | None = None,
        providers: Mapping[str, TenderProvider] | None = None,
        light: LaneLight | None = None,
    ) -> None:
        self.clock = ManualClock()
        self.journal = journal or InMemoryJournal()
        self.tender = tender or InstantTestTender()
        self.lane = Lane(
            settings=settings or LaneSettings(),
            catalog=InMemoryCatalog(PRODUCTS),
            journal=self.journal,
            tenders=TenderRouter(providers or {"card": self.tender}),
            clock=self.clock,
            id_factory=lambda: f"id{next(_IDS)}",
            executors=executors,
            light=light,
            strict=True,
        )
        self.events: list[object] = []
        self.lane.subscribe(lambda snap, evs: self.events.extend(evs))
        self.lane.recover()
        self.lane.drain()  # what recovery asked of devices runs, as the lane's threads would

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

    def of_type(self, kind: type) -> list[object]:
        return [e for e in self.events if isinstance(e, kind)]

    @property
    def snap(self):  # type: ignore[no-untyped-def]
        return self.lane.snapshot()


@pytest.fixture
def rig() -> LaneRig:
    r = LaneRig()
    r.online()
    return r
