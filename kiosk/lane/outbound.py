"""The outbound device port: what the lane asks of devices, carried out off the lane's thread.

A handler never calls a device or a payment provider. It appends a :class:`DeviceCommand` (set the light,
authorise, abort, ask a payment's status, print, register a fiscal document); after the message is handled
the shell hands the commands to a :class:`CommandRunner`, whose worker thread (``lane-devices``) runs each
with its executor. Executors report back only by posting lane messages, so every outcome — including an
exception from a provider — arrives in the inbox in order and is decided by the transition table.

Without a worker thread (tests that :meth:`kiosk.lane.actor.Lane.drain`), the same executors run on the
draining thread, between messages: the same path, one thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from drivers.contracts import LightColour

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeviceCommand:
    """Base class of what the lane asks of the outside world."""


@dataclass(frozen=True, slots=True)
class SetLight(DeviceCommand):
    colour: LightColour | None  # None: all off
    blink: bool = False


@dataclass(frozen=True, slots=True)
class Authorize(DeviceCommand):
    attempt_id: str  # chosen and journaled before this command exists
    sale_id: str
    method: str
    amount_minor: int
    currency: str


@dataclass(frozen=True, slots=True)
class AbortPayment(DeviceCommand):
    attempt_id: str
    method: str


@dataclass(frozen=True, slots=True)
class QueryPayment(DeviceCommand):
    """How did this attempt end? (recovery of an uncertain attempt, payments.md §9)"""

    attempt_id: str
    method: str


@dataclass(frozen=True, slots=True)
class PrintReceipt(DeviceCommand):
    job_id: str
    sale_id: str


@dataclass(frozen=True, slots=True)
class RegisterFiscal(DeviceCommand):
    job_id: str
    sale_id: str


Post = Callable[[Any], None]
Executor = Callable[[Any, Post], None]  # (command, post) — runs on the worker thread

_STOP = object()


class CommandRunner:
    """Runs device commands with their executors, one at a time, in the order the lane issued them.

    ``in_flight`` counts commands submitted and not yet finished; an executor posts its result message
    *before* the command counts as finished, so "the lane is idle" can be read without a gap.
    """

    def __init__(
        self, executors: Mapping[type[DeviceCommand], Executor], post: Post, on_settled: Callable[[], None]
    ) -> None:
        self._executors = dict(executors)
        self._post = post
        self._on_settled = on_settled
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._in_flight = 0
        self._thread: threading.Thread | None = None

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    def submit(self, command: DeviceCommand) -> None:
        with self._lock:
            self._in_flight += 1
        self._queue.put(command)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="lane-devices", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> None:
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout_s)
            self._thread = None

    def run_pending(self) -> int:
        """Run every queued command on the calling thread (no worker thread: tests). Returns how many."""
        count = 0
        while True:
            try:
                command = self._queue.get_nowait()
            except queue.Empty:
                return count
            if isinstance(command, DeviceCommand):
                self._execute(command)
                count += 1

    def _run(self) -> None:
        while True:
            command = self._queue.get()
            if command is _STOP:
                return
            if isinstance(command, DeviceCommand):
                self._execute(command)

    def _execute(self, command: DeviceCommand) -> None:
        try:
            executor = self._executors.get(type(command))
            if executor is None:
                log.error("no executor for device command %s", type(command).__name__)
            else:
                executor(command, self._post)
        except Exception:
            # Executors turn every expected failure into a message; this is a bug, and the lane must go on.
            log.exception("device command failed", extra={"command": type(command).__name__})
        finally:
            with self._lock:
                self._in_flight -= 1
            self._on_settled()
