"""An in-process receipt printer for tests and headless runs: no port, no thread, the real driver's events.

It records what it was asked (``calls``) and what came out (``printed``), and lets the test act as the world:
paper level, cover, ``hold`` (the mechanism stops mid-job until ``release_hold``, as when the roll runs out),
``mute`` (no status answers), ``unplug``/``replug``. Events are emitted synchronously on the calling thread.
"""

from __future__ import annotations

import dataclasses

from drivers.base import (
    DeviceCategory,
    DeviceInfo,
    DeviceState,
    DeviceUnavailable,
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
from drivers.printer.faults import UNKNOWN, fault_of
from drivers.printer.render import health_ticket
from drivers.printer.settings import FakePrinterSettings

_READY = PrinterStatus(paper=PaperLevel.OK, cover_open=False, online=True)


class FakeReceiptPrinter(ReceiptPrinter):
    """``printed`` holds (job id, text lines) of every job the "printer" confirmed, in order."""

    settings_model = FakePrinterSettings

    def __init__(self, name: str, settings: FakePrinterSettings | None = None) -> None:
        super().__init__(name)
        self.calls: list[str] = []
        self.printed: list[tuple[str, tuple[str, ...]]] = []
        self._plugged = (settings or FakePrinterSettings()).present
        self._muted = False
        self._held = False
        self._attached = False
        self._waiting: list[tuple[str, tuple[str, ...], int]] = []
        self._sensors = _READY
        self._status = UNKNOWN

    # -- lifecycle hooks -----------------------------------------------------------------------------
    def _on_claim(self, timeout_s: float) -> None:
        self.calls.append("claim")
        self._attached = True
        self._refresh()

    def _on_release(self) -> None:
        self.calls.append("release")
        self._attached = False

    # -- the world -----------------------------------------------------------------------------------
    def set_paper(self, level: PaperLevel) -> None:
        self._sense(paper=level)

    def set_cover_open(self, is_open: bool) -> None:
        self._sense(cover_open=is_open)

    def hold(self) -> None:
        """The next jobs stop part-way (the roll ran out) until :meth:`release_hold`."""
        self._held = True

    def release_hold(self) -> None:
        self._held = False
        self._sense(paper=PaperLevel.OK)
        waiting, self._waiting = self._waiting, []
        for job in waiting:
            self._confirm(*job)

    def mute(self, muted: bool) -> None:
        self._muted = muted
        self._refresh()

    def unplug(self) -> None:
        self._plugged = False
        self._refresh()

    def replug(self) -> None:
        self._plugged = True
        self._refresh()

    def _sense(self, **changes: object) -> None:
        sensors = dataclasses.replace(self._sensors, **changes)  # type: ignore[arg-type]
        self._sensors = dataclasses.replace(
            sensors, online=not sensors.cover_open and sensors.paper is not PaperLevel.EMPTY
        )
        self._refresh()

    def _refresh(self) -> None:
        """What a status poll of the real driver would conclude, at once."""
        if not self._attached:
            return
        if not self._plugged or self._muted:
            if self.power is not PowerState.OFFLINE:
                self._count("communication_errors")
            self._mark_unavailable(
                "fake printer unplugged" if not self._plugged else "fake printer is silent"
            )
            self._set_status(UNKNOWN)
            return
        if self.power is PowerState.OFFLINE:
            self._count("reconnects")
        self._mark_available()
        self._set_status(self._sensors)

    def _set_status(self, status: PrinterStatus) -> None:
        before, self._status = self._status, status
        if status.known:
            fault = fault_of(status, None)
            if fault is None:
                self._leave_error()
            elif self.last_error is None or self.last_error.code != fault[0]:
                self._count("printer_faults")
                self._enter_error(ErrorLocus.OUTPUT, *fault)
        if status.cover_open and not before.cover_open:
            self._count("receipt_cover_opens")
        if status != before:
            self._emit(PrinterStatusChanged(device=self.name, status=status))

    # -- contract --------------------------------------------------------------------------------------
    @property
    def printer_status(self) -> PrinterStatus:
        return self._status

    def refresh_status(self, timeout_s: float = 3.0) -> PrinterStatus:
        self.calls.append("refresh_status")
        return self._status

    def print_job(self, job_id: str, data: bytes) -> str:
        self.calls.append(f"print_job({job_id})")
        return self._run(job_id, tuple(data.decode("latin-1").splitlines()), data.count(b"\x1dV"))

    def print_receipt(self, job_id: str, document: ReceiptDocument) -> str:
        self.calls.append(f"print_receipt({job_id})")
        lines = tuple(
            b.text if isinstance(b, TextLine) else f"[{b.kind.upper()} {b.data}]" for b in document.blocks
        )
        return self._run(job_id, lines, int(document.cut))

    def _run(self, job_id: str, lines: tuple[str, ...], cuts: int) -> str:
        if self.power is PowerState.OFFLINE:
            self._require_enabled()
            raise DeviceUnavailable(f"{self.name}: fake printer unreachable")
        self._accept_request(job_id)
        fault = fault_of(self._status, None)
        if fault is not None:
            self._count("jobs_failed")
            self._fail_request(job_id, *fault)
        elif self._held:
            self._waiting.append((job_id, lines, cuts))
            self._sense(paper=PaperLevel.EMPTY)
        else:
            self._confirm(job_id, lines, cuts)
        return job_id

    def _confirm(self, job_id: str, lines: tuple[str, ...], cuts: int) -> None:
        self.printed.append((job_id, lines))
        for counter, by in (("jobs_printed", 1), ("receipt_lines_printed", len(lines)), ("paper_cuts", cuts)):
            self._count(counter, by)
        self._count("receipt_characters_printed", sum(map(len, lines)))
        self._complete_request(job_id)

    def check_health(self, level: HealthLevel) -> HealthResult:
        self.calls.append(f"check_health({level.name})")
        label = level.name.capitalize()
        if self.state is DeviceState.CLOSED:
            return HealthResult(False, level, f"{label} HCheck: Failed (device is closed)")
        ok = self._status.known if level is HealthLevel.INTERNAL else self._status.can_print
        if ok and level is not HealthLevel.INTERNAL:
            ticket = health_ticket(self.name, "fake:")
            self.printed.append(
                (f"{self.name}-health", tuple(b.text for b in ticket.blocks if isinstance(b, TextLine)))
            )
        return HealthResult(ok, level, f"{label} HCheck: {'Successful' if ok else 'Failed'} (fake printer)")

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(DeviceCategory.RECEIPT_PRINTER, "fake", "FakeReceiptPrinter", port="fake:")
