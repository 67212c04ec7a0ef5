"""The scanner simulator on its own: a plain pyserial client reads its exact bytes over TCP and a pty."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import serial

from simulators.control import LineControlServer
from simulators.scanner import NoHostError, ScannerFaults, ScannerProgramming, SerialScannerSimulator
from simulators.scanner.simulator import Transport
from simulators.traffic import Direction
from simulators.wire import TcpWire

WAIT_S = 5.0


@pytest.fixture(params=["tcp", "pty"])
def sim(request: pytest.FixtureRequest) -> Iterator[SerialScannerSimulator]:
    transport: Transport = request.param
    with SerialScannerSimulator(transport=transport, control_port=0) as simulator:
        yield simulator


@pytest.fixture
def client(sim: SerialScannerSimulator) -> Iterator[Any]:
    port = connect(sim)
    yield port
    port.close()


def connect(sim: SerialScannerSimulator) -> Any:
    port = serial.serial_for_url(sim.url, baudrate=9600, timeout=WAIT_S)
    assert sim.wait_for_client(WAIT_S)
    return port


def read_frame(port: Any, suffix: bytes = b"\r") -> bytes:
    data: bytes = port.read_until(suffix)
    assert data.endswith(suffix), f"no complete frame, got {data!r}"
    return data


def assert_hung_up(port: Any) -> None:
    with pytest.raises((serial.SerialException, OSError)):
        port.read(1)


def control(sim: SerialScannerSimulator, *lines: str) -> list[str]:
    address = sim.control_address
    assert address is not None
    with socket.create_connection(address, timeout=WAIT_S) as conn, conn.makefile("rw", newline="\n") as io:
        replies = []
        for line in lines:
            io.write(line + "\n")
            io.flush()
            replies.append(io.readline().rstrip("\n"))
        return replies


def test_url(sim: SerialScannerSimulator) -> None:
    if sim.url.startswith("socket://"):
        assert sim.url.startswith("socket://127.0.0.1:")
    else:
        assert os.path.realpath(sim.url).startswith("/dev/pts/")


def test_scan_bytes_on_the_wire_and_in_the_traffic_log(sim: SerialScannerSimulator, client: Any) -> None:
    sim.scan("4006381333931")
    sim.scan("0104006381333931\x1d10LOT42", "GS1_DATAMATRIX")
    assert read_frame(client) == b"]E04006381333931\r"
    assert read_frame(client) == b"]d20104006381333931\x1d10LOT42\r"
    client.write(b"?")  # a host never talks to this scanner, but if it does the log shows it
    lines = [r for r in sim.traffic.records()]
    assert [(r.direction, r.data) for r in lines[:2]] == [
        (Direction.TO_HOST, b"]E04006381333931\r"),
        (Direction.TO_HOST, b"]d20104006381333931\x1d10LOT42\r"),
    ]
    assert "5d 45 30 34" in lines[0].format()


def test_garbage_and_partial(sim: SerialScannerSimulator, client: Any) -> None:
    sim.send_garbage()
    sim.send_partial("123")
    sim.scan("96385074", "EAN8")
    assert read_frame(client) == b"\x00\xff\x13\x80noise\xfe\r"
    assert read_frame(client) == b"]E0123]E496385074\r"  # the partial has no suffix; the host sees them glued


def test_writing_without_a_host_raises(sim: SerialScannerSimulator) -> None:
    with pytest.raises(NoHostError):
        sim.scan("4006381333931")
    assert control(sim, "SCAN 4006381333931")[0].startswith("ERR")


def test_disconnect_keeps_listening(sim: SerialScannerSimulator, client: Any) -> None:
    sim.disconnect()
    assert_hung_up(client)
    client.close()
    again = connect(sim)
    try:
        sim.scan("4006381333931")
        assert read_frame(again) == b"]E04006381333931\r"
        assert sim.connections == 2
    finally:
        again.close()


def test_refusing_connections(sim: SerialScannerSimulator) -> None:
    sim.refuse_connections(True)
    with pytest.raises(serial.SerialException):
        serial.serial_for_url(sim.url, timeout=WAIT_S)
    sim.refuse_connections(False)
    connect(sim).close()


def test_faults_are_data(sim: SerialScannerSimulator, client: Any) -> None:
    sim.set_faults(ScannerFaults(garbage_every=2, drop_after_scans=3))
    sim.scan("1111")
    assert read_frame(client) == b"]E01111\r"
    sim.scan("2222")
    assert read_frame(client) == b"\x00\xff\x13\x80noise\xfe\r"  # the 2nd read was lost to noise
    sim.scan("3333")
    try:
        last = client.read_until(b"\r")
    except serial.SerialException:  # a pty hang-up discards what the host had not read, like a USB unplug
        last = b""
    assert last == b"]E03333\r" or (last == b"" and sim.url.startswith("/"))
    assert_hung_up(client)  # dropped after the 3rd scan on this connection
    with pytest.raises(ValueError):
        ScannerFaults(garbage_every=0)


def test_control_line_protocol(sim: SerialScannerSimulator, client: Any) -> None:
    replies = control(
        sim,
        "SCAN 4006381333931 EAN13",
        r"scan 0104006381333931\x1d10LOT42 GS1_DATAMATRIX",
        "GARBAGE",
        "FAULT GARBAGE_EVERY 5",
        "STATUS",
        "SCAN 1 NOPE",
        "FAULT COLOUR 3",
        "BOGUS",
        "HELP",
    )
    assert replies[:4] == ["OK", "OK", "OK", "OK"]
    assert replies[4].startswith("OK connected=1 connections=1 ")
    assert "garbage_every=5" in replies[4]
    assert replies[5].startswith("ERR unknown symbology")
    assert replies[6].startswith("ERR unknown fault")
    assert replies[7].startswith("ERR bad command")
    assert replies[8].startswith("OK SCAN")
    assert read_frame(client) == b"]E04006381333931\r"
    assert read_frame(client) == b"]d20104006381333931\x1d10LOT42\r"
    assert read_frame(client) == b"\x00\xff\x13\x80noise\xfe\r"
    assert control(sim, "DISCONNECT", "REFUSE ON", "REFUSE OFF") == ["OK", "OK", "OK"]
    assert_hung_up(client)


def test_crlf_programming() -> None:
    with SerialScannerSimulator(programming=ScannerProgramming(prefix=b"#", suffix=b"\r\n")) as sim:
        port = connect(sim)
        try:
            sim.scan("96385074", "EAN8")
            assert read_frame(port, b"\r\n") == b"#]E496385074\r\n"
        finally:
            port.close()


def test_close_removes_the_pty_link() -> None:
    sim = SerialScannerSimulator(transport="pty")
    path = sim.url
    assert os.path.islink(path)
    sim.close()
    assert not os.path.exists(os.path.dirname(path))


def test_scan_with_a_suffix_character_in_the_data_is_refused_and_sends_nothing(
    sim: SerialScannerSimulator, client: Any
) -> None:
    assert control(sim, r"SCAN 400\x0d6381333931", "SCAN 96385074 EAN8")[0].startswith("ERR ")
    assert read_frame(client) == b"]E496385074\r"  # the refused scan put no bytes on the wire


def test_wire_and_control_ports_listen_on_loopback_only() -> None:
    with SerialScannerSimulator(control_port=0) as local:
        assert local.url.startswith("socket://127.0.0.1:")
        assert local.control_address is not None and local.control_address[0] == "127.0.0.1"
    with pytest.raises(ValueError, match="loopback"):
        TcpWire(lambda data: None, host="0.0.0.0")
    with pytest.raises(ValueError, match="loopback"):
        LineControlServer(lambda line: "OK", host="192.168.1.10")
