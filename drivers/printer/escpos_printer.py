"""Driver for an ESC/POS receipt printer (Epson TM-T88 and the many printers that copy it) on a serial
port, a USB-COM port, USB (pyusb) or the network (``socket://host:9100``).

One worker thread owns the link and does everything on it in order: it polls real-time status
(``DLE EOT 1–4``) every ``poll_interval_s`` while idle, and runs jobs one at a time. A job is reported
complete only when the printer answers the ``GS r 1`` sent right after the job's bytes — buffered status is
processed in queue order, so that answer means the job's lines are on paper; ``write()`` returning means
nothing. No answer to ``DLE EOT`` within ``status_timeout_s`` is *unknown* (power OFFLINE, "unavailable"
logged once), never OK: a printer switched off behind a serial cable looks exactly like that.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from drivers.base import (
    DeviceCategory,
    DeviceInfo,
    DeviceState,
    DeviceUnavailable,
    DeviceUsageError,
    ErrorCode,
    ErrorLocus,
    HealthLevel,
    HealthResult,
    PowerState,
)
from drivers.contracts import (
    PaperLevel,
    PrinterStatus,
    PrinterStatusChanged,
    ReceiptDocument,
    ReceiptPrinter,
    TextLine,
)
from drivers.printer.faults import UNKNOWN, describe, fault_of, status_of
from drivers.printer.link import Link, LinkError, open_link
from drivers.printer.render import GS_R_PAPER, ReceiptRenderer, RenderSettings, health_ticket
from drivers.printer.sample import sample_receipt
from drivers.printer.settings import EscPosPrinterSettings
from drivers.printer.status import (
    RealTimeFlags,
    Reply,
    ReplyKind,
    ReplyReader,
    decode_automatic,
    decode_real_time,
)
from drivers.serial_worker import Backoff


@dataclass(frozen=True, slots=True)
class Job:
    """One output and what it adds to the statistics once the printer confirmed it."""

    job_id: str
    data: bytes
    lines: int
    characters: int
    cuts: int
    codes: int

    @classmethod
    def raw(cls, job_id: str, data: bytes) -> Job:
        """Pre-rendered bytes: lines and cuts counted from LF and ``GS V``, QR prints from ``GS ( k`` fn 81."""
        return cls(job_id, data, data.count(b"\n"), 0, data.count(b"\x1dV"), data.count(b"1Q0"))


class _Work:
    """Something for the worker thread: ``run(link)`` there, or ``abandon(reason)`` if the link is gone."""

    def __init__(self, run: Callable[[Link], None], abandon: Callable[[str], None]) -> None:
        self.run, self.abandon = run, abandon


class EscPosPrinter(ReceiptPrinter):
    settings_model = EscPosPrinterSettings

    def __init__(self, name: str, settings: EscPosPrinterSettings) -> None:
        super().__init__(name)
        self.settings = settings
        self.port = settings.port
        self.renderer = ReceiptRenderer(
            RenderSettings(profile=settings.profile, codepage=settings.codepage, qr_module=settings.qr_module)
        )
        self._backoff = Backoff(settings.reconnect_min_s, settings.reconnect_max_s)
        self._work: queue.Queue[_Work] = queue.Queue()
        self._stop = threading.Event()
        self._first_attempt = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected = False
        self._status = UNKNOWN
        self._reader = ReplyReader()
        self._inbox: deque[Reply] = deque()
        self._waiters: dict[str, Future[str | None]] = {}
        self._last_error = "not connected yet"

    # -- lifecycle hooks -----------------------------------------------------------------------------
    def _on_claim(self, timeout_s: float) -> None:
        """Start the worker; wait for its first attempt, so power is ONLINE or OFFLINE afterwards."""
        self._stop.clear()
        self._first_attempt.clear()
        self._thread = threading.Thread(target=self._run, name=f"device-{self.name}", daemon=True)
        self._thread.start()
        self._first_attempt.wait(timeout_s)

    def _on_release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None
        self._abandon_all("the printer was released")

    # -- contract --------------------------------------------------------------------------------------
    @property
    def printer_status(self) -> PrinterStatus:
        return self._status

    def print_job(self, job_id: str, data: bytes) -> str:
        return self._submit(Job.raw(job_id, data))

    def print_receipt(self, job_id: str, document: ReceiptDocument) -> str:
        texts = [b.text for b in document.blocks if isinstance(b, TextLine)]
        data = self.renderer.render(document)
        codes = len(document.blocks) - len(texts)
        return self._submit(Job(job_id, data, len(texts), sum(map(len, texts)), int(document.cut), codes))

    def refresh_status(self, timeout_s: float = 3.0) -> PrinterStatus:
        """Ask the printer now (on the worker thread, between jobs); all unknown if it cannot be asked."""
        if not self._connected:
            return UNKNOWN
        future: Future[PrinterStatus] = Future()

        def ask(link: Link) -> None:
            try:
                future.set_result(self._poll(link))
            except LinkError:
                future.set_result(UNKNOWN)
                raise

        self._work.put(_Work(ask, lambda _: future.set_result(UNKNOWN)))
        try:
            return future.result(timeout_s)
        except FutureTimeout:
            return UNKNOWN

    def _submit(self, job: Job) -> str:
        if not self._connected:
            self._require_enabled()
            raise DeviceUnavailable(f"{self.name}: {self._last_error}")
        self._accept_request(job.job_id)
        self._work.put(
            _Work(
                lambda link: self._run_job(link, job),
                lambda why: self._fail(job, "link_lost", why, ErrorCode.OFFLINE),
            )
        )
        return job.job_id

    # -- worker thread: connection -------------------------------------------------------------------
    def _run(self) -> None:
        delay: float | None = None
        while not self._stop.is_set():
            try:
                link = open_link(self.port, self.settings.baudrate)
            except LinkError as exc:
                self._link_down(str(exc))
                delay = self._backoff.after(delay)
                self._stop.wait(delay)
                continue
            delay = None
            try:
                self._session(link)
            except LinkError as exc:
                self._link_down(str(exc))
            finally:
                link.close()
            self._stop.wait(self._backoff.min_s)
        self._first_attempt.set()

    def _session(self, link: Link) -> None:
        self._reader, self._inbox = ReplyReader(), deque()
        self._connected = True
        self._poll(link)
        self._first_attempt.set()
        while not self._stop.is_set():
            try:
                work = self._work.get(timeout=self.settings.poll_interval_s)
            except queue.Empty:
                self._poll(link)
                continue
            work.run(link)

    def _link_down(self, reason: str) -> None:
        self._connected = False
        self._no_answer(reason)
        self._abandon_all(reason)
        self._first_attempt.set()

    def _abandon_all(self, reason: str) -> None:
        while True:
            try:
                self._work.get_nowait().abandon(reason)
            except queue.Empty:
                return

    # -- worker thread: status -----------------------------------------------------------------------
    def _await(self, link: Link, kind: ReplyKind, timeout_s: float) -> int | None:
        """The first reply of ``kind`` within ``timeout_s``; ASB blocks update the status on the way."""
        deadline = time.monotonic() + timeout_s
        while True:
            for reply in list(self._inbox):
                if reply.kind is kind:
                    self._inbox.remove(reply)
                    return reply.data[0]
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            for reply in self._reader.feed(link.read(left)):
                if reply.kind is ReplyKind.AUTOMATIC:
                    flags = decode_automatic(reply.data)
                    self._set_status(status_of(flags), flags)
                else:
                    self._inbox.append(reply)

    def _poll(self, link: Link) -> PrinterStatus:
        """DLE EOT 1, 2, 3, 4, one at a time — never inside another command: called only between jobs or
        after a job's last byte. A stale reply to an earlier, timed-out request is discarded first."""
        self._inbox = deque(r for r in self._inbox if r.kind is not ReplyKind.REAL_TIME)
        replies: dict[int, int] = {}
        for n in (1, 2, 3, 4):
            link.write(bytes([0x10, 0x04, n]))
            byte = self._await(link, ReplyKind.REAL_TIME, self.settings.status_timeout_s)
            if byte is None:
                self._no_answer(
                    f"no status reply within {self.settings.status_timeout_s:g} s (printer off, or a one-way link)"
                )
                return UNKNOWN
            replies[n] = byte
        flags = decode_real_time(replies)
        if self.power is PowerState.OFFLINE:
            self._count("reconnects")
        self._mark_available()
        self._set_status(status_of(flags), flags)
        return self._status

    def _no_answer(self, reason: str) -> None:
        self._last_error = reason
        if self.power is not PowerState.OFFLINE:
            self._count("communication_errors")
        self._mark_unavailable(reason)
        self._set_status(UNKNOWN, None)

    def _set_status(self, status: PrinterStatus, flags: RealTimeFlags | None) -> None:
        before, self._status = self._status, status
        if status.known:
            fault = fault_of(status, flags)
            if fault is None:
                self._leave_error()
            elif self.last_error is None or self.last_error.code != fault[0]:
                self._count("printer_faults")
                self._enter_error(ErrorLocus.OUTPUT, fault[0], fault[1], fault[2], fault[3])
        if status.cover_open and not before.cover_open:
            self._count("receipt_cover_opens")
        if status.paper is PaperLevel.EMPTY and before.paper is not PaperLevel.EMPTY:
            self._count("paper_outs")
        if status != before:
            self._emit(PrinterStatusChanged(device=self.name, status=status))

    # -- worker thread: jobs -------------------------------------------------------------------------
    def _run_job(self, link: Link, job: Job) -> None:
        try:
            status = self._poll(link)
            unknown = ("status_unknown", self._last_error, ErrorCode.OFFLINE, 0)
            fault = fault_of(status, None) if status.known else unknown
            if fault is not None:
                self._fail(job, *fault)
                return
            self._send_and_confirm(link, job)
        except LinkError as exc:
            self._fail(
                job,
                "link_lost",
                f"link lost during the job, it may be partly printed: {exc}",
                ErrorCode.OFFLINE,
            )
            raise

    def _send_and_confirm(self, link: Link, job: Job) -> None:
        self._inbox = deque(r for r in self._inbox if r.kind is not ReplyKind.TRANSMIT)
        link.write(job.data + GS_R_PAPER)
        limit = self.settings.job_timeout_s + len(job.data) * 10 / self.settings.baudrate
        deadline = time.monotonic() + limit
        while self._await(link, ReplyKind.TRANSMIT, self.settings.poll_interval_s) is None:
            if time.monotonic() > deadline:
                self._fail(
                    job,
                    "not_confirmed",
                    f"the printer did not confirm the job within {limit:.0f} s",
                    ErrorCode.TIMEOUT,
                )
                return
            self._poll(link)  # safe now: the job's last byte and GS r are sent; reports paper out, cover …
        for counter, by in (
            ("jobs_printed", 1),
            ("receipt_lines_printed", job.lines),
            ("receipt_characters_printed", job.characters),
            ("paper_cuts", job.cuts),
            ("barcodes_printed", job.codes),
        ):
            self._count(counter, by)
        self._complete_request(job.job_id)
        self._resolve(job.job_id, None)

    def _fail(
        self, job: Job, code: str, detail: str, error: ErrorCode = ErrorCode.FAILURE, extended: int = 0
    ) -> None:
        self._count("jobs_failed")
        self._log.info(
            "%s: job %s failed: %s (%s)", self.name, job.job_id, code, detail, extra={"device": self.name}
        )
        self._fail_request(job.job_id, code, detail, error, extended)
        self._resolve(job.job_id, code)

    def _resolve(self, job_id: str, failure: str | None) -> None:
        future = self._waiters.pop(job_id, None)
        if future is not None:
            future.set_result(failure)

    # -- diagnostics ---------------------------------------------------------------------------------
    def check_health(self, level: HealthLevel) -> HealthResult:
        """INTERNAL asks the status now; EXTERNAL prints a test ticket, INTERACTIVE the sample receipt with
        its fiscal QR (for the technician to read and scan with a phone); both wait for the confirmation."""
        label = level.name.capitalize()
        if self.state is DeviceState.CLOSED:
            return HealthResult(False, level, f"{label} HCheck: Failed (device is closed)")
        status = self.refresh_status(self.settings.status_timeout_s * 4 + 1)
        fault = fault_of(status, None)
        if level is HealthLevel.INTERNAL or not status.known or fault is not None:
            ok = status.known and level is HealthLevel.INTERNAL
            what = describe(status, self._last_error)
            return HealthResult(ok, level, f"{label} HCheck: {'Successful' if ok else 'Failed'} ({what})")
        job_id = f"{self.name}-health-{time.monotonic_ns()}"
        waiter: Future[str | None] = Future()
        self._waiters[job_id] = waiter
        try:
            ticket = (
                sample_receipt() if level is HealthLevel.INTERACTIVE else health_ticket(self.name, self.port)
            )
            self.print_receipt(job_id, ticket)
            failure = waiter.result(self.settings.job_timeout_s + 5)
        except (DeviceUnavailable, DeviceUsageError, FutureTimeout) as exc:
            failure = str(exc) or "no confirmation"
        finally:
            self._waiters.pop(job_id, None)
        if failure is not None:
            return HealthResult(False, level, f"{label} HCheck: Failed (test ticket: {failure})")
        extra = (
            "; check it is legible and cut, and scan its QR code" if level is HealthLevel.INTERACTIVE else ""
        )
        return HealthResult(
            True, level, f"{label} HCheck: Successful (test ticket printed and confirmed{extra})"
        )

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(
            DeviceCategory.RECEIPT_PRINTER, self.settings.manufacturer, self.settings.model, port=self.port
        )
