"""The one serial port of a Magellan scanner-scale, shared by its two logical devices (UnifiedPOS Scanner and
Scale are separate devices of one physical unit).

Why a link object: the scanner's unsolicited ``S08`` reads and the scale's ``S14`` replies arrive interleaved
on one wire, and only one thread may own a port. The link owns the :class:`SerialWorker`, decodes every
message once and hands it to the part it belongs to; it opens the port when the first part claims it and
closes it when the last part releases it. It also paces the scale's monitor polls, and treats a run of
unanswered polls as the unit being gone even though the port is still open (a pulled RS-232 cable).
All callbacks into the parts run on the worker thread.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

from drivers.contracts import Symbology
from drivers.magellan.protocol import (
    LABEL_IDS,
    MONITOR,
    STABLE_WEIGHT,
    BadMessage,
    LabelRead,
    MagellanDecoder,
    MagellanProtocol,
    ScaleReading,
)
from drivers.magellan.settings import MagellanSettings
from drivers.serial_worker import Backoff, LinkCallbacks, PortSettings, SerialWorker


class Part(Protocol):
    """What the link needs of the scanner or the scale sharing it."""

    def link_up(self) -> None: ...

    def link_down(self, reason: str) -> None: ...

    def reject(self, message: BadMessage) -> None: ...


class ScannerPart(Part, Protocol):
    def label(self, read: LabelRead) -> None: ...


class ScalePart(Part, Protocol):
    @property
    def polling(self) -> bool: ...

    def reading(self, reading: ScaleReading) -> None: ...

    def tick(self) -> None: ...


def protocol_of(settings: MagellanSettings) -> MagellanProtocol:
    table = (
        LABEL_IDS if settings.label_ids is None else {k: Symbology[v] for k, v in settings.label_ids.items()}
    )
    return MagellanProtocol(
        baudrate=settings.baudrate,
        bytesize=settings.bytesize,
        parity=settings.parity,
        stopbits=settings.stopbits,
        prefix=settings.prefix.encode("ascii"),
        suffix=settings.suffix.encode("ascii"),
        unit=settings.unit,
        label_ids=table,
    )


class MagellanLink:
    def __init__(self, name: str, settings: MagellanSettings) -> None:
        self.name = name
        self.settings = settings
        self.protocol = protocol_of(settings)
        self.scanner: ScannerPart | None = None
        self.scale: ScalePart | None = None
        self._users: set[int] = set()
        self._users_lock = threading.Lock()
        self._worker: SerialWorker | None = None
        self._decoder = MagellanDecoder(self.protocol)
        self._up = False
        self._silent = False
        self.last_error = "not connected yet"
        self._last_byte_at = 0.0
        self._poll_sent_at: float | None = None
        self._next_poll_at = 0.0
        self._missed = 0
        self._answered = threading.Condition()
        self._answers = 0

    @property
    def online(self) -> bool:
        worker = self._worker
        return worker is not None and worker.is_open and self._up and not self._silent

    def _parts(self) -> list[Part]:
        with self._users_lock:
            users = set(self._users)
        return [p for p in (self.scanner, self.scale) if p is not None and id(p) in users]

    # -- sharing ---------------------------------------------------------------------------------------
    def acquire(self, part: Part, timeout_s: float) -> None:
        """``part`` claims the port: opened for the first user; a later one hears the current link state."""
        with self._users_lock:
            self._users.add(id(part))
            worker = self._worker
            if worker is None:
                s = self.settings
                port = PortSettings(s.port, s.baudrate, s.bytesize, s.parity, s.stopbits, read_timeout_s=0.02)
                callbacks = LinkCallbacks(
                    up=self._link_up, down=self._link_down, data=self._data, idle=self._tick
                )
                worker = self._worker = SerialWorker(
                    self.name, port, Backoff(s.reconnect_min_s, s.reconnect_max_s), callbacks
                )
                worker.start()
                started = None
            else:
                started = self.online
        if started is None:
            worker.wait_first_attempt(timeout_s)
        elif started:
            part.link_up()
        else:
            part.link_down(self.last_error)

    def release(self, part: Part) -> None:
        with self._users_lock:
            self._users.discard(id(part))
            worker = self._worker if not self._users else None
            if worker is not None:
                self._worker = None
        if worker is not None:
            worker.stop()
            self._up = self._silent = False

    def send(self, data: bytes) -> None:
        worker = self._worker
        if worker is not None:
            worker.send(data)

    def probe(self, timeout_s: float) -> bool:
        """Ask for the scale monitor and wait for any answer: proof the unit itself is there (any thread)."""
        with self._answered:
            seen = self._answers
        self.send(self.protocol.request(MONITOR))
        with self._answered:
            return self._answered.wait_for(lambda: self._answers > seen, timeout_s)

    # -- worker callbacks ------------------------------------------------------------------------------
    def _link_up(self) -> None:
        self._up, self._silent = True, False
        self._decoder = MagellanDecoder(self.protocol)
        self._poll_sent_at, self._missed, self._next_poll_at = None, 0, 0.0
        for part in self._parts():
            part.link_up()
        self._tick()

    def _link_down(self, reason: str) -> None:
        self.last_error = reason
        self._up = False
        self._flush()
        for part in self._parts():
            part.link_down(reason)

    def _data(self, data: bytes) -> None:
        now = time.monotonic()
        if now - self._last_byte_at > self.settings.inter_char_timeout_s:
            self._flush()
        self._last_byte_at = now
        for message in self._decoder.feed(data):
            self._route(message)
        self._tick()

    def _flush(self) -> None:
        partial = self._decoder.flush()
        if partial is not None:
            self._route(partial)

    def _route(self, message: LabelRead | ScaleReading | BadMessage) -> None:
        if isinstance(message, LabelRead):
            if self.scanner is not None:
                self.scanner.label(message)
            return
        if isinstance(message, ScaleReading):
            self._heard()
            if self.scale is not None and self._is_user(self.scale):
                self.scale.reading(message)
            return
        kind = message.raw[len(self.protocol.prefix) :][:2].decode("ascii", "replace")
        target: Part | None = self.scale if kind in (STABLE_WEIGHT, MONITOR) else self.scanner
        if target is not None and self._is_user(target):
            target.reject(message)

    def _is_user(self, part: Part) -> bool:
        with self._users_lock:
            return id(part) in self._users

    def _heard(self) -> None:
        """A scale answer: the poll is over, and the unit is evidently there."""
        self._poll_sent_at, self._missed = None, 0
        self._next_poll_at = time.monotonic() + self.settings.poll_interval_s
        with self._answered:
            self._answers += 1
            self._answered.notify_all()
        if self._silent:
            self._silent = False
            for part in self._parts():
                part.link_up()

    def _tick(self) -> None:
        """Idle or after data: end a burst cut short, time out a poll, send the next poll when it is due."""
        now = time.monotonic()
        if self._decoder.pending and now - self._last_byte_at > self.settings.inter_char_timeout_s:
            self._flush()
        scale = self.scale
        if scale is not None and self._is_user(scale):
            scale.tick()
        if self._poll_sent_at is not None and now - self._poll_sent_at > self.settings.reply_timeout_s:
            self._poll_sent_at = None
            self._missed += 1
            if self._missed >= self.settings.missed_replies_offline and not self._silent:
                self._silent = True
                self.last_error = f"no answer to {self._missed} scale polls in a row"
                for part in self._parts():
                    part.link_down(self.last_error)
        polling = scale is not None and self._is_user(scale) and scale.polling
        if polling and self._poll_sent_at is None and now >= self._next_poll_at and self._up:
            self._poll_sent_at = now
            self._next_poll_at = now + self.settings.poll_interval_s
            self.send(self.protocol.request(MONITOR))
