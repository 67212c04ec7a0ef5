"""The ZVT terminal simulator driven by a raw-socket ECR written here with literal bytes (not the driver).

Checks the PT's dialogs (master rights, acknowledgements), every scripted outcome, the configured currency,
06 B0 during card presentation, and that the ledger records exactly what was booked.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from simulators.terminal import Kind, Outcome, ZvtTerminalSimulator

REGISTER = bytes.fromhex("06 00 06 000000 be 0978")
PAY_1234 = bytes.fromhex("06 01 0a 04 000000001234 49 0978")
ACK = bytes.fromhex("80 00 00")


class RawEcr:
    """Reads APDUs off the socket, acknowledges every PT command, records (control, data) pairs."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)

    def _read(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed by the terminal")
            data += chunk
        return data

    def read(self) -> tuple[str, bytes]:
        head = self._read(3)
        size = head[2]
        if size == 0xFF:
            size = int.from_bytes(self._read(2), "little")
        return head[:2].hex(" "), self._read(size)

    def dialog(self, command: bytes, ack: bool = True) -> list[tuple[str, bytes]]:
        """Send, then read until 06 0F / 06 1E / 84 xx, acknowledging each PT command (unless ``ack``)."""
        self.sock.sendall(command)
        got: list[tuple[str, bytes]] = []
        while True:
            control, data = self.read()
            got.append((control, data))
            if control.startswith(("84", "80")):
                if control.startswith("84"):
                    return got
                continue
            if ack:
                self.sock.sendall(ACK)
            if control in ("06 0f", "06 1e"):
                return got

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def sim() -> Iterator[ZvtTerminalSimulator]:
    with ZvtTerminalSimulator() as simulator:
        yield simulator


@pytest.fixture
def ecr(sim: ZvtTerminalSimulator) -> Iterator[RawEcr]:
    client = RawEcr(sim.port)
    assert [c for c, _ in client.dialog(REGISTER)] == ["80 00", "06 0f"]
    yield client
    client.close()


def controls(messages: list[tuple[str, bytes]]) -> list[str]:
    return [c for c, _ in messages]


def test_approval_books_and_sends_the_receipt(sim: ZvtTerminalSimulator, ecr: RawEcr) -> None:
    got = ecr.dialog(PAY_1234)
    assert controls(got)[:4] == ["80 00", "04 ff", "04 ff", "04 0f"]
    assert got[1][1] == b"\x0a" and got[2][1] == b"\x01"  # insert card, watch the PIN pad
    assert got[3][1].startswith(bytes.fromhex("27 00 04 000000001234"))
    assert controls(got)[4:] == ["06 d1"] * 6 + ["06 0f"]
    assert got[-2][1][0] == 0x80  # the last print line says so
    (entry,) = sim.ledger.entries()
    assert (entry.kind, entry.receipt_no, entry.amount_minor, entry.currency) == (Kind.PURCHASE, 1, 1234, 978)
    assert sim.ledger.net(978) == 1234


def test_decline_with_reason_books_nothing(sim: ZvtTerminalSimulator, ecr: RawEcr) -> None:
    sim.script(Outcome.DECLINE, 0x71)
    got = ecr.dialog(PAY_1234)
    assert controls(got)[-2:] == ["04 0f", "06 1e"]
    assert got[-2][1][:2] == b"\x27\x71" and got[-1][1] == b"\x71"
    assert sim.ledger.entries() == [] and sim.ledger.attempts == 1


def test_cancel_and_ecr_abort(sim: ZvtTerminalSimulator, ecr: RawEcr) -> None:
    sim.script(Outcome.CANCEL)
    assert ecr.dialog(PAY_1234)[-1] == ("06 1e", b"\x6c")
    sim.script(Outcome.APPROVE, card_delay_s=30)
    ecr.sock.sendall(PAY_1234)
    assert ecr.read()[0] == "80 00"
    assert ecr.read() == ("04 ff", b"\x0a")
    ecr.sock.sendall(ACK)
    got = ecr.dialog(bytes.fromhex("06 b0 00"))  # the shopper gave up at the kiosk
    assert controls(got) == ["80 00", "06 1e"] and got[-1][1] == b"\x6c"
    assert sim.ledger.entries() == []


def test_drop_before_result_books_nothing_drop_after_books(sim: ZvtTerminalSimulator, ecr: RawEcr) -> None:
    sim.script(Outcome.DROP_BEFORE)
    with pytest.raises(ConnectionError):
        ecr.dialog(PAY_1234)
    assert sim.ledger.entries() == []
    again = RawEcr(sim.port)
    again.dialog(REGISTER)
    sim.script(Outcome.DROP_AFTER)
    with pytest.raises(ConnectionError):
        again.dialog(PAY_1234)
    assert [e.receipt_no for e in sim.ledger.entries()] == [1]  # charged, but the ECR never acknowledged
    again.close()


def test_timeout_goes_silent_until_a_new_connection(sim: ZvtTerminalSimulator, ecr: RawEcr) -> None:
    sim.script(Outcome.TIMEOUT)
    ecr.sock.sendall(PAY_1234)
    assert ecr.read()[0] == "80 00"
    assert ecr.read() == ("04 ff", b"\x0a")
    ecr.sock.sendall(ACK)
    ecr.sock.settimeout(0.3)
    with pytest.raises(TimeoutError):
        ecr.read()
    fresh = RawEcr(sim.port)  # the ECR resynchronises on a new connection
    assert controls(fresh.dialog(REGISTER)) == ["80 00", "06 0f"]
    assert controls(fresh.dialog(bytes.fromhex("05 01 03 000000"))) == ["80 00", "06 0f"]
    assert sim.ledger.entries() == []
    fresh.close()


def test_reversal_repeat_receipt_and_refund(sim: ZvtTerminalSimulator, ecr: RawEcr) -> None:
    ecr.dialog(PAY_1234)
    repeat = ecr.dialog(bytes.fromhex("06 20 03 000000"))
    assert controls(repeat) == ["80 00", "04 0f", "06 d3", "06 0f"]
    assert bytes.fromhex("87 0001") in repeat[1][1]
    assert controls(ecr.dialog(bytes.fromhex("06 30 06 000000 87 0001")))[-1] == "06 0f"
    assert ecr.dialog(bytes.fromhex("06 30 06 000000 87 0001"))[-1] == ("06 1e", b"\xb4")  # already reversed
    assert ecr.dialog(bytes.fromhex("06 30 06 000000 87 0099"))[-1] == ("06 1e", b"\xb5")  # unknown receipt
    ecr.dialog(bytes.fromhex("06 31 0d 000000 04 000000000300 49 0978"))
    assert [(e.kind, e.reverses) for e in sim.ledger.entries()] == [
        (Kind.PURCHASE, None),
        (Kind.REVERSAL, 1),
        (Kind.REFUND, None),
    ]
    assert sim.ledger.net(978) == -300


def test_rub_terminal_accepts_rub_and_refuses_eur() -> None:
    with ZvtTerminalSimulator(currency=643) as sim:
        ecr = RawEcr(sim.port)
        assert ecr.dialog(bytes.fromhex("06 00 06 000000 be 0978"))[-1] == ("06 1e", b"\x6f")
        assert controls(ecr.dialog(bytes.fromhex("06 00 06 000000 be 0643"))) == ["80 00", "06 0f"]
        assert ecr.dialog(PAY_1234)[-1] == ("06 1e", b"\x6f")  # EUR: wrong currency
        ecr.dialog(bytes.fromhex("06 01 0a 04 000000015000 49 0643"))
        assert [(e.amount_minor, e.currency) for e in sim.ledger.entries()] == [(15000, 643)]
        ecr.close()


def test_unknown_command_and_unregistered_payment(sim: ZvtTerminalSimulator) -> None:
    ecr = RawEcr(sim.port)
    assert ecr.dialog(bytes.fromhex("06 70 00")) == [("84 83", b"")]
    assert ecr.dialog(PAY_1234)[-1] == ("06 1e", b"\x6b")  # not registered
    ecr.close()


def test_control_port_scripts_and_reports_the_ledger(sim: ZvtTerminalSimulator, ecr: RawEcr) -> None:
    assert sim.execute("NEXT DECLINE 71") == "OK"
    assert sim.execute("next approve delay 0") == "OK"
    assert sim.execute("NEXT SOMETIMES").startswith("ERR")
    assert ecr.dialog(PAY_1234)[-1] == ("06 1e", b"\x71")
    ecr.dialog(PAY_1234)
    ledger = json.loads(sim.execute("LEDGER").removeprefix("OK "))
    assert [(e["kind"], e["amount_minor"]) for e in ledger] == [("purchase", 1234)]
    assert "net=1234" in sim.execute("STATUS")
    assert sim.execute("CURRENCY 643") == "OK" and sim.currency == 643
    assert sim.execute("UNPLUG") == "OK"
    with pytest.raises(OSError):
        RawEcr(sim.port)  # the cable is out: connections are refused
    assert sim.execute("REPLUG") == "OK"
    RawEcr(sim.port).close()
