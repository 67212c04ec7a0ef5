"""One thread that owns one serial port: open it by pyserial URL, read it in chunks, reconnect with back-off.

Why a shared helper: every serial driver (scanner, scale, light) needs exactly this loop, and the rules that
matter are easy to get subtly wrong — blocking chunked reads instead of a polling timer (performance.md §3),
a bounded read timeout so ``stop()`` is prompt, pyserial errors caught here and nowhere else, and a back-off
that neither hammers a missing port nor waits long once it is back. The worker reports what happened through
four callbacks, all called on the worker thread; the driver decides what it means (events, counters, logs).
Writes (a light's command, a scale's poll) are queued with :meth:`SerialWorker.send` from any thread and
written by the worker between reads, so the port still has exactly one owner.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import serial

_log = logging.getLogger(__name__)


Opener = Callable[["PortSettings"], Any]
"""Opens something port-like (``read``/``write``/``in_waiting``/``is_open``/``close``, raising ``OSError`` or
``SerialException``) for a device that is not a tty, such as an evdev keyboard; default: pyserial's URL."""

Sent = Callable[[bool], None]
"""Told whether queued bytes were written (True) or dropped because the link was down or went down (False)."""


def describe(exc: BaseException) -> str:
    """A port error in words, once: pyserial nests the OS error in its own message ("[Errno 2] could not open
    port X: [Errno 2] No such file or directory: 'X'"), which would say the port and errno twice."""
    errno = getattr(exc, "errno", None)
    return os.strerror(errno) if isinstance(errno, int) and errno > 0 else str(exc)


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential reconnect delay: ``min_s``, then ×``factor`` per failed attempt, capped at ``max_s``."""

    min_s: float = 0.5
    max_s: float = 30.0
    factor: float = 2.0

    def __post_init__(self) -> None:
        if not 0 < self.min_s <= self.max_s:
            raise ValueError(f"reconnect back-off needs 0 < min ({self.min_s}) <= max ({self.max_s})")
        if self.factor < 1:
            raise ValueError(f"reconnect back-off factor must be >= 1, got {self.factor}")

    def after(self, previous: float | None) -> float:
        """The delay before the next attempt, given the previous delay (``None`` after a success)."""
        return self.min_s if previous is None else min(previous * self.factor, self.max_s)


@dataclass(frozen=True, slots=True)
class PortSettings:
    """How to open the port. ``read_timeout_s`` bounds one blocking read: it sets how late ``stop()`` and
    the idle callback can run, never how late data is delivered (a read returns as soon as a byte arrives)."""

    url: str
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    read_timeout_s: float = 0.1


@dataclass(frozen=True, slots=True)
class LinkCallbacks:
    """What the worker reports, on the worker thread. ``down`` gets a human reason for a failed open or a lost
    link; ``idle`` runs when a read timed out empty, so the driver can end a frame on an inter-byte gap."""

    up: Callable[[], None]
    down: Callable[[str], None]
    data: Callable[[bytes], None]
    idle: Callable[[], None]


class SerialWorker:
    """Owns the port for its whole life; nothing else touches it. Thread-safe ``start``/``stop``."""

    def __init__(
        self,
        name: str,
        settings: PortSettings,
        backoff: Backoff,
        callbacks: LinkCallbacks,
        opener: Opener | None = None,
    ) -> None:
        self._name = name
        self._settings = settings
        self._backoff = backoff
        self._callbacks = callbacks
        self._opener = opener
        self._stop = threading.Event()
        self._first_attempt = threading.Event()
        self._port: Any = None  # serial.SerialBase while open (pyserial is untyped)
        self._outbox: deque[tuple[bytes, Sent | None]] = deque()
        self._sent = threading.Condition()
        self._thread = threading.Thread(target=self._run, name=f"device-{name}", daemon=True)

    @property
    def is_open(self) -> bool:
        port = self._port
        return port is not None and bool(port.is_open)

    def start(self) -> None:
        self._thread.start()

    def wait_first_attempt(self, timeout_s: float) -> bool:
        """Block until the first open attempt has succeeded or failed, so power is known after ``start``."""
        return self._first_attempt.wait(timeout_s)

    def send(self, data: bytes, done: Sent | None = None) -> None:
        """Queue ``data`` for the worker to write (any thread); written within one read timeout.

        ``done(True)`` runs on the worker once it is written. ``done(False)`` runs at once when the link is
        down, or on the worker when the link drops before the write: the device at the other end has lost
        power or state with it, and the driver re-sends what matters from its ``up`` callback.
        """
        with self._sent:
            if self._port is not None:
                self._outbox.append((bytes(data), done))
                return
        if done is not None:
            done(False)

    def wait_sent(self, timeout_s: float) -> bool:
        """Block until nothing is queued (written, or dropped with the link), or the timeout passed (False)."""
        with self._sent:
            return self._sent.wait_for(lambda: not self._outbox, timeout_s)

    def stop(self, timeout_s: float = 1.0) -> bool:
        """Ask the thread to finish and wait for it; it closes the port on its way out. True if it ended."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)
        return not self._thread.is_alive()

    # -- worker thread -------------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._connect_loop()
        except Exception:  # a bug must not leave a silently dead device behind
            _log.exception("%s: serial worker crashed", self._name, extra={"device": self._name})
            self._callbacks.down("driver error (see log)")
        finally:
            self._first_attempt.set()

    def _connect_loop(self) -> None:
        delay: float | None = None
        while not self._stop.is_set():
            try:
                port = self._open()
            except (serial.SerialException, OSError) as exc:
                self._callbacks.down(f"cannot open {self._settings.url}: {describe(exc)}")
                self._first_attempt.set()
                delay = self._backoff.after(delay)
                self._stop.wait(delay)
                continue
            delay = None
            with self._sent:
                self._port = port
            try:
                self._callbacks.up()
                self._first_attempt.set()
                reason = self._pump(port)
            finally:
                self._drop_queued()
                self._close_quietly(port)
            if reason is not None:
                self._callbacks.down(reason)
                self._stop.wait(self._backoff.after(None))

    def _open(self) -> Any:
        s = self._settings
        if self._opener is not None:
            return self._opener(s)
        return serial.serial_for_url(
            s.url,
            baudrate=s.baudrate,
            bytesize=s.bytesize,
            parity=s.parity,
            stopbits=s.stopbits,
            timeout=s.read_timeout_s,
        )

    def _pump(self, port: Any) -> str | None:
        """Read until stopped (returns None) or the link fails (returns the reason)."""
        while not self._stop.is_set():
            try:
                self._write_queued(port)
                data: bytes = port.read(max(1, port.in_waiting))
            except (serial.SerialException, OSError) as exc:
                return f"link lost on {self._settings.url}: {describe(exc)}"
            if data:
                self._callbacks.data(data)
            else:
                self._callbacks.idle()
        return None

    def _write_queued(self, port: Any) -> None:
        while True:
            with self._sent:
                if not self._outbox:
                    self._sent.notify_all()
                    return
                data, done = self._outbox[0]
            port.write(data)  # outside the lock: a slow write must not block senders
            with self._sent:
                self._outbox.popleft()
            if done is not None:
                done(True)

    def _drop_queued(self) -> None:
        """The link is gone: nothing queued can be written any more."""
        with self._sent:
            self._port = None
            dropped, self._outbox = list(self._outbox), deque()
            self._sent.notify_all()
        for _, done in dropped:
            if done is not None:
                done(False)

    def _close_quietly(self, port: Any) -> None:
        try:
            port.close()
        except (serial.SerialException, OSError) as exc:  # the link is already gone; nothing to recover
            _log.debug("%s: close failed: %s", self._name, exc, extra={"device": self._name})
