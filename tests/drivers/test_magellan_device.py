"""The Magellan as the ``scanner_scale`` role: one port shared by two devices, a silent unit, wire bytes."""

from __future__ import annotations

import dataclasses
import logging
import socket
from collections.abc import Iterator

import pytest

from drivers.base import HealthLevel, PowerState
from drivers.contracts import ScanReceived, Symbology, WeightChanged
from drivers.magellan.devices import MagellanScale, MagellanScanner, MagellanScannerScale
from drivers.magellan.settings import MagellanSettings
from drivers.registry import create
from simulators.magellan import MagellanSimulator, ScaleWorld
from tests.drivers.recorder import WAIT_S, EventRecorder, wait_until
from tests.drivers.test_magellan_contract import fast_settings


@pytest.fixture
def sim() -> Iterator[MagellanSimulator]:
    with MagellanSimulator(world=ScaleWorld(settle_s=0)) as simulator:
        yield simulator


@pytest.fixture
def unit(sim: MagellanSimulator) -> Iterator[MagellanScannerScale]:
    device = MagellanScannerScale("scanner_scale", fast_settings(sim.url))
    yield device
    device.close()


def test_registry_builds_the_pair_from_config() -> None:
    device = create("magellan", "scanner_scale", {"port": "socket://127.0.0.1:9", "unit": "lb"})
    assert isinstance(device, MagellanScannerScale)
    assert isinstance(device.scanner, MagellanScanner) and isinstance(device.scale, MagellanScale)
    assert (device.scanner.name, device.scale.name) == ("scanner_scale.scanner", "scanner_scale.scale")
    assert device.settings.bytesize == 7 and device.settings.parity == "O"


def test_scanner_and_scale_share_one_connection(unit: MagellanScannerScale, sim: MagellanSimulator) -> None:
    events = EventRecorder(unit)
    unit.start()
    assert sim.wait_for_client(WAIT_S)
    events.wait_for(WeightChanged, lambda e: e.stable and e.grams == 0)
    sim.scan("96385074", "EAN8")
    sim.place(1500)
    scan = events.wait_for(ScanReceived)
    assert (scan.device, scan.label, scan.symbology) == ("scanner_scale.scanner", "96385074", Symbology.EAN8)
    weight = events.wait_for(WeightChanged, lambda e: e.grams == 1500)
    assert weight.device == "scanner_scale.scale"
    assert sim.connections == 1
    assert unit.check_health(HealthLevel.EXTERNAL).ok
    counters = unit.statistics().counters
    assert counters["good_scans"] == 1 and counters["scale_good_weight_reads"] >= 2


def test_one_part_released_keeps_the_port_for_the_other(
    unit: MagellanScannerScale, sim: MagellanSimulator
) -> None:
    unit.start()
    assert sim.wait_for_client(WAIT_S)
    events = EventRecorder(unit.scanner)
    unit.scale.release()
    polls = sim.commands["14"]
    sim.scan("4006381333931")
    events.wait_for(ScanReceived)
    assert sim.connected and sim.connections == 1
    assert sim.commands["14"] <= polls + 1  # the released scale is no longer polled
    unit.scanner.release()
    wait_until(lambda: not sim.connected, "the last user closed the port")


def test_parts_claimed_later_hear_the_link_state(sim: MagellanSimulator) -> None:
    unit = MagellanScannerScale("scanner_scale", fast_settings(sim.url))
    try:
        unit.scanner.start()
        assert unit.scanner.power is PowerState.ONLINE
        unit.scale.start()
        assert unit.scale.power is PowerState.ONLINE
        assert unit.power is PowerState.ONLINE
    finally:
        unit.close()


@pytest.mark.expect_warnings("unavailable")
def test_a_silent_unit_goes_offline_though_the_port_is_open(
    unit: MagellanScannerScale, sim: MagellanSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    events = EventRecorder(unit)
    unit.start()
    assert sim.wait_for_client(WAIT_S)
    sim.set_world(dataclasses.replace(sim.world, silent=True))
    events.wait_power(PowerState.OFFLINE, n=2)  # both devices of the unit
    assert sim.connected  # the TCP link never dropped: only the unit stopped answering
    assert not unit.check_health(HealthLevel.INTERNAL).ok
    sim.set_world(dataclasses.replace(sim.world, silent=False))
    wait_until(
        lambda: unit.scanner.power is PowerState.ONLINE and unit.scale.power is PowerState.ONLINE, "back"
    )
    unavailable = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert sorted(getattr(r, "device", "") for r in unavailable) == [
        "scanner_scale.scale",
        "scanner_scale.scanner",
    ]
    assert all(r.levelno == logging.WARNING for r in unavailable)
    assert len([r for r in caplog.records if "back" in r.getMessage()]) == 2


def test_polls_on_the_wire_are_s14_cr() -> None:
    # devices.md §2.2: host → scale "S14" CR for the monitor, with the default prefix/suffix
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(WAIT_S)
        settings = MagellanSettings(
            port=f"socket://127.0.0.1:{server.getsockname()[1]}", poll_interval_s=0.05
        )
        unit = MagellanScannerScale("scanner_scale", settings)
        try:
            unit.start()
            conn, _ = server.accept()
            with conn:
                conn.settimeout(WAIT_S)
                data = b""
                while len(data) < 8:
                    data += conn.recv(8 - len(data))
                assert data == bytes.fromhex("53 31 34 0d 53 31 34 0d")  # unanswered, so polled again
                unit.close()
        finally:
            unit.close()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"label_ids": {"F": "EAN-13"}}, "UPOS symbology name"),
        ({"unit": "g"}, "Input should be"),
        ({"capacity_g": 0}, "greater than 0"),
        ({"weigh": True}, "Extra inputs"),
    ],
)
def test_settings_are_validated(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MagellanSettings.model_validate({"port": "/dev/ttyUSB2", **settings})
