"""The lane side of a scenario run: a child process with the real lane, drivers, journal and services.

The runner (parent) keeps the world: the simulators, their ledgers and the simulated clock. This process is
what a power cut kills. It talks to the runner over one pipe, in both directions:

runner → lane: ``post`` a message (what the UI would post), ``advance`` the clock (then a ``Tick``),
``quiesce`` (answer ``quiet`` once nothing is in flight), ``tender.result``/``tender.parked`` (the tender
desk's answers), ``devices`` (their state for the report), ``stop``.
lane → runner: ``ready``, every ``published`` (snapshot, events), ``quiet``, ``tender.*`` requests,
``devices``.

**Quiescence.** "Nothing in flight" is explicit, not a sleep: the lane has handled every message posted so
far (the actor's own count), and no tender request is waiting for an answer the desk will give without
simulated time passing (a parked request waits for time: that is a waiting state, not work in flight).
Publications are sent before the actor counts a message handled, so ``quiet`` always follows them.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kiosk.bootstrap import StandIns, build_services
from kiosk.config import load_config
from kiosk.lane import messages as m
from kiosk.lane.clock import ManualClock
from kiosk.lane.events import LaneEvent
from kiosk.lane.snapshot import LaneSnapshot
from kiosk.scenario.report import devices_json
from kiosk.simulated import DEMO_CATALOG
from payments.tender import ResultCallback, TenderResult

log = logging.getLogger(__name__)

QUIESCE_POLL_S = 0.05


@dataclass(frozen=True, slots=True)
class HostSpec:
    """Everything the child needs to build the lane; picklable (the child is spawned)."""

    config_dir: Path | None
    overrides: Mapping[str, Any]
    data_dir: Path
    device_ports: Mapping[str, str]
    catalog_csv: Path | None
    elapsed_s: float  # the runner's simulated time so far: a restarted lane goes on from it


class Channel:
    """The pipe's sending end, shared by the lane thread, the reader and the quiesce workers."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()

    def send(self, *message: object) -> None:
        with self._lock:
            self._conn.send(message)


class RemoteTender:
    """The lane's card tender: every request goes to the runner's tender desk, which holds the ledger."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel
        self._lock = threading.Condition()
        self._waiting: dict[str, ResultCallback] = {}
        self._parked: set[str] = set()

    def start(
        self, attempt_id: str, sale_id: str, amount_minor: int, currency: str, on_result: ResultCallback
    ) -> None:
        self._ask(attempt_id, on_result, "tender.start", attempt_id, sale_id, amount_minor, currency)

    def status(self, attempt_id: str, on_result: ResultCallback) -> None:
        self._ask(attempt_id, on_result, "tender.status", attempt_id)

    def abort(self, attempt_id: str) -> None:
        with self._lock:
            self._parked.discard(attempt_id)  # the desk answers an abort at once
        self._channel.send("tender.abort", attempt_id)

    def _ask(self, attempt_id: str, on_result: ResultCallback, *request: object) -> None:
        with self._lock:
            self._waiting[attempt_id] = on_result
            self._parked.discard(attempt_id)
        self._channel.send(*request)

    def answered(self, result: TenderResult) -> None:
        """Hand the desk's answer to the lane, *then* stop counting it in flight: the lane has the message
        in its inbox before quiescence can see nothing outstanding."""
        with self._lock:
            callback = self._waiting.get(result.attempt_id)
        if callback is not None:
            callback(result)
        with self._lock:
            self._waiting.pop(result.attempt_id, None)
            self._parked.discard(result.attempt_id)
            self._lock.notify_all()

    def parked(self, attempt_id: str) -> None:
        with self._lock:
            if attempt_id in self._waiting:
                self._parked.add(attempt_id)
            self._lock.notify_all()

    def settled(self, timeout_s: float) -> bool:
        """True once no request waits for an answer the desk gives without simulated time."""
        with self._lock:
            return self._lock.wait_for(lambda: len(self._waiting) == len(self._parked), timeout_s)


def serve(conn: Connection, spec: HostSpec) -> None:
    """The child's main: build the lane, say ``ready``, then obey the runner until ``stop`` or EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the runner's to handle
    logging.basicConfig(level=logging.WARNING, format="lane: %(levelname)s %(name)s: %(message)s")
    channel = Channel(conn)
    clock = ManualClock()
    clock.advance(spec.elapsed_s)
    tender = RemoteTender(channel)
    stand_ins = StandIns(
        device_ports=spec.device_ports,
        simulators={},
        tenders={"card": tender},
        test_tender=None,
        seed_catalog=DEMO_CATALOG,
    )
    services = build_services(
        load_config(spec.config_dir, spec.overrides),
        database_url=f"sqlite:///{spec.data_dir / 'kiosk.db'}",
        data_dir=spec.data_dir,
        clock=clock,
        tick=False,
        catalog_csv=spec.catalog_csv,
        stand_ins=stand_ins,
    )
    lane = services.lane

    def forward(snapshot: LaneSnapshot, events: tuple[LaneEvent, ...]) -> None:
        channel.send("published", snapshot, events)

    def quiesce(token: int) -> None:
        while not (lane.wait_idle(QUIESCE_POLL_S) and tender.settled(QUIESCE_POLL_S) and lane.wait_idle(0)):
            pass  # each wait blocks up to the poll period; an answer posts to the lane before it settles
        channel.send("quiet", token)

    lane.subscribe(forward)
    channel.send("ready", lane.snapshot())
    try:
        while True:
            try:
                kind, *args = conn.recv()
            except EOFError:
                break
            if kind == "post":
                lane.post(args[0])
            elif kind == "advance":
                clock.advance(args[0])
                lane.post(m.Tick())
            elif kind == "quiesce":
                threading.Thread(target=quiesce, args=(args[0],), name="quiesce", daemon=True).start()
            elif kind == "tender.result":
                tender.answered(args[0])
            elif kind == "tender.parked":
                tender.parked(args[0])
            elif kind == "devices":
                channel.send("devices", devices_json(services.devices))
            elif kind == "stop":
                break
    finally:
        services.close()
