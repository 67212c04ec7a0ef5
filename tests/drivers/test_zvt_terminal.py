"""ZvtTerminal beyond the contract: settings, the registry, RUB, a refused registration, logs free of card
data, and the resynchronisation after a silent terminal."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from drivers.base import HealthLevel, PowerState
from drivers.contracts import TerminalResult
from drivers.payment import TerminalOutcome
from drivers.registry import DriverRegistry
from drivers.terminal.settings import ZvtTerminalSettings
from simulators.terminal import Outcome, ZvtTerminalSimulator
from tests.drivers.recorder import EventRecorder, wait_until
from tests.drivers.test_terminal_contract import fast_terminal


@pytest.fixture
def rub_sim() -> Iterator[ZvtTerminalSimulator]:
    with ZvtTerminalSimulator(currency=643) as simulator:
        yield simulator


@pytest.mark.parametrize(
    ("settings", "key"),
    [
        ({"port": "http://127.0.0.1:20007"}, "port"),
        ({"port": "socket://127.0.0.1:20007", "currency": "XXX"}, "currency"),
        ({"port": "socket://127.0.0.1:20007", "reconnect_max_s": 30.0}, "reconnect_max_s"),
        ({"port": "socket://127.0.0.1:20007", "password": 1_000_000}, "password"),
        ({"port": "socket://127.0.0.1:20007", "pasword": 0}, "pasword"),
        ({"port": "socket://127.0.0.1:20007", "ack_timeout_s": "5"}, "ack_timeout_s"),  # strict: no strings
    ],
)
def test_bad_settings_name_the_key(settings: dict[str, object], key: str) -> None:
    with pytest.raises(ValueError, match=key):
        DriverRegistry.default().create("zvt_terminal", "terminal", settings)


def test_registry_builds_the_driver_and_the_fake() -> None:
    registry = DriverRegistry.default()
    assert registry.settings_model("zvt_terminal") is ZvtTerminalSettings
    device = registry.create(
        "zvt_terminal", "terminal", {"port": "socket://127.0.0.1:20007", "currency": "RUB"}
    )
    assert device.device_info().port == "socket://127.0.0.1:20007"
    fake = registry.create("fake_terminal", "terminal", {"currency": "RUB"})
    assert type(fake).__name__ == "FakeTerminal"


def test_rub_terminal_end_to_end(rub_sim: ZvtTerminalSimulator) -> None:
    device = fast_terminal(rub_sim.url, currency="RUB")
    events = EventRecorder(device)
    try:
        device.start()
        device.authorize("a1", 15_000, "RUB")
        result = events.wait_for(TerminalResult)
        assert (result.outcome, result.amount_minor, result.currency) == (
            TerminalOutcome.APPROVED,
            15_000,
            "RUB",
        )
        assert [(e.amount_minor, e.currency) for e in rub_sim.ledger.entries()] == [(15_000, 643)]
    finally:
        device.close()


@pytest.mark.expect_warnings("unavailable")
def test_refused_registration_keeps_the_terminal_offline(
    rub_sim: ZvtTerminalSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    device = fast_terminal(rub_sim.url, currency="EUR")  # the terminal is set up for RUB
    try:
        device.start()
        assert device.power is PowerState.OFFLINE
        health = device.check_health(HealthLevel.INTERNAL)
        assert not health.ok and "wrong currency" in health.text
        wait_until(lambda: device.statistics().counters["communication_errors"] >= 3, "retries")
        assert len([r for r in caplog.records if "unavailable" in r.getMessage()]) == 1
    finally:
        device.close()


def test_logs_carry_no_card_data_or_payloads(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with ZvtTerminalSimulator() as sim:
        device = fast_terminal(sim.url)
        events = EventRecorder(device)
        try:
            device.start()
            device.authorize("a1", 1234, "EUR")
            assert events.wait_for(TerminalResult).outcome is TerminalOutcome.APPROVED
        finally:
            device.close()
    driver_lines = [r.getMessage() for r in caplog.records if r.name.startswith("drivers.")]
    assert any("RX 04 0F" in line for line in driver_lines)  # the traffic is logged by name and size …
    for line in driver_lines:  # … never by content: no PAN digits, no hex dump of a status information
        assert "476173" not in line and "ee ee" not in line.lower() and "eeeeee" not in line.lower()


def test_silent_terminal_is_unknown_then_the_driver_resyncs_quietly(caplog: pytest.LogCaptureFixture) -> None:
    with ZvtTerminalSimulator() as sim:
        device = fast_terminal(sim.url)
        events = EventRecorder(device)
        try:
            device.start()
            sim.script(Outcome.TIMEOUT)
            device.authorize("a1", 100, "EUR")
            lost = events.wait_for(TerminalResult)
            assert lost.outcome is TerminalOutcome.UNKNOWN and "abort" in lost.text  # 06 B0 went unanswered
            wait_until(lambda: device.ready, "registered again on a fresh connection")
            device.authorize("a2", 200, "EUR")
            assert (
                events.wait_for(TerminalResult, lambda e: e.attempt_id == "a2").outcome
                is TerminalOutcome.APPROVED
            )
            assert events.power_changes() == [PowerState.ONLINE]  # a resync is not an outage
            assert [e.amount_minor for e in sim.ledger.entries()] == [200]
        finally:
            device.close()
