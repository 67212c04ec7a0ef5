"""The narrow shapes the UI needs from the outside world, as duck-typed protocols.

The kiosk window needs only the lane facade; the simulator control panel also needs a product search and a
scanner simulator. Tests pass fakes of these; the demo passes the real objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from kiosk.domain import Product
from kiosk.lane.events import LaneEvent
from kiosk.lane.messages import Message
from kiosk.lane.snapshot import LaneSnapshot

Subscriber = Callable[[LaneSnapshot, tuple[LaneEvent, ...]], None]


class LaneFacade(Protocol):
    """What the UI may do with a lane: read its snapshot, hear about changes, post messages (any thread)."""

    def snapshot(self) -> LaneSnapshot: ...

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]: ...

    def post(self, message: Message) -> None: ...


class StartingLane(LaneFacade, Protocol):
    """A facade the window can use before the lane exists (``kiosk.lane.deferred.DeferredLane``)."""

    def attach(self, lane: LaneFacade) -> None: ...


class ProductSearch(Protocol):
    def search(self, text: str, limit: int) -> Sequence[Product]: ...


class ScannerSimulator(Protocol):
    """The device side of a simulated scanner: what it 'reads' reaches the lane through the real driver."""

    def scan(self, code: str, symbology: str = "EAN13") -> None: ...

    def send_garbage(self) -> None: ...

    def disconnect(self) -> None: ...


class SimulatorConsole(Protocol):
    """A simulator's control-line interface: one command line in, ``OK …`` or ``ERR …`` out."""

    def execute(self, line: str) -> str: ...


class Services(Protocol):
    """What :func:`ui.app.run` needs from the bootstrap; ``scanner_simulator`` is None with real hardware."""

    @property
    def lane(self) -> LaneFacade: ...

    @property
    def catalog(self) -> ProductSearch: ...

    @property
    def scanner_simulator(self) -> ScannerSimulator | None: ...

    @property
    def printer_simulator(self) -> SimulatorConsole | None: ...

    @property
    def terminal_simulator(self) -> SimulatorConsole | None: ...

    @property
    def camera_simulator(self) -> SimulatorConsole | None: ...

    def close(self) -> None: ...
