"""Run the ReceiptPrinter contract against the fake and the ESC/POS driver on the simulator (TCP and pty)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.contracts import PaperLevel
from drivers.printer.escpos_printer import EscPosPrinter
from drivers.printer.fake import FakeReceiptPrinter
from drivers.printer.settings import EscPosPrinterSettings
from simulators.printer import Paper, PrinterFaults, ReceiptPrinterSimulator
from simulators.printer.simulator import Transport
from tests.drivers.printer_contract import PrinterContract, PrinterHarness
from tests.drivers.recorder import EventRecorder

pytestmark = pytest.mark.timeout(60)

SIM_PAPER = {PaperLevel.OK: Paper.OK, PaperLevel.NEAR_END: Paper.NEAR_END, PaperLevel.EMPTY: Paper.OUT}


def fast_printer(port: str, **overrides: float) -> EscPosPrinter:
    """Driver timings for tests: short polls and back-off, so faults and replugs show within a second."""
    timings = {
        "status_timeout_s": 0.2,
        "poll_interval_s": 0.05,
        "job_timeout_s": 10.0,
        "reconnect_min_s": 0.02,
        "reconnect_max_s": 0.2,
    }
    return EscPosPrinter("printer", EscPosPrinterSettings(port=port, **(timings | overrides)))


class FakeHarness:
    def __init__(self) -> None:
        self.device = FakeReceiptPrinter("printer")
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()

    def printed(self) -> list[str]:
        return [line for _, lines in self.device.printed for line in lines]

    def set_paper(self, level: PaperLevel) -> None:
        self.device.set_paper(level)

    def set_cover_open(self, is_open: bool) -> None:
        self.device.set_cover_open(is_open)

    def hold(self) -> None:
        self.device.hold()

    def release_hold(self) -> None:
        self.device.release_hold()

    def mute(self, muted: bool) -> None:
        self.device.mute(muted)

    def unplug(self) -> None:
        self.device.unplug()

    def replug(self) -> None:
        self.device.replug()

    def close(self) -> None:
        self.device.close()


class SimulatorHarness:
    def __init__(self, transport: Transport) -> None:
        self.sim = ReceiptPrinterSimulator(transport=transport)
        self.device = fast_printer(self.sim.url)
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()

    def printed(self) -> list[str]:
        return [line for receipt in self.sim.receipts for line in receipt.lines]

    def set_paper(self, level: PaperLevel) -> None:
        self.sim.set_paper(SIM_PAPER[level])

    def set_cover_open(self, is_open: bool) -> None:
        self.sim.set_cover_open(is_open)

    def hold(self) -> None:
        self.sim.set_faults(PrinterFaults(paper_out_after_lines=1))

    def release_hold(self) -> None:
        self.sim.set_paper(Paper.OK)

    def mute(self, muted: bool) -> None:
        self.sim.set_faults(PrinterFaults(mute=muted))

    def unplug(self) -> None:
        self.sim.unplug()

    def replug(self) -> None:
        self.sim.replug()

    def close(self) -> None:
        self.device.close()
        self.sim.close()


@pytest.fixture(params=["fake", "tcp", "pty"])
def harness(request: pytest.FixtureRequest) -> Iterator[PrinterHarness]:
    h: FakeHarness | SimulatorHarness = (
        FakeHarness() if request.param == "fake" else SimulatorHarness(request.param)
    )
    try:
        yield h
    finally:
        h.close()


class TestPrinterContract(PrinterContract):
    pass
