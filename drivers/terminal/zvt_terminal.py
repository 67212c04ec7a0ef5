"""Driver for a card payment terminal speaking ZVT over TCP, in the ECR role (payments.md §2–§9).

One worker thread owns the connection: it connects, registers (06 00), runs one operation at a time and
reconnects with a capped back-off. Operations never wait in a queue: while the terminal is offline or busy
they are refused at once (``DeviceUnavailable``), because a purchase that goes out minutes later, after the
shopper has left, is worse than none. An operation whose final answer never came ends UNKNOWN and the link is
re-established (re-registering) before anything else is sent; a purchase is never resent.

Logs name commands and sizes only, never payloads, and results carry at most BIN + last four (PCI DSS).
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from drivers.base import DeviceInfo, DeviceState, DeviceUnavailable, HealthLevel, HealthResult, PowerState
from drivers.contracts import PaymentTerminal, TerminalPrintLine, TerminalResult, TerminalStatus
from drivers.payment import TerminalOperation, TerminalOutcome
from drivers.serial_worker import Backoff
from drivers.terminal import zvt_dialog, zvt_results
from drivers.terminal import zvt_messages as m
from drivers.terminal.settings import ZvtTerminalSettings, parse_address
from drivers.terminal.zvt_dialog import Link, LinkLost, Timing
from drivers.terminal.zvt_tables import TERMINAL_READY, currency_number, result_text, status_text

POLL_S = 0.05
"""How often the idle worker looks for new work, a closed link or a stop request."""

_COUNTERS = {
    TerminalOutcome.APPROVED: "approved",
    TerminalOutcome.DECLINED: "declined",
    TerminalOutcome.ABORTED: "aborted",
    TerminalOutcome.FAILED: "failed",
    TerminalOutcome.UNKNOWN: "unknown",
}
_CARD_OPERATIONS = frozenset(
    {TerminalOperation.AUTHORIZE, TerminalOperation.REFUND, TerminalOperation.REVERSE}
)


class RegistrationRefused(Exception):
    """The terminal answered the registration with 06 1E or 84 xx (wrong currency, wrong password …)."""


class _Resync(Exception):
    """The dialog ended without a final answer: drop the link and register afresh before anything else."""


@dataclass(frozen=True, slots=True)
class _Job:
    attempt_id: str
    operation: TerminalOperation
    command: bytes
    reply: Future[TerminalResult] | None = None  # health checks wait on it; their results are not emitted


class ZvtTerminal(PaymentTerminal):
    """A ZVT terminal on ``socket://host:port``. Counters: approved/declined/aborted/failed/unknown count
    card operations by outcome; ``communication_errors`` failed connects and lost links; ``reconnects``."""

    settings_model = ZvtTerminalSettings

    def __init__(self, name: str, settings: ZvtTerminalSettings) -> None:
        super().__init__(name)
        self.settings = settings
        self._host, self._tcp_port = parse_address(settings.port)
        self._currency = currency_number(settings.currency)
        self._timing = Timing(settings.ack_timeout_s, settings.result_timeout_s, settings.abort_grace_s)
        self._backoff = Backoff(settings.reconnect_min_s, settings.reconnect_max_s)
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._current: _Job | None = None
        self._job_lock = threading.Lock()
        self._abort_for: str | None = None
        self._ready = threading.Event()
        self._first_attempt = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last: tuple[int | None, int | None] = (None, None)  # receipt, trace of the newest booking
        self._software = ""
        self._terminal_id = ""
        self._last_error = "not connected yet"

    # -- lifecycle -----------------------------------------------------------------------------------
    def _on_claim(self, timeout_s: float) -> None:
        """Start the worker and wait for the first connect + registration; never raises when absent."""
        self._stop.clear()
        self._first_attempt.clear()
        self._thread = threading.Thread(target=self._run, name=f"device-{self.name}", daemon=True)
        self._thread.start()
        self._first_attempt.wait(timeout_s)

    def _on_release(self) -> None:
        self._stop.set()
        self._jobs.put(None)
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None

    # -- operations (any thread) ---------------------------------------------------------------------
    def authorize(self, attempt_id: str, amount_minor: int, currency: str) -> None:
        command = m.authorisation(_positive(amount_minor), currency_number(currency))
        self._submit(_Job(attempt_id, TerminalOperation.AUTHORIZE, command))

    def refund(self, attempt_id: str, amount_minor: int, currency: str) -> None:
        command = m.refund(self.settings.password, _positive(amount_minor), currency_number(currency))
        self._submit(_Job(attempt_id, TerminalOperation.REFUND, command))

    def reverse(self, attempt_id: str, receipt_number: str) -> None:
        command = m.reversal(self.settings.password, int(receipt_number))
        self._submit(_Job(attempt_id, TerminalOperation.REVERSE, command))

    def repeat_receipt(self, attempt_id: str) -> None:
        command = m.repeat_receipt(self.settings.password)
        self._submit(_Job(attempt_id, TerminalOperation.REPEAT_RECEIPT, command))

    def end_of_day(self, attempt_id: str) -> None:
        self._submit(_Job(attempt_id, TerminalOperation.END_OF_DAY, m.end_of_day(self.settings.password)))

    def status_enquiry(self, attempt_id: str) -> None:
        command = m.status_enquiry(self.settings.password)
        self._submit(_Job(attempt_id, TerminalOperation.STATUS_ENQUIRY, command))

    def abort(self, attempt_id: str) -> None:
        """Ask for 06 B0 if ``attempt_id`` is running and no result exists yet; the final answer decides."""
        with self._job_lock:
            if self._current is not None and self._current.attempt_id == attempt_id:
                self._abort_for = attempt_id

    @property
    def ready(self) -> bool:
        """Connected, registered and not running an operation: the next one would be accepted."""
        return self._ready.is_set() and self._current is None

    def _submit(self, job: _Job) -> None:
        self._require_enabled()
        if not self._ready.is_set():
            raise DeviceUnavailable(f"{self.name}: terminal not connected ({self._last_error})")
        with self._job_lock:
            if self._current is not None:
                running = self._current
                raise DeviceUnavailable(f"{self.name}: busy with {running.operation} {running.attempt_id}")
            self._accept_request(job.attempt_id)
            self._current = job
            self._abort_for = None
        self._jobs.put(job)

    # -- worker thread ---------------------------------------------------------------------------------
    def _run(self) -> None:
        delay: float | None = None
        while not self._stop.is_set():
            try:
                link = self._connect()
            except (OSError, LinkLost, RegistrationRefused) as exc:
                self._link_down(str(exc) or type(exc).__name__)
                self._first_attempt.set()
                delay = self._backoff.after(delay)
                self._stop.wait(delay)
                continue
            delay = None
            self._link_up()
            self._first_attempt.set()
            try:
                self._serve(link)
            except LinkLost as exc:
                self._link_down(f"link lost: {exc}")
                self._stop.wait(self._backoff.after(None))
            except _Resync:
                self._log.info("%s: reconnecting to resynchronise", self.name, extra={"device": self.name})
            finally:
                self._ready.clear()
                link.close()
        self._fail_pending("the driver was stopped")

    def _connect(self) -> Link:
        link = Link.connect(self._host, self._tcp_port, self.settings.connect_timeout_s, self.name)
        try:
            dialog = self._register(link)
        except BaseException:
            link.close()
            raise
        if not dialog.finished or dialog.completion is None:
            link.close()
            code = dialog.refused if dialog.refused is not None else dialog.aborted
            reason = dialog.unfinished or result_text(code if code is not None else 0xFF)
            raise RegistrationRefused(f"registration refused: {reason}")
        self._terminal_id = dialog.completion.terminal_id or self._terminal_id
        return link

    def _register(self, link: Link) -> zvt_dialog.Dialog:
        s = self.settings
        timing = Timing(s.ack_timeout_s, s.ack_timeout_s, s.abort_grace_s)
        quiet = zvt_dialog.Observer(lambda status: None, lambda text: None, lambda: False)
        return zvt_dialog.run(link, m.registration(s.password, s.config_byte, self._currency), timing, quiet)

    def _link_up(self) -> None:
        if self.power is PowerState.OFFLINE:
            self._count("reconnects")
        self._mark_available()
        self._ready.set()

    def _link_down(self, reason: str) -> None:
        self._ready.clear()
        self._last_error = reason
        self._count("communication_errors")
        self._mark_unavailable(reason)

    def _serve(self, link: Link) -> None:
        while not self._stop.is_set():
            try:
                job = self._jobs.get(timeout=POLL_S)
            except queue.Empty:
                self._idle(link)
                continue
            if job is None:
                return
            self._execute(link, job)

    def _idle(self, link: Link) -> None:
        """Notice a closed link at once; acknowledge anything the PT sends unasked (it expects 80 00)."""
        apdu = link.receive(0)
        if apdu is not None and apdu.control[0] not in (0x80, 0x84):
            link.send(m.ACK)

    def _execute(self, link: Link, job: _Job) -> None:
        try:
            if job.operation is TerminalOperation.REGISTRATION:
                dialog = self._register(link)
            else:
                observer = self._observer(job)
                enquiry = job.operation is TerminalOperation.STATUS_ENQUIRY
                dialog = zvt_dialog.run(link, job.command, self._timing, observer, status_enquiry=enquiry)
        except LinkLost as exc:  # before the command left: the PT never saw it
            self._finish(
                job, zvt_results.not_sent(self.name, job.attempt_id, job.operation, str(exc), self._last)
            )
            raise
        if dialog.info is not None and dialog.info.result_code == 0 and job.operation in _CARD_OPERATIONS:
            info = dialog.info
            self._last = (info.receipt_no or self._last[0], info.trace_no or self._last[1])
        if dialog.completion is not None and dialog.completion.software_version:
            self._software = dialog.completion.software_version
        self._finish(job, zvt_results.build(self.name, job.attempt_id, job.operation, dialog, self._last))
        if not dialog.finished:
            raise _Resync

    def _observer(self, job: _Job) -> zvt_dialog.Observer:
        def prompt(status: m.IntermediateStatus) -> None:
            self._emit(
                TerminalStatus(
                    device=self.name,
                    attempt_id=job.attempt_id,
                    prompt=zvt_results.prompt_of(status.code),
                    text=status_text(status.code),
                )
            )

        def text(printed: m.PrintText) -> None:
            copy = zvt_results.copy_of(printed, job.operation)
            for line in printed.lines:
                self._emit(
                    TerminalPrintLine(device=self.name, attempt_id=job.attempt_id, copy=copy, text=line)
                )

        return zvt_dialog.Observer(prompt, text, lambda: self._abort_for == job.attempt_id)

    def _finish(self, job: _Job, result: TerminalResult) -> None:
        if job.operation in _CARD_OPERATIONS:
            self._count(_COUNTERS[result.outcome])
        with self._job_lock:
            self._current = None
            self._abort_for = None
        self._log.info(
            "%s: %s %s → %s (%s)", self.name, job.operation, job.attempt_id, result.outcome, result.text,
            extra={"device": self.name},
        )  # fmt: skip
        if job.reply is not None:
            job.reply.set_result(result)
        else:
            self._emit(result)
        self._complete_request(job.attempt_id)

    def _fail_pending(self, reason: str) -> None:
        """On stop: an operation accepted but never started gets a FAILED (not sent) result, not silence."""
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is not None:
                self._finish(
                    job, zvt_results.not_sent(self.name, job.attempt_id, job.operation, reason, self._last)
                )

    # -- diagnostics -----------------------------------------------------------------------------------
    def check_health(self, level: HealthLevel) -> HealthResult:
        """INTERNAL: link up and a status enquiry (05 01) answered "ready". EXTERNAL and INTERACTIVE first
        register again (06 00), which makes the terminal confirm its id and our currency."""
        label = f"{level.name.capitalize()} HCheck"
        if self.state is DeviceState.CLOSED:
            return HealthResult(False, level, f"{label}: Failed (device is closed)")
        if not self._ready.is_set():
            return HealthResult(False, level, f"{label}: Failed (offline: {self._last_error})")
        running = self._current
        if running is not None and running.reply is None:  # never interrupt a payment to check health
            return HealthResult(True, level, f"{label}: Successful (link up; busy with {running.operation})")
        if level is not HealthLevel.INTERNAL:
            registered = self._ask(TerminalOperation.REGISTRATION, b"")
            if isinstance(registered, str) or registered.outcome is not TerminalOutcome.APPROVED:
                why = registered if isinstance(registered, str) else registered.text
                return HealthResult(False, level, f"{label}: Failed (registration: {why})")
        status = self._ask(TerminalOperation.STATUS_ENQUIRY, m.status_enquiry(self.settings.password))
        if isinstance(status, str):
            return HealthResult(False, level, f"{label}: Failed ({status})")
        ready = status.outcome is TerminalOutcome.APPROVED and status.terminal_status == TERMINAL_READY
        text = (
            "terminal ready"
            if ready
            else f"terminal not ready: {status.text} (status {status.terminal_status})"
        )
        if level is not HealthLevel.INTERNAL:
            text += f"; registered again: terminal id {self._terminal_id or '?'}, software {self._software or '?'}"
        return HealthResult(ready, level, f"{label}: {'Successful' if ready else 'Failed'} ({text})")

    def _ask(self, operation: TerminalOperation, command: bytes) -> TerminalResult | str:
        """Run one operation synchronously without emitting its result; a string says why it could not."""
        job = _Job(f"{self.name}-health-{operation}", operation, command, reply=Future())
        try:
            self._submit(job)
        except DeviceUnavailable as exc:
            return str(exc)
        assert job.reply is not None
        try:
            return job.reply.result(self._timing.ack_s + self._timing.abort_grace_s + 1.0)
        except FutureTimeout:
            return f"no answer to the {operation}"

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(
            category=self.category,
            manufacturer=self.settings.manufacturer,
            model=self.settings.model,
            serial_number=self._terminal_id,
            firmware=self._software,
            port=self.settings.port,
        )


def _positive(amount_minor: int) -> int:
    if amount_minor <= 0:
        raise ValueError(f"amount must be positive minor units, got {amount_minor}")
    return amount_minor
