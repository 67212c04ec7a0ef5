"""Golden vectors for the ESC/POS driver's two codecs, each written as literal hex from the Epson ESC/POS
Command Reference (section named per case), never produced by the simulator's parser or encoder:

- the encoder: a ``ReceiptDocument`` rendered (through python-escpos) into job bytes;
- the status decoder: the printer's ``DLE EOT``, ``GS r`` and ASB replies into typed status.
"""

from __future__ import annotations

import pytest

from drivers.contracts import Align, PaperLevel, PrinterStatus, ReceiptCode, ReceiptDocument, TextLine
from drivers.printer.faults import status_of
from drivers.printer.render import ReceiptRenderer, RenderSettings, barcode_bytes
from drivers.printer.status import Reply, ReplyKind, ReplyReader, decode_automatic, decode_real_time

PC866 = ReceiptRenderer(RenderSettings())  # TM-T88V profile, CP866

# -- encoder ---------------------------------------------------------------------------------------------
NORMAL = "1b 21 00 1b 21 00 1b 21 00"  # ESC ! 0 (print mode: Font A, normal size), as python-escpos sends it


def test_centred_bold_cyrillic_line_then_feed_and_cut() -> None:
    expected = (
        "1b 40"  # ESC @ initialise (first: it resets the code table)
        " 1b 74 11"  # ESC t 17: character code table PC866 (Cyrillic #2)
        f" {NORMAL} 1b 45 01 1b 61 01"  # ESC E 1 emphasised on; ESC a 1 centred
        " 97 a5 aa 0a"  # "Чек" in PC866, LF (print and line feed)
        f" {NORMAL} 1b 45 00 1b 61 00"  # emphasised off, left
        " 1b 64 04 1d 56 00"  # ESC d 4 print and feed 4 lines; GS V 0 full cut (function A)
    )
    document = ReceiptDocument((TextLine("Чек", Align.CENTER, bold=True),))
    assert PC866.render(document) == bytes.fromhex(expected)


def test_double_size_in_wpc1251() -> None:
    expected = (
        "1b 40 1b 74 2e"  # ESC t 46: WPC1251 on Epson
        " 1b 21 00 1b 21 00 1b 21 30"  # ESC ! 0x30: double height (bit 4) + double width (bit 5)
        " 1b 45 00 1b 61 00 d7 e5 ea 0a"  # "Чек" in WPC1251
    )
    renderer = ReceiptRenderer(RenderSettings(codepage="CP1251"))
    assert renderer.render(ReceiptDocument((TextLine("Чек", double=True),), cut=False)) == bytes.fromhex(
        expected
    )


def test_native_qr_with_quiet_lines() -> None:
    expected = (
        f"1b 40 1b 74 11 {NORMAL} 1b 45 00 1b 61 01 0a"  # centred, a blank line above the symbol
        " 1d 28 6b 04 00 31 41 32 00"  # GS ( k fn 65: QR model 2
        " 1d 28 6b 03 00 31 43 06"  # fn 67: module size 6 dots
        " 1d 28 6b 03 00 31 45 30"  # fn 69: error correction L
        " 1d 28 6b 05 00 31 50 30 68 69"  # fn 80: store "hi" (pL = 2 + 3)
        " 1d 28 6b 03 00 31 51 30"  # fn 81: print the stored symbol
        " 0a 0a"  # two blank lines below: the quiet zone a phone needs
    )
    assert PC866.render(ReceiptDocument((ReceiptCode("qr", "hi"),), cut=False)) == bytes.fromhex(expected)


@pytest.mark.parametrize(
    ("kind", "data", "wire"),
    [
        # GS H 2 HRI below, GS h 80 height, GS w 2 module, GS k m=67 (EAN13, function B) n=13 data, LF
        (
            "ean13",
            "4006381333931",
            "1d 48 02 1d 68 50 1d 77 02 1d 6b 43 0d 34 30 30 36 33 38 31 33 33 33 39 33 31 0a",
        ),
        # GS k m=73 (CODE128) n=7: "{B" selects code set B, then "SCO-1"
        ("code128", "SCO-1", "1d 48 02 1d 68 50 1d 77 02 1d 6b 49 07 7b 42 53 43 4f 2d 31 0a"),
    ],
)
def test_barcodes(kind: str, data: str, wire: str) -> None:
    assert barcode_bytes(kind, data) == bytes.fromhex(wire)


def test_bad_barcodes_are_refused() -> None:
    with pytest.raises(ValueError, match="12 or 13 digits"):
        barcode_bytes("ean13", "12345")
    with pytest.raises(ValueError, match="unknown code kind"):
        barcode_bytes("pdf417", "x")


# -- status decoder --------------------------------------------------------------------------------------
def status(**replies: int) -> PrinterStatus:
    return status_of(decode_real_time({int(n[1:]): byte for n, byte in replies.items()}))


@pytest.mark.parametrize(
    ("section", "replies", "expected"),
    [
        (
            "DLE EOT 1–4 all idle (fixed bits 1 and 4)",
            {"n1": 0x12, "n2": 0x12, "n4": 0x12},
            PrinterStatus(PaperLevel.OK, False, True),
        ),
        ("DLE EOT 1 bit 3: offline", {"n1": 0x1A}, PrinterStatus(PaperLevel.OK, False, False)),
        ("DLE EOT 2 bit 2: cover open", {"n1": 0x1A, "n2": 0x16}, PrinterStatus(PaperLevel.OK, True, False)),
        ("DLE EOT 4 bits 2+3: near end", {"n4": 0x1E}, PrinterStatus(PaperLevel.NEAR_END, False, True)),
        (
            "DLE EOT 4 bits 5+6: paper end (devices.md §4.1)",
            {"n1": 0x1A, "n4": 0x72},
            PrinterStatus(PaperLevel.EMPTY, False, False),
        ),
        ("DLE EOT 4 near end + end sensors", {"n4": 0x7E}, PrinterStatus(PaperLevel.EMPTY, False, True)),
    ],
)
def test_real_time_status(section: str, replies: dict[str, int], expected: PrinterStatus) -> None:
    assert status(**replies) == expected, section


def test_error_causes() -> None:
    flags = decode_real_time({2: 0x52, 3: 0x1A})  # DLE EOT 2 bit 6 error; DLE EOT 3 bit 3 autocutter
    assert (flags.error, flags.autocutter_error, flags.unrecoverable_error) == (True, True, False)
    assert (
        decode_real_time({3: 0x32}).unrecoverable_error and decode_real_time({3: 0x52}).auto_recoverable_error
    )
    assert decode_real_time({1: 0x16}).drawer_pin3_high and decode_real_time({2: 0x32}).stopped_by_paper_end


def test_reply_kinds_told_apart_by_their_fixed_bits() -> None:
    """``GS a`` notes: DLE EOT 0xx1xx10, ASB first byte 0xx1xx00 + 3 bytes 0xx0xxxx, GS r 0xx0xxxx."""
    stream = bytes.fromhex("12 00 38 00 0c 00 13 1e 0c")
    assert ReplyReader().feed(stream) == [
        Reply(ReplyKind.REAL_TIME, b"\x12"),
        Reply(ReplyKind.TRANSMIT, b"\x00"),
        Reply(ReplyKind.AUTOMATIC, bytes.fromhex("38 00 0c 00")),
        # 0x13 is XOFF from a serial printer's flow control: skipped
        Reply(ReplyKind.REAL_TIME, b"\x1e"),
        Reply(ReplyKind.TRANSMIT, b"\x0c"),
    ]


def test_asb_block_split_across_reads() -> None:
    reader = ReplyReader()
    assert reader.feed(bytes.fromhex("18 08")) == []
    assert reader.feed(bytes.fromhex("0f 00 12")) == [
        Reply(ReplyKind.AUTOMATIC, bytes.fromhex("18 08 0f 00")),
        Reply(ReplyKind.REAL_TIME, b"\x12"),
    ]


def test_automatic_status_back() -> None:
    flags = decode_automatic(bytes.fromhex("38 08 0f 00"))  # offline, cover open; cutter error; paper end
    assert (flags.offline, flags.cover_open, flags.autocutter_error, flags.paper_out) == (
        True,
        True,
        True,
        True,
    )
    assert status_of(decode_automatic(bytes.fromhex("10 00 03 00"))) == PrinterStatus(
        PaperLevel.NEAR_END, False, True
    )
