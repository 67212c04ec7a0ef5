"""Run the PaymentTerminal contract against the fake and the ZVT driver on the simulator over TCP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.base import PowerState
from drivers.payment import TerminalOperation
from drivers.terminal.fake import FakeOutcome, FakeTerminal
from drivers.terminal.settings import ZvtTerminalSettings
from drivers.terminal.zvt_terminal import ZvtTerminal
from simulators.terminal import Kind, Outcome, ZvtTerminalSimulator
from tests.drivers.recorder import WAIT_S, EventRecorder, wait_until
from tests.drivers.terminal_contract import TerminalContract, TerminalHarness


def fast_terminal(url: str, **settings: object) -> ZvtTerminal:
    """Driver timings for tests: a silent terminal is given up on in 0.3 s, reconnects within 50 ms."""
    options: dict[str, object] = {
        "ack_timeout_s": 2.0,
        "result_timeout_s": 0.3,
        "abort_grace_s": 0.2,
        "reconnect_min_s": 0.01,
        "reconnect_max_s": 0.05,
    }
    options.update(settings)
    return ZvtTerminal("terminal", ZvtTerminalSettings.model_validate({"port": url, **options}))


class FakeHarness:
    failed_attempts = 1

    def __init__(self) -> None:
        self.device = FakeTerminal("terminal")
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()

    def script(self, outcome: str, result_code: int = 0x05, card_delay: bool = False) -> None:
        self.device.script(FakeOutcome(outcome), result_code, card_delay)

    def booked(self) -> dict[int, int]:
        sign = {TerminalOperation.AUTHORIZE: 1}
        return {r: sign.get(op, -1) * amount for r, (op, amount) in self.device.bookings.items()}

    def after_uncertain(self) -> None:
        pass

    def unplug(self) -> None:
        self.device.unplug()

    def replug(self) -> None:
        self.device.replug()

    def close(self) -> None:
        self.device.close()


class SimulatorHarness:
    failed_attempts = 3

    def __init__(self) -> None:
        self.sim = ZvtTerminalSimulator()
        self.device = fast_terminal(self.sim.url)
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()
        assert self.device.power is PowerState.ONLINE

    def script(self, outcome: str, result_code: int = 0x05, card_delay: bool = False) -> None:
        self.sim.script(Outcome(outcome), result_code, card_delay_s=30.0 if card_delay else None)

    def booked(self) -> dict[int, int]:
        assert self.sim.wait_idle(WAIT_S)
        return {
            e.receipt_no: e.amount_minor if e.kind is Kind.PURCHASE else -e.amount_minor
            for e in self.sim.ledger.entries()
        }

    def after_uncertain(self) -> None:
        """The driver drops the link and registers again; wait until it is ready for the next command."""
        wait_until(lambda: self.device.ready and self.sim.wait_idle(0), "the driver resynchronised")

    def unplug(self) -> None:
        self.sim.refuse_connections(True)
        self.sim.disconnect()

    def replug(self) -> None:
        self.sim.refuse_connections(False)

    def close(self) -> None:
        self.device.close()
        self.sim.close()


@pytest.fixture(params=["fake", "zvt-tcp"])
def harness(request: pytest.FixtureRequest) -> Iterator[TerminalHarness]:
    h: FakeHarness | SimulatorHarness = FakeHarness() if request.param == "fake" else SimulatorHarness()
    try:
        yield h
    finally:
        h.close()


class TestTerminalContract(TerminalContract):
    pass
