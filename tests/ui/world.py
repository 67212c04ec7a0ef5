"""Fakes of the demo's "world" (product search, scanner simulator, lane inbox) that record what they are asked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kiosk.domain import Product
from kiosk.lane import messages as m


@dataclass
class FakeCatalog:
    products: list[Product]
    queries: list[tuple[str, int]] = field(default_factory=list)

    def search(self, text: str, limit: int) -> Sequence[Product]:
        self.queries.append((text, limit))
        return [p for p in self.products if text.lower() in p.name.lower()][:limit]


@dataclass
class FakeScanner:
    calls: list[tuple[str, ...]] = field(default_factory=list)

    def scan(self, code: str, symbology: str = "EAN13") -> None:
        self.calls.append(("scan", code, symbology))

    def send_garbage(self) -> None:
        self.calls.append(("garbage",))

    def disconnect(self) -> None:
        self.calls.append(("disconnect",))


@dataclass
class FakeLane:
    posted: list[m.Message] = field(default_factory=list)

    def post(self, message: m.Message) -> None:
        self.posted.append(message)
