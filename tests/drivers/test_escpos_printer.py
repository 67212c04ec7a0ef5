"""What the ESC/POS driver does beyond the contract: its timeouts, a link lost mid-job, raw jobs, the sample
receipt read back from the simulator's PNG, settings and the USB link."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import zxingcpp
from pydantic import ValidationError

from drivers.base import DeviceState, ErrorCode, ErrorOccurred, HealthLevel, OutputCompleted, PowerState
from drivers.contracts import ReceiptCode
from drivers.printer.link import LinkError, open_link
from drivers.printer.sample import sample_receipt
from drivers.printer.settings import EscPosPrinterSettings
from drivers.registry import DriverRegistry
from simulators.printer import PrinterFaults, ReceiptPrinterSimulator
from tests.drivers.recorder import EventRecorder
from tests.drivers.test_printer_contract import fast_printer

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def sim() -> Iterator[ReceiptPrinterSimulator]:
    with ReceiptPrinterSimulator() as simulator:
        yield simulator


def started(sim: ReceiptPrinterSimulator, **settings: float) -> tuple[object, EventRecorder]:
    printer = fast_printer(sim.url, **settings)
    events = EventRecorder(printer)
    printer.start()
    assert printer.power is PowerState.ONLINE
    return printer, events


def test_sample_receipt_png_reads_back(sim: ReceiptPrinterSimulator) -> None:
    printer, events = started(sim)
    document = sample_receipt()
    printer.print_receipt("sample", document)  # type: ignore[attr-defined]
    events.wait_for(OutputCompleted)
    receipt = sim.receipts[-1]
    qr = next(b.data for b in document.blocks if isinstance(b, ReceiptCode))
    assert qr in [r.text for r in zxingcpp.read_barcodes(receipt.image)]
    assert sum(1 for line in receipt.lines if line[:3].strip().rstrip(".").isdigit()) == 40
    assert "ИТОГО" in receipt.text and "СПАСИБО ЗА ПОКУПКУ!" in receipt.text
    printer.close()  # type: ignore[attr-defined]


def test_raw_job(sim: ReceiptPrinterSimulator) -> None:
    printer, events = started(sim)
    printer.print_job("raw", b"\x1b@hello\n\x1dV\x00")  # type: ignore[attr-defined]
    events.wait_for(OutputCompleted, lambda e: e.output_id == "raw")
    assert sim.receipts[-1].lines == ("hello",)
    assert printer.statistics().counters["paper_cuts"] == 1  # type: ignore[attr-defined]
    printer.close()  # type: ignore[attr-defined]


@pytest.mark.expect_warnings("error: paper_out")
def test_job_never_confirmed_fails_with_timeout(sim: ReceiptPrinterSimulator) -> None:
    printer, events = started(sim, job_timeout_s=0.3)
    sim.set_faults(PrinterFaults(paper_out_after_lines=1))
    printer.print_receipt("stuck", sample_receipt())  # type: ignore[attr-defined]
    failed = events.wait_for(ErrorOccurred, lambda e: e.output_id == "stuck")
    assert (failed.code, failed.error) == ("not_confirmed", ErrorCode.TIMEOUT)
    assert not events.of(OutputCompleted)
    printer.close()  # type: ignore[attr-defined]


@pytest.mark.expect_warnings("unavailable")
def test_link_lost_mid_job(sim: ReceiptPrinterSimulator) -> None:
    printer, events = started(sim)
    sim.set_faults(PrinterFaults(line_delay_s=0.05))
    printer.print_receipt("cut-short", sample_receipt())  # type: ignore[attr-defined]
    assert sim.wait_for_client()
    sim.unplug()
    failed = events.wait_for(ErrorOccurred, lambda e: e.output_id == "cut-short")
    assert failed.code == "link_lost"
    assert printer.state is DeviceState.IDLE  # type: ignore[attr-defined]
    printer.close()  # type: ignore[attr-defined]


@pytest.mark.expect_warnings("unavailable")
def test_silent_printer_refuses_jobs_as_status_unknown(sim: ReceiptPrinterSimulator) -> None:
    printer, events = started(sim)
    sim.set_faults(PrinterFaults(mute=True))
    events.wait_power(PowerState.OFFLINE)
    printer.print_receipt("blind", sample_receipt())  # type: ignore[attr-defined]
    failed = events.wait_for(ErrorOccurred, lambda e: e.output_id == "blind")
    assert failed.code == "status_unknown"
    assert sim.receipts == [] and sim.wait_idle(1) and sim.tear_off() is None  # nothing was sent to print
    assert not printer.check_health(HealthLevel.EXTERNAL).ok  # type: ignore[attr-defined]
    printer.close()  # type: ignore[attr-defined]


def test_interactive_health_prints_the_sample(sim: ReceiptPrinterSimulator) -> None:
    printer, _ = started(sim)
    result = printer.check_health(HealthLevel.INTERACTIVE)  # type: ignore[attr-defined]
    assert result.ok and "scan its QR code" in result.text
    assert "ИТОГО" in sim.receipts[-1].text
    printer.close()  # type: ignore[attr-defined]


def test_settings() -> None:
    assert EscPosPrinterSettings(port="usb://04b8:0202").port == "usb://04b8:0202"
    assert EscPosPrinterSettings(port="socket://10.0.0.5:9100").reconnect_max_s <= 4
    for port in ("usb://epson", "tcp://10.0.0.5:9100"):
        with pytest.raises(ValidationError):
            EscPosPrinterSettings(port=port)
    with pytest.raises(ValidationError):
        EscPosPrinterSettings(port="/dev/ttyUSB0", qr_module=17)
    with pytest.raises(ValueError, match="setting 'codepage'"):
        DriverRegistry.default().create("escpos_printer", "printer", {"port": "/dev/null", "codepage": 866})


def test_usb_link_without_the_device_is_a_link_error() -> None:
    with pytest.raises(LinkError, match="04b8:0202"):
        open_link("usb://04b8:0202", 9600)
