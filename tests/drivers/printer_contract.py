"""The ``ReceiptPrinter`` contract suite, run against the fake and the simulator-backed ESC/POS driver.

A harness owns one printer plus whatever plays the world for it. Subclass :class:`PrinterContract` in a
``test_*.py`` module and provide a ``harness`` fixture.
"""

from __future__ import annotations

import logging
from typing import Protocol

import pytest

from drivers.base import (
    DeviceCategory,
    DeviceState,
    DeviceUnavailable,
    DeviceUsageError,
    ErrorCode,
    ErrorLocus,
    ErrorOccurred,
    HealthLevel,
    OutputCompleted,
    PowerState,
)
from drivers.contracts import (
    Align,
    PaperLevel,
    PrinterStatusChanged,
    ReceiptCode,
    ReceiptDocument,
    ReceiptPrinter,
    TextLine,
)
from tests.drivers.recorder import EventRecorder, wait_until

QR = "t=20260115T1015&s=1234.50&fn=9999078900001234&i=57&fp=1234567890&n=1"
RECEIPT = ReceiptDocument(
    (
        TextLine("ПРОДУКТЫ 24", Align.CENTER, bold=True, double=True),
        TextLine("Молоко 3,2% 1 л            89.90"),
        TextLine("ИТОГО                      89.90", bold=True),
        ReceiptCode("qr", QR),
    )
)


class PrinterHarness(Protocol):
    @property
    def device(self) -> ReceiptPrinter: ...

    @property
    def events(self) -> EventRecorder: ...

    def start(self) -> None:
        """``device.start()`` and wait until the printer answered (ONLINE)."""

    def printed(self) -> list[str]:
        """The text lines of everything that came out of the printer, in order."""
        ...

    def set_paper(self, level: PaperLevel) -> None: ...

    def set_cover_open(self, is_open: bool) -> None: ...

    def hold(self) -> None:
        """The next job stops part-way (the roll runs out) until :meth:`release_hold`."""

    def release_hold(self) -> None: ...

    def mute(self, muted: bool) -> None:
        """The printer stops answering status requests (a one-way link, a printer behind a spooler)."""

    def unplug(self) -> None: ...

    def replug(self) -> None: ...


def messages(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if text in r.getMessage()]


class PrinterContract:
    def test_lifecycle_and_identity(self, harness: PrinterHarness) -> None:
        device = harness.device
        assert (device.state, device.power) == (DeviceState.CLOSED, PowerState.UNKNOWN)
        with pytest.raises(DeviceUsageError):
            device.claim()
        device.open()
        with pytest.raises(DeviceUsageError):
            device.enable()
        harness.start()
        assert (device.state, device.power) == (DeviceState.IDLE, PowerState.ONLINE)
        assert device.device_info().category is DeviceCategory.RECEIPT_PRINTER
        device.close()
        assert (device.state, device.claimed, device.enabled) == (DeviceState.CLOSED, False, False)

    def test_receipt_completes_with_its_id_and_comes_out_as_text(self, harness: PrinterHarness) -> None:
        harness.start()
        harness.device.print_receipt("sale-1/receipt", RECEIPT)
        harness.events.wait_for(OutputCompleted, lambda e: e.output_id == "sale-1/receipt")
        printed = harness.printed()
        assert "ПРОДУКТЫ 24" in printed and "ИТОГО                      89.90" in printed
        assert f"[QR {QR}]" in printed
        counters = harness.device.statistics().counters
        assert counters["jobs_printed"] == 1 and counters["paper_cuts"] == 1
        assert counters["receipt_lines_printed"] >= 3
        upos = harness.device.statistics().as_upos()  # UnifiedPOS retrieveStatistics names
        assert upos["DeviceCategory"] == "POSPrinter" and upos["PaperCutCount"] == 1
        assert upos["ReceiptLinePrintedCount"] == counters["receipt_lines_printed"]
        assert upos["ReceiptCharacterPrintedCount"] == counters["receipt_characters_printed"] > 0
        assert {
            "PrinterFaultCount",
            "ReceiptCoverOpenCount",
            "CommunicationErrorCount",
            "M_jobs_printed",
        } <= set(upos)

    @pytest.mark.expect_warnings("error: paper_out")
    def test_completion_waits_for_the_printer_not_the_write(self, harness: PrinterHarness) -> None:
        """The roll runs out part-way: the job is written but not confirmed, so it is not complete."""
        harness.start()
        harness.hold()
        harness.device.print_receipt("held", RECEIPT)
        error = harness.events.wait_for(ErrorOccurred, lambda e: e.locus is ErrorLocus.OUTPUT)
        assert (error.code, error.output_id, error.extended) == ("paper_out", None, 203)  # EPTR_REC_EMPTY
        assert harness.device.state is DeviceState.ERROR
        assert not harness.events.of(OutputCompleted)
        harness.release_hold()
        harness.events.wait_for(OutputCompleted, lambda e: e.output_id == "held")
        wait_until(lambda: harness.device.state is DeviceState.IDLE, "the fault cleared")
        counters = harness.device.statistics().counters
        assert counters["printer_faults"] == 1 and counters["jobs_printed"] == 1

    @pytest.mark.expect_warnings("error: cover_open", "error: paper_out")
    @pytest.mark.parametrize("fault", ["cover_open", "paper_out"])
    def test_job_refused_while_not_ready(self, harness: PrinterHarness, fault: str) -> None:
        harness.start()
        if fault == "cover_open":
            harness.set_cover_open(True)
        else:
            harness.set_paper(PaperLevel.EMPTY)
        harness.events.wait_for(PrinterStatusChanged, lambda e: not e.status.can_print)
        harness.device.print_receipt("refused", RECEIPT)
        failed = harness.events.wait_for(ErrorOccurred, lambda e: e.output_id == "refused")
        assert (failed.code, failed.locus, failed.error) == (fault, ErrorLocus.OUTPUT, ErrorCode.EXTENDED)
        assert not harness.printed()
        assert not harness.device.check_health(HealthLevel.EXTERNAL).ok

    @pytest.mark.expect_warnings("error: cover_open")
    def test_status_changes_are_reported(self, harness: PrinterHarness) -> None:
        harness.start()
        assert harness.device.printer_status.can_print
        harness.set_paper(PaperLevel.NEAR_END)
        harness.events.wait_for(PrinterStatusChanged, lambda e: e.status.paper is PaperLevel.NEAR_END)
        assert harness.device.printer_status.can_print  # near end still prints
        assert harness.device.state is DeviceState.IDLE
        harness.set_cover_open(True)
        harness.events.wait_for(PrinterStatusChanged, lambda e: e.status.cover_open is True)
        assert harness.device.state is DeviceState.ERROR
        harness.set_cover_open(False)
        harness.events.wait_for(PrinterStatusChanged, lambda e: e.status.cover_open is False, n=2)
        wait_until(lambda: harness.device.state is DeviceState.IDLE, "the cover fault cleared")
        assert harness.device.statistics().counters["receipt_cover_opens"] == 1

    @pytest.mark.expect_warnings("unavailable")
    def test_silence_is_unknown_never_ok(self, harness: PrinterHarness) -> None:
        harness.start()
        harness.mute(True)
        wait_until(lambda: harness.device.power is PowerState.OFFLINE, "the silence was noticed")
        status = harness.device.refresh_status()
        assert (status.known, status.paper, status.can_print) == (False, PaperLevel.UNKNOWN, False)
        assert not harness.device.printer_status.known
        health = harness.device.check_health(HealthLevel.INTERNAL)
        assert not health.ok and "Failed" in health.text

    @pytest.mark.expect_warnings("unavailable")
    def test_unplug_and_replug(self, harness: PrinterHarness, caplog: pytest.LogCaptureFixture) -> None:
        harness.start()
        harness.unplug()
        wait_until(lambda: harness.device.power is PowerState.OFFLINE, "the unplug was noticed")
        for level in HealthLevel:
            assert not harness.device.check_health(level).ok, level
        with pytest.raises(DeviceUnavailable):
            harness.device.print_receipt("while-unplugged", RECEIPT)
        harness.replug()
        harness.events.wait_power(PowerState.ONLINE, n=2)  # WAIT_S = 5 s: back within the promised 5 s
        assert len(messages(caplog, "unavailable")) == 1
        assert len(messages(caplog, "back online")) == 1
        counters = harness.device.statistics().counters
        assert counters["reconnects"] == 1 and counters["communication_errors"] >= 1
        harness.device.print_receipt("after-replug", RECEIPT)
        harness.events.wait_for(OutputCompleted, lambda e: e.output_id == "after-replug")

    def test_health_levels(self, harness: PrinterHarness) -> None:
        harness.start()
        internal = harness.device.check_health(HealthLevel.INTERNAL)
        assert internal.ok and internal.text.startswith("Internal HCheck: Successful")
        external = harness.device.check_health(HealthLevel.EXTERNAL)
        assert external.ok, external.text
        assert "TEST / ТЕСТ" in harness.printed()

    def test_print_requires_enable(self, harness: PrinterHarness) -> None:
        harness.start()
        harness.device.disable()
        with pytest.raises(DeviceUsageError):
            harness.device.print_receipt("disabled", RECEIPT)
