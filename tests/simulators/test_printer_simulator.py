"""The receipt printer simulator over its real wires (TCP and a pty), driven by a raw pyserial host.

Streams are literal ESC/POS bytes (Epson ESC/POS Command Reference) so the simulator is checked on its own,
not through the driver. Rendered receipts are read back with zxing-cpp, as a shopper's phone would.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import serial
import zxingcpp
from PIL import Image

from simulators.printer import Paper, PrinterFaults, ReceiptPrinterSimulator
from tests.drivers.recorder import wait_until

pytestmark = pytest.mark.timeout(30)

INIT_CP866 = bytes.fromhex("1b 40 1b 74 11")  # ESC @, ESC t 17 (PC866)
CUT = bytes.fromhex("1d 56 00")  # GS V 0 full cut
GS_R1 = bytes.fromhex("1d 72 01")  # GS r 1 transmit paper sensor status
QR = "t=20260115T1015&s=1234.50&fn=9999078900001234&i=57&fp=1234567890&n=1"


def qr_stream(data: str, module: int = 6) -> bytes:
    """GS ( k: model 2 (fn 65), module size (fn 67), level M (fn 69), store (fn 80), print (fn 81)."""
    payload = data.encode("ascii")
    size = (len(payload) + 3).to_bytes(2, "little")
    return (
        bytes.fromhex("1d 28 6b 04 00 31 41 32 00")
        + bytes.fromhex("1d 28 6b 03 00 31 43")
        + bytes([module])
        + bytes.fromhex("1d 28 6b 03 00 31 45 31")
        + b"\x1d(k"
        + size
        + b"1P0"
        + payload
        + bytes.fromhex("1d 28 6b 03 00 31 51 30")
    )


@pytest.fixture(params=["tcp", "pty"])
def sim(request: pytest.FixtureRequest) -> Iterator[ReceiptPrinterSimulator]:
    with ReceiptPrinterSimulator(transport=request.param) as simulator:
        yield simulator


@pytest.fixture
def host(sim: ReceiptPrinterSimulator) -> Iterator[Any]:
    port = serial.serial_for_url(sim.url, baudrate=9600, timeout=2)
    assert sim.wait_for_client(5)
    yield port
    port.close()


def ask(host: Any, request: bytes, expected: int = 1) -> bytes:
    host.write(request)
    reply: bytes = host.read(expected)
    return reply


def test_dle_eot_answered_at_once_even_while_the_engine_is_held(
    sim: ReceiptPrinterSimulator, host: Any
) -> None:
    assert ask(host, b"\x10\x04\x01") == b"\x12"
    sim.set_cover_open(True)
    host.write(INIT_CP866 + b"held back\n")
    assert ask(host, b"\x10\x04\x01") == b"\x1a"  # offline
    assert ask(host, b"\x10\x04\x02") == b"\x56"  # cover open + error
    assert not sim.wait_idle(0.2)
    host.timeout = 0.3
    assert ask(host, GS_R1, 1) == b""  # buffered status waits behind the held job…
    host.timeout = 2
    sim.set_cover_open(False)
    assert host.read(1) == b"\x00"  # …and comes once the job is on paper
    assert sim.wait_idle(5)
    assert sim.tear_off() is not None


def test_status_request_inside_a_text_run(sim: ReceiptPrinterSimulator, host: Any) -> None:
    sim.set_paper(Paper.NEAR_END)
    assert ask(host, INIT_CP866 + b"AB\x10\x04\x04CD\n" + CUT) == b"\x1e"
    # The reply came from the middle of the stream: the rest may still be on its way, so wait for the cut.
    wait_until(lambda: bool(sim.receipts), "the receipt was cut")
    assert sim.receipts[-1].lines == ("ABCD",)


def test_cyrillic_code_pages_styles_and_cut(sim: ReceiptPrinterSimulator, host: Any) -> None:
    stream = (
        INIT_CP866
        + bytes.fromhex("1b 61 01 1b 21 38")  # centre, double width+height, emphasised
        + bytes.fromhex("8f e0 a8 a2 a5 e2 0a")  # PC866 "Привет"
        + bytes.fromhex("1b 21 00 1b 61 00 1b 74 2e")  # normal, left, ESC t 46 = WPC1251
        + bytes.fromhex("cc ee eb ee ea ee 09 31 0a")  # "Молоко", HT, "1"
        + CUT
        + b"second\n"
        + bytes.fromhex("1d 56 42 00")  # GS V 66 0: feed and partial cut
    )
    host.write(stream + GS_R1)
    assert host.read(1) == b"\x00"
    first, second = sim.receipts
    assert first.lines == ("Привет", "Молоко  1")
    assert (first.cut, second.cut, second.lines) == ("full", "partial", ("second",))
    assert sim.counters.cuts == 2


def test_png_rendering_reads_back_qr_and_barcode(
    sim: ReceiptPrinterSimulator, host: Any, tmp_path: Path
) -> None:
    ean = bytes.fromhex("1d 48 02 1d 6b 02") + b"4006381333931\x00"  # HRI below, EAN-13 function A
    stream = INIT_CP866 + b"\x1ba\x01\n" + qr_stream(QR) + b"\n\n" + ean + b"\n" + CUT
    host.write(stream + GS_R1)
    assert host.read(1) == b"\x00"
    receipt = sim.receipts[-1]
    path = tmp_path / "receipt.png"
    receipt.save_png(path)
    read = {(r.format, r.text) for r in zxingcpp.read_barcodes(Image.open(path))}
    assert (zxingcpp.BarcodeFormat.QRCode, QR) in read
    assert (zxingcpp.BarcodeFormat.EAN13, "4006381333931") in read
    assert [c.kind for c in receipt.codes] == ["QR", "EAN13"]


def test_raster_image_dots(sim: ReceiptPrinterSimulator, host: Any) -> None:
    """GS v 0, 2 bytes × 2 rows: row 0 all black (ff ff), row 1 only the first and last dot (80 01)."""
    host.write(b"\x1b@" + bytes.fromhex("1d 76 30 00 02 00 02 00 ff ff 80 01") + CUT + GS_R1)
    assert host.read(1) == b"\x00"
    image = sim.receipts[-1].image
    top = 32  # MARGIN_DOTS: blank paper before the first printed dot row
    assert [image.getpixel((32 + x, top)) for x in (0, 15, 16)] == [0, 0, 255]
    assert [image.getpixel((32 + x, top + 1)) for x in (0, 1, 14, 15)] == [0, 255, 255, 0]


def test_paper_runs_out_after_n_lines_and_resumes(sim: ReceiptPrinterSimulator, host: Any) -> None:
    sim.set_faults(PrinterFaults(paper_out_after_lines=3))
    host.write(b"\x1b@" + b"".join(b"line %d\n" % i for i in range(6)) + CUT)
    host.timeout = 0.3
    assert ask(host, GS_R1) == b""
    assert ask(host, b"\x10\x04\x04") == b"\x7e"
    assert ask(host, b"\x10\x04\x02") == b"\x72"  # stopped by paper end
    host.timeout = 5
    sim.set_paper(Paper.OK)
    assert host.read(1) == b"\x00"
    assert sim.receipts[-1].lines == tuple(f"line {i}" for i in range(6))
    assert sim.faults.paper_out_after_lines is None  # one roll runs out once


def test_mute_printer_answers_nothing(sim: ReceiptPrinterSimulator, host: Any) -> None:
    sim.set_faults(PrinterFaults(mute=True))
    host.timeout = 0.3
    assert ask(host, b"\x10\x04\x01" + GS_R1, 2) == b""
    assert sim.real_time_answered == 0


def test_slow_mechanism_still_answers_real_time(sim: ReceiptPrinterSimulator, host: Any) -> None:
    # 8 lines at 0.5 s each: the real-time answer must come back while the mechanism is still printing, even
    # on a loaded machine where the round trip itself takes a while.
    sim.set_faults(PrinterFaults(line_delay_s=0.5))
    host.write(b"\x1b@" + b"a\nb\nc\nd\ne\nf\ng\nh\n")
    assert ask(host, b"\x10\x04\x01") == b"\x12"
    assert not sim.wait_idle(0)
    assert sim.wait_idle(10)


def test_automatic_status_back(sim: ReceiptPrinterSimulator, host: Any) -> None:
    assert ask(host, bytes.fromhex("1d 61 ff"), 4) == bytes.fromhex("10 00 00 00")
    sim.set_cover_open(True)
    assert host.read(4) == bytes.fromhex("38 00 00 00")


def test_a_new_connection_drops_the_half_command_of_the_last(sim: ReceiptPrinterSimulator, host: Any) -> None:
    host.write(b"\x1d(k\x10\x00")  # a GS ( k announcing 16 bytes, cut short by the cable
    assert sim.wait_idle(5)
    sim.disconnect()
    again = serial.serial_for_url(sim.url, timeout=2)
    try:
        assert sim.wait_for_client(5)
        assert ask(again, b"\x10\x04\x01") == b"\x12"
    finally:
        again.close()


def test_control_port(tmp_path: Path) -> None:
    with ReceiptPrinterSimulator(control_port=0) as sim:
        assert sim.control_address is not None
        with socket.create_connection(sim.control_address, timeout=5) as conn:
            lines = conn.makefile("rw", encoding="utf-8", newline="\n")

            def say(command: str) -> str:
                lines.write(command + "\n")
                lines.flush()
                return lines.readline().strip()

            assert say("PAPER OUT") == "OK"
            assert "paper=out" in say("STATUS") and "offline=1" in say("STATUS")
            assert say("PAPER OK") == say("COVER OPEN") == say("COVER CLOSED") == "OK"
            assert say("FAULT PAPER_OUT_AFTER 5") == say("FAULT SLOW 10") == say("FAULT MUTE ON") == "OK"
            assert sim.faults == PrinterFaults(paper_out_after_lines=5, line_delay_s=0.01, mute=True)
            assert say("SAVE " + str(tmp_path / "x.png")).startswith("ERR")
            assert say("LAST").startswith("ERR")
            assert say("FAULT NOPE 1").startswith("ERR") and say("BOGUS").startswith("ERR")
            assert say("UNPLUG") == say("REPLUG") == "OK"
            assert say("RECEIPTS") == "OK 0"
