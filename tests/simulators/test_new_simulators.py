"""The light, scanner-scale and keyboard-wedge simulators on their own, driven by a plain pyserial client."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
import serial

from simulators.device import SimulatedDevice
from simulators.hid_scanner import HidWedgeSimulator
from simulators.light import LampMode, TowerLightSimulator
from simulators.magellan import MagellanProgramming, MagellanSimulator, ScaleWorld
from simulators.traffic import Direction
from tests.drivers.recorder import wait_until

WAIT_S = 5.0


def connect(sim: SimulatedDevice, **line: Any) -> Any:
    port = serial.serial_for_url(sim.url, baudrate=9600, timeout=WAIT_S, **line)
    assert sim.wait_for_client(WAIT_S)
    return port


def control(sim: SimulatedDevice, *lines: str) -> list[str]:
    address = sim.control_address
    assert address is not None
    with socket.create_connection(address, timeout=WAIT_S) as conn, conn.makefile("rw", newline="\n") as io:
        replies = []
        for line in lines:
            io.write(line + "\n")
            io.flush()
            replies.append(io.readline().rstrip("\n"))
        return replies


@pytest.fixture(params=["tcp", "pty"])
def light(request: pytest.FixtureRequest) -> Iterator[TowerLightSimulator]:
    with TowerLightSimulator(transport=request.param, control_port=0) as sim:
        yield sim


def test_light_follows_the_bytes_it_is_sent(light: TowerLightSimulator) -> None:
    port = connect(light)
    try:
        port.write(bytes.fromhex("14 42"))  # green on, yellow blink (devices.md §5)
        assert light.wait_for(lambda s: s.modes["yellow"] is LampMode.BLINK)
        assert (light.state.colour, light.state.blink, light.state.lit) == (
            "yellow",
            True,
            ("yellow", "green"),
        )
        (status,) = control(light, "STATUS")
        assert status.startswith("OK colour=yellow blink=1 red=off yellow=blink green=on")
        assert [r.direction for r in light.traffic.records()] == [Direction.TO_DEVICE]
    finally:
        port.close()


def test_unplugged_light_goes_dark(light: TowerLightSimulator) -> None:
    port = connect(light)
    port.write(bytes.fromhex("11"))
    assert light.wait_for(lambda s: s.colour == "red")
    assert control(light, "UNPLUG") == ["OK"]
    assert light.state.colour == "off"
    port.close()
    assert control(light, "REPLUG", "NOPE") == ["OK", f"ERR bad command; {light.help_text}"]


@pytest.fixture
def magellan() -> Iterator[MagellanSimulator]:
    with MagellanSimulator(world=ScaleWorld(settle_s=0), control_port=0) as sim:
        yield sim


def ask(port: Any, request: bytes) -> bytes:
    port.write(request)
    reply: bytes = port.read_until(b"\r")
    return reply


def test_magellan_scans_unsolicited_and_answers_polls(magellan: MagellanSimulator) -> None:
    port = connect(magellan, bytesize=7, parity="O")  # the socket:// URL ignores line settings
    try:
        assert control(magellan, "SCAN 4006381333931") == ["OK"]
        assert port.read_until(b"\r") == b"S08F4006381333931\r"
        assert ask(port, b"S14\r") == b"S143\r"
        assert control(magellan, "WEIGHT 1234") == ["OK"]
        assert ask(port, b"S11\r") == b"S1101234\r"
        assert ask(port, b"S14\r") == b"S14401234\r"
        control(magellan, "MOTION ON")
        assert ask(port, b"S14\r") == b"S141\r"
        port.write(b"S11\r")  # unstable: no answer at all
        wait_until(lambda: magellan.commands["11"] == 2, "the simulator took the S11")
        control(magellan, "MOTION OFF", "WEIGHT 99999")
        assert ask(port, b"S14\r") == b"S142\r"  # over capacity, and the S11 above stayed unanswered
        control(magellan, "WEIGHT -20")
        assert ask(port, b"S14\r") == b"S145\r"
        control(magellan, "NOZERO ON")
        assert ask(port, b"S14\r") == b"S140\r"
        assert magellan.commands["11"] == 2 and magellan.commands["14"] == 6
    finally:
        port.close()


def test_magellan_weight_settles(magellan: MagellanSimulator) -> None:
    magellan.set_world(ScaleWorld(settle_s=60))
    magellan.place(500)
    assert magellan.monitor_status() == (1, None)
    magellan.set_world(ScaleWorld(settle_s=0))
    assert magellan.monitor_status() == (4, 500)


def test_magellan_pounds_and_parity() -> None:
    programming = MagellanProgramming(unit="lb", parity_bit=True)
    with MagellanSimulator(programming=programming, world=ScaleWorld(settle_s=0)) as sim:
        port = connect(sim)
        try:
            sim.place(1134)
            assert ask(port, bytes.fromhex("d3 31 31 0d")) == bytes.fromhex(
                "d3 31 31 b0 32 b5 b0 0d"
            )  # 2.50 lb
        finally:
            port.close()


def test_hid_wedge_types_records() -> None:
    with HidWedgeSimulator(control_port=0) as sim:
        port = connect(sim)
        try:
            assert control(sim, "SCAN 1") == ["OK"]
            data = port.read(2 * 2 * 3 * 24)  # KEY_1, KEY_ENTER: 2 edges × (MSC, KEY, SYN) records each
            assert len(data) == 2 * 2 * 3 * 24
            assert data[24 + 16 : 24 + 24] == bytes.fromhex("0100 0200 01000000")  # EV_KEY KEY_1 press
            assert control(sim, "STATUS")[0].startswith("OK connected=1 codes_typed=1 gs_key=ctrl+]")
        finally:
            port.close()
