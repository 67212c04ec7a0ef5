"""A polled serial scale: weights are pushed as events, requests are answered by events, nothing blocks.

One worker thread (:mod:`drivers.serial_worker`) owns the port and runs the whole conversation: send a weight
request, wait for the reply (``reply_timeout_s``), wait ``poll_interval_s``, ask again; zero/tare requests
from the caller's thread go through a queue and are sent between polls. A weight becomes STABLE only after
``stable_reads`` equal device-declared stable readings (devices.md §2.6). Power follows the link *and* the
replies: a pulled RS-232 cable leaves the port open, so ``missed_replies_offline`` unanswered requests in a row
mark the scale OFFLINE until it answers again. Protocols plug in as codecs (:mod:`drivers.scale.protocol`).
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass

from drivers.base import (
    DeviceInfo,
    DeviceState,
    ErrorLocus,
    ErrorOccurred,
    HealthLevel,
    HealthResult,
    PowerState,
)
from drivers.contracts import Scale, WeightChanged, WeightStatus
from drivers.scale.protocol import BadFrame, Command, CommandReply, Reading, ScaleProtocol
from drivers.scale.settings import MtSicsSettings, PolledScaleSettings, Toledo8217Settings
from drivers.scale.sics import MtSicsProtocol
from drivers.scale.toledo import Toledo8217Protocol
from drivers.serial_worker import Backoff, LinkCallbacks, PortSettings, SerialWorker

HEALTH_WAIT_S = 3.0
_POLL = "weigh"
"""What ``_waiting`` holds while a weight reply is due (a poll, or the next line of a streaming scale)."""


@dataclass(frozen=True, slots=True)
class _Request:
    command: Command
    output_id: str
    tare_g: int | None = None
    done: Future[CommandReply] | None = None  # a health check waits on this; lane requests do not


class SerialScale(Scale):
    """Base of the protocol drivers below; subclasses only say which codec to use."""

    def __init__(self, name: str, settings: PolledScaleSettings) -> None:
        super().__init__(name)
        self.settings = settings
        self.port = settings.port
        self._protocol = self._new_protocol()
        self._requests: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        self._worker: SerialWorker | None = None
        self._weight: WeightChanged | None = None
        self._last_reply_at = 0.0
        self._last_error = "not connected yet"
        self._first_answer = threading.Event()  # set once power is known (answered, or gone)
        self._reset_conversation()

    def _new_protocol(self) -> ScaleProtocol:
        raise NotImplementedError

    def _reset_conversation(self) -> None:
        self._waiting: _Request | str | None = None  # the request whose reply is due, or _POLL
        self._sent_at = 0.0
        self._next_poll_at = 0.0
        self._missed = 0
        self._candidate: Reading | None = None
        self._equal_reads = 0

    # -- lifecycle hooks -----------------------------------------------------------------------------
    def _on_claim(self, timeout_s: float) -> None:
        s = self.settings
        port = PortSettings(s.port, s.baudrate, s.bytesize, s.parity, s.stopbits, read_timeout_s=0.02)
        self._first_answer.clear()
        callbacks = LinkCallbacks(up=self._link_up, down=self._link_down, data=self._data, idle=self._tick)
        self._worker = SerialWorker(self.name, port, Backoff(s.reconnect_min_s, s.reconnect_max_s), callbacks)
        self._worker.start()
        started = time.monotonic()
        self._worker.wait_first_attempt(timeout_s)
        remaining = timeout_s - (time.monotonic() - started)
        self._first_answer.wait(max(0.0, min(remaining, s.reply_timeout_s * 1.5)))

    def _on_release(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        self._fail_queued("released before it was sent")

    # -- contract --------------------------------------------------------------------------------------
    @property
    def weight(self) -> WeightChanged | None:
        return self._weight

    @property
    def capacity_g(self) -> int:
        return self.settings.capacity_g

    def zero(self, output_id: str | None = None) -> str:
        return self._submit(Command.ZERO, output_id)

    def tare(self, grams: int | None = None, output_id: str | None = None) -> str:
        return self._submit(Command.TARE, output_id, grams)

    def clear_tare(self, output_id: str | None = None) -> str:
        return self._submit(Command.CLEAR_TARE, output_id)

    def _submit(
        self,
        command: Command,
        output_id: str | None,
        tare_g: int | None = None,
        done: Future[CommandReply] | None = None,
    ) -> str:
        if tare_g is not None:
            self._protocol.command(command, tare_g)  # refuse an impossible preset now, on the caller's thread
        request_id = self._accept_request(output_id)
        self._requests.put(_Request(command, request_id, tare_g, done))
        return request_id

    # -- worker callbacks (worker thread) ------------------------------------------------------------
    def _link_up(self) -> None:
        self._protocol.reset()
        self._reset_conversation()
        self._tick()

    def _link_down(self, reason: str) -> None:
        self._last_error = reason
        self._count("communication_errors")
        self._abandon_waiting(f"link lost: {reason}")
        self._mark_unavailable(reason)
        self._first_answer.set()

    def _data(self, data: bytes) -> None:
        self._log.debug("%s RX %s", self.name, data.hex(" "), extra={"device": self.name})
        for frame in self._protocol.feed(data, self._answering()):
            if isinstance(frame, BadFrame):
                self._bad_frame(frame.detail)
            elif isinstance(frame, CommandReply):
                request = self._waiting
                if not isinstance(request, _Request):
                    self._bad_frame(f"reply to {frame.command} that was not asked for")
                    continue
                self._answered()
                self._finish(request, frame)  # the weight it left behind arrives with the next poll
            else:
                self._answered()
                self._reading(frame)
        self._tick()

    def _answering(self) -> Command | None:
        waiting = self._waiting
        return waiting.command if isinstance(waiting, _Request) else None

    def _bad_frame(self, detail: str) -> None:
        self._count("garbage_frames")
        self._log.info("%s: bad frame: %s", self.name, detail, extra={"device": self.name})
        self._emit(
            ErrorOccurred(device=self.name, locus=ErrorLocus.INPUT_DATA, code="garbage_frame", detail=detail)
        )

    def _tick(self) -> None:
        """Time out a missing reply, then send what is due: a queued request first, else the next poll.

        A streaming scale (``SIR``) is always "waiting" for its next line; a request interrupts the stream
        (any command stops ``SIR``) and the stream is asked for again once the request is answered.
        """
        now = time.monotonic()
        if self._waiting is not None and now - self._sent_at > self.settings.reply_timeout_s:
            self._missed_reply()
        streaming = self._protocol.streaming
        if self._waiting is None or (streaming and self._waiting is _POLL):
            try:
                request: _Request | None = self._requests.get_nowait()
            except queue.Empty:
                request = None
            if request is not None:
                self._send(self._protocol.command(request.command, request.tare_g), request)
                return
        if self._waiting is None and (streaming or now >= self._next_poll_at):
            self._send(self._protocol.weigh(), None)

    def _send(self, data: bytes, waiting: _Request | None) -> None:
        if self._write(data):
            self._waiting = waiting if waiting is not None else _POLL
            self._sent_at = time.monotonic()
        elif waiting is not None:
            self._finish(waiting, CommandReply(waiting.command, False, "not_sent", "link down"))

    def _write(self, data: bytes) -> bool:
        """Queue ``data`` on the worker (written before its next read); False when the link is down. A write
        that fails later surfaces as a lost link, which abandons the request."""
        worker = self._worker
        if worker is None or not worker.is_open:
            return False
        self._log.debug("%s TX %s", self.name, data.hex(" "), extra={"device": self.name})
        worker.send(data)
        return True

    def _answered(self) -> None:
        """Any good frame proves the scale is there: back ONLINE if silence had marked it OFFLINE."""
        now = self._last_reply_at = time.monotonic()
        self._missed = 0
        if self._waiting is _POLL:
            if self._protocol.streaming:
                self._sent_at = now  # the next streamed line is due within the reply timeout
            else:
                self._waiting = None
        self._next_poll_at = now + self.settings.poll_interval_s
        if self.power is not PowerState.ONLINE:
            if self.power is PowerState.OFFLINE:
                self._count("reconnects")
            self._mark_available()
        self._first_answer.set()

    def _missed_reply(self) -> None:
        self._protocol.reset()
        self._missed += 1
        self._abandon_waiting("no reply within the timeout")
        if self._missed >= self.settings.missed_replies_offline:
            self._last_error = f"no reply to {self._missed} requests in a row"
            if self.power is not PowerState.OFFLINE:
                self._count("communication_errors")
            self._mark_unavailable(self._last_error)
            self._first_answer.set()

    def _abandon_waiting(self, why: str) -> None:
        waiting, self._waiting = self._waiting, None
        if isinstance(waiting, _Request):
            self._finish(waiting, CommandReply(waiting.command, False, "no_reply", why))
        if why.startswith("link lost"):
            self._fail_queued(why)

    def _fail_queued(self, why: str) -> None:
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            self._finish(request, CommandReply(request.command, False, "not_sent", why))

    def _finish(self, request: _Request, reply: CommandReply) -> None:
        if self._waiting is request:
            self._waiting = None
        if request.done is not None:
            request.done.set_result(reply)
        if reply.ok:
            self._complete_request(request.output_id)
        else:
            self._fail_request(request.output_id, reply.code, reply.detail)

    def _reading(self, reading: Reading) -> None:
        """Apply the §2.6 settle rule, count, and push a WeightChanged when anything differs."""
        if reading.status is WeightStatus.STABLE:
            same = self._candidate == reading
            self._candidate = reading
            self._equal_reads = self._equal_reads + 1 if same else 1
            settled = self._equal_reads >= self.settings.stable_reads
            if not settled and self._weight is None:
                return  # nothing said yet: say nothing until the first weight is confirmed
            status = WeightStatus.STABLE if settled else WeightStatus.MOTION
        else:
            self._candidate, self._equal_reads = None, 0
            status = reading.status
            self._count("unstable_reads" if status is WeightStatus.MOTION else "invalid_reads")
        grams = reading.grams
        if grams is not None and grams > self.settings.capacity_g:
            status, grams = WeightStatus.OVER_CAPACITY, None
        event = WeightChanged(device=self.name, status=status, grams=grams, net=reading.net)
        last = self._weight
        if last is not None and (last.status, last.grams, last.net) == (event.status, event.grams, event.net):
            return
        self._weight = event
        if event.stable:
            self._count("good_weight_reads")
        if self.enabled:
            self._emit(event)

    # -- diagnostics ---------------------------------------------------------------------------------
    def check_health(self, level: HealthLevel) -> HealthResult:
        """INTERNAL: the scale answered within the last few polls. EXTERNAL: a zero request is sent and must
        be answered (refused is fine: the scale spoke). INTERACTIVE: also says what it weighs now, for the
        technician to compare with a test weight. Waits at most ``HEALTH_WAIT_S`` (technician's thread)."""
        label = level.name.capitalize()
        if self.state is DeviceState.CLOSED or not self.enabled:
            return HealthResult(False, level, f"{label} HCheck: Failed (device is not started)")
        fresh = time.monotonic() - self._last_reply_at < max(2.0, 3 * self.settings.reply_timeout_s)
        ok = self.power is PowerState.ONLINE and fresh
        if not ok:
            return HealthResult(False, level, f"{label} HCheck: Failed (offline: {self._last_error})")
        if level is HealthLevel.INTERNAL:
            return HealthResult(True, level, f"Internal HCheck: Successful (port {self.port}, answering)")
        done: Future[CommandReply] = Future()
        self._submit(Command.ZERO, None, done=done)
        try:
            reply = done.result(HEALTH_WAIT_S)
        except TimeoutError:
            return HealthResult(False, level, f"{label} HCheck: Failed (zero request not answered)")
        if reply.code in ("no_reply", "not_sent"):
            return HealthResult(False, level, f"{label} HCheck: Failed ({reply.detail})")
        text = f"{label} HCheck: Successful (zero {'done' if reply.ok else 'refused: ' + reply.detail})"
        weight = self._weight
        if level is HealthLevel.INTERACTIVE and weight is not None:
            text += f"; place a test weight: reads {weight.grams} g {weight.status}"
        return HealthResult(True, level, text)

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(
            category=self.category,
            manufacturer=self.settings.manufacturer,
            model=self.settings.model,
            port=self.port,
        )


class Toledo8217Scale(SerialScale):
    """Mettler Toledo 8217 protocol (also CAS/Magellan scales in 8217 mode): ``driver = "toledo_8217"``."""

    settings: Toledo8217Settings

    def __init__(self, name: str, settings: Toledo8217Settings) -> None:
        super().__init__(name, settings)

    def _new_protocol(self) -> ScaleProtocol:
        return Toledo8217Protocol(self.settings.unit, self.settings.status_bits)


class MtSicsScale(SerialScale):
    """Mettler Toledo MT-SICS (IND indicators, POS scales): ``driver = "mt_sics"``."""

    settings: MtSicsSettings

    def __init__(self, name: str, settings: MtSicsSettings) -> None:
        super().__init__(name, settings)

    def _new_protocol(self) -> ScaleProtocol:
        return MtSicsProtocol(self.settings.weigh_command)
