"""The runner's side of the lane child process, and the tender desk that stays with the runner.

:class:`LaneProcess` spawns :func:`kiosk.scenario.lane_host.serve`, feeds every publication into one
:class:`~kiosk.scenario.observer.LaneObserver` that outlives restarts, answers the child's tender requests
from the :class:`TenderDesk`, and can cut the power: SIGKILL, then a new child on the same data folder and
the same simulators, its clock going on from the runner's simulated time.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import threading
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from typing import Any

from kiosk.lane import messages as m
from kiosk.scenario.lane_host import HostSpec, serve
from kiosk.scenario.observer import LaneObserver
from payments.tender import TenderResult
from payments.test_tender import TEST_MASKED_PAN

START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


@dataclass
class TenderDesk:
    """The card side of every attempt, outside the lane: what the scenario scripted, and what was charged.

    ``next_outcome`` decides the next attempt: ``approve``, ``decline``, ``timeout`` (the request is
    parked: no answer until the lane asks for its status or aborts it), or ``comms_loss_after_auth`` (the
    card is charged but the answer never reaches the lane: only a status query finds it). The ledger
    survives power cuts, so ``charged`` after a restart is what the card really paid.
    """

    next_outcome: str = "approve"
    charged: dict[str, int] = field(default_factory=dict)  # sale id → approved minor units
    _results: dict[str, TenderResult] = field(default_factory=dict)  # attempt id → final answer
    _parked: set[str] = field(default_factory=set)
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def start(self, attempt_id: str, sale_id: str, amount_minor: int) -> TenderResult | None:
        """The answer to send now, or None when the attempt is parked (waiting on simulated time)."""
        if attempt_id in self._results:  # a repeated request for one attempt never charges twice
            return None if attempt_id in self._parked else self._results[attempt_id]
        outcome, self.next_outcome = self.next_outcome, "approve"
        if outcome == "timeout":
            self._parked.add(attempt_id)
            return None
        if outcome not in ("approve", "comms_loss_after_auth"):
            return self._final(TenderResult(attempt_id, False, amount_minor, reason=outcome))
        self.charged[sale_id] = self.charged.get(sale_id, 0) + amount_minor
        number = next(self._numbers)
        approved = TenderResult(
            attempt_id, True, amount_minor, f"{number:06d}", f"TEST{number:08d}", TEST_MASKED_PAN
        )
        self._final(approved)
        if outcome == "comms_loss_after_auth":
            self._parked.add(attempt_id)
            return None
        return approved

    def status(self, attempt_id: str) -> TenderResult:
        """How an attempt ended; one the terminal never finished (parked, or never seen) is declined."""
        parked = attempt_id in self._parked
        self._parked.discard(attempt_id)
        if attempt_id in self._results:
            return self._results[attempt_id]
        reason = "timeout" if parked else "not_found"
        return self._final(TenderResult(attempt_id, False, 0, reason=reason))

    def abort(self, attempt_id: str) -> TenderResult | None:
        if attempt_id not in self._parked:
            return None  # already answered (an abort can lose the race): that answer stands
        self._parked.discard(attempt_id)
        if attempt_id in self._results:
            return self._results[attempt_id]  # charged before the abort arrived: the approval stands
        return self._final(TenderResult(attempt_id, False, 0, reason="aborted"))

    def _final(self, result: TenderResult) -> TenderResult:
        self._results[result.attempt_id] = result
        return result


class LaneDied(Exception):
    """The lane child ended without being asked to (a crash, not a scripted power cut)."""


class LaneProcess:
    """One lane child at a time; thread-safe ``post``/``quiesce`` for the runner's main thread."""

    def __init__(self, spec: HostSpec, desk: TenderDesk) -> None:
        self._spec = spec
        self.desk = desk
        self.elapsed_s = spec.elapsed_s
        self.observer: LaneObserver | None = None
        self._ctx = multiprocessing.get_context("spawn")
        self._cond = threading.Condition()
        self._send_lock = threading.Lock()
        self._tokens = itertools.count(1)
        self._quiet = 0
        self._alive = False
        self._ready = False
        self._devices: dict[str, Any] | None = None
        self._conn: Connection | None = None
        self._process: Any = None
        self._reader: threading.Thread | None = None

    # -- life --------------------------------------------------------------------------------------------
    def start(self) -> None:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=serve, args=(child, self._spec), name="lane", daemon=True)
        process.start()
        child.close()
        with self._cond:
            self._conn, self._process, self._alive, self._ready = parent, process, True, False
        self._reader = threading.Thread(target=self._read, args=(parent,), name="lane-reader", daemon=True)
        self._reader.start()
        with self._cond:
            if (
                not self._cond.wait_for(lambda: self._ready or not self._alive, START_TIMEOUT_S)
                or not self._ready
            ):
                raise LaneDied(f"the lane process did not start (exit code {process.exitcode})")

    def power_cut(self) -> None:
        """SIGKILL the lane, then start a new one on the same data, simulators and (advanced) clock."""
        self._end(kill=True)
        self._spec = replace(self._spec, elapsed_s=self.elapsed_s, catalog_csv=None)
        self.start()

    def close(self) -> None:
        self._end(kill=False)

    def _end(self, *, kill: bool) -> None:
        process, conn = self._process, self._conn
        if process is None or conn is None:
            return
        if not kill:
            with contextlib.suppress(LaneDied, OSError):
                self._send("stop")
        with self._cond:
            self._alive = False
        if kill:
            process.kill()
        process.join(STOP_TIMEOUT_S)
        if process.is_alive():
            process.kill()
            process.join(STOP_TIMEOUT_S)
        conn.close()
        if self._reader is not None:
            self._reader.join(STOP_TIMEOUT_S)
        self._process = self._conn = None

    # -- talking to the lane -----------------------------------------------------------------------------
    def post(self, message: m.Message) -> None:
        self._send("post", message)

    def advance(self, seconds: float) -> None:
        self.elapsed_s += seconds
        self._send("advance", seconds)

    def quiesce(self, timeout_s: float) -> bool:
        """Block until the lane says nothing it was given is in flight (False on timeout or death)."""
        token = next(self._tokens)
        self._send("quiesce", token)
        with self._cond:
            return (
                self._cond.wait_for(lambda: self._quiet >= token or not self._alive, timeout_s)
                and self._alive
            )

    def devices(self, timeout_s: float) -> dict[str, Any]:
        with self._cond:
            self._devices = None
        self._send("devices")
        with self._cond:
            self._cond.wait_for(lambda: self._devices is not None or not self._alive, timeout_s)
            return self._devices or {}

    def _send(self, *message: object) -> None:
        conn = self._conn
        if conn is None or not self._alive:
            raise LaneDied("the lane process is not running")
        with self._send_lock:
            conn.send(message)

    def _read(self, conn: Connection) -> None:
        while True:
            try:
                kind, *args = conn.recv()
            except (EOFError, OSError):
                break
            self._dispatch(kind, args)
        with self._cond:
            self._alive = False
            self._cond.notify_all()

    def _dispatch(self, kind: str, args: list[Any]) -> None:
        if kind == "published":
            self._observe(args[0], args[1])
        elif kind == "ready":
            self._observe(args[0], ())
            with self._cond:
                self._ready = True
                self._cond.notify_all()
        elif kind == "quiet":
            with self._cond:
                self._quiet = max(self._quiet, args[0])
                self._cond.notify_all()
        elif kind == "devices":
            with self._cond:
                self._devices = args[0]
                self._cond.notify_all()
        elif kind == "tender.start":
            attempt_id, sale_id, amount_minor, _currency = args
            self._answer(attempt_id, self.desk.start(attempt_id, sale_id, amount_minor))
        elif kind == "tender.status":
            self._answer(args[0], self.desk.status(args[0]))
        elif kind == "tender.abort":
            answer = self.desk.abort(args[0])
            if answer is not None:
                self._answer(args[0], answer)

    def _observe(self, snapshot: Any, events: tuple[Any, ...]) -> None:
        if self.observer is None:  # one observer for every child: events and completed sales accumulate
            self.observer = LaneObserver(snapshot)
        self.observer(snapshot, events)

    def _answer(self, attempt_id: str, result: TenderResult | None) -> None:
        try:
            if result is None:
                self._send("tender.parked", attempt_id)
            else:
                self._send("tender.result", result)
        except (LaneDied, OSError):
            pass  # the lane died meanwhile: its successor asks for the status
