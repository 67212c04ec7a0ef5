"""Golden byte vectors for the driver's decoder: literal wire bytes in, scans or rejections out.

Written against ISO/IEC 15424 identifiers and devices.md §3, not against the simulator's encoder.
"""

from __future__ import annotations

import pytest

from drivers.contracts import Symbology
from drivers.scanner.aim import split_aim
from drivers.scanner.framing import DecodedScan, FrameDecoder, RejectedFrame, SerialScannerProtocol

DEFAULT = SerialScannerProtocol()


def decode(data: bytes, protocol: SerialScannerProtocol = DEFAULT) -> list[DecodedScan | RejectedFrame]:
    return FrameDecoder(protocol).feed(data)


@pytest.mark.parametrize(
    ("wire", "label", "symbology", "aim_id"),
    [
        (b"]E04006381333931\r", "4006381333931", Symbology.EAN13, "]E0"),
        (b"]E496385074\r", "96385074", Symbology.EAN8, "]E4"),
        (b"]C0ABC-123 x\r", "ABC-123 x", Symbology.CODE128, "]C0"),
        (b"]C1010400638133393117251231\r", "010400638133393117251231", Symbology.GS1_128, "]C1"),
        (
            b"]d2010400638133393121SER1\x1d10LOT42\x1d17251231\r",
            "010400638133393121SER1\x1d10LOT42\x1d17251231",
            Symbology.GS1_DATAMATRIX,
            "]d2",
        ),
        (b"]d1HELLO\r", "HELLO", Symbology.DATAMATRIX, "]d1"),
        (b"]Q1https://example.org/p?id=1\r", "https://example.org/p?id=1", Symbology.QRCODE, "]Q1"),
        (b"]Q30104006381333931\r", "0104006381333931", Symbology.GS1_QRCODE, "]Q3"),
        (b"]A0CODE39\r", "CODE39", Symbology.CODE39, "]A0"),
        (b"]I100012345678905\r", "00012345678905", Symbology.ITF, "]I1"),
        (b"]e00104006381333931\r", "0104006381333931", Symbology.GS1_DATABAR, "]e0"),
        (b"]L0PDF\r", "PDF", Symbology.PDF417, "]L0"),
        (b"]z0AZTEC\r", "AZTEC", Symbology.AZTEC, "]z0"),
        (b"]F0123\r", "123", Symbology.OTHER, "]F0"),  # well-formed but not in our table
        (b"]Q1\xc3\xa9t\xc3\xa9\r", "été", Symbology.QRCODE, "]Q1"),  # UTF-8 text in a QR code
    ],
)
def test_aim_frames(wire: bytes, label: str, symbology: Symbology, aim_id: str) -> None:
    assert decode(wire) == [DecodedScan(label, symbology, aim_id)]


def test_crlf_suffix_and_prefix() -> None:
    protocol = SerialScannerProtocol(prefix=b"\x02", suffix=b"\r\n")
    assert decode(b"\x02]E04006381333931\r\n", protocol) == [
        DecodedScan("4006381333931", Symbology.EAN13, "]E0")
    ]


def test_text_prefix_without_aim_ids() -> None:
    protocol = SerialScannerProtocol(prefix=b"SC:", aim_ids=False)
    assert decode(b"SC:4006381333931\r", protocol) == [DecodedScan("4006381333931", Symbology.UNKNOWN, None)]


def test_byte_by_byte_and_split_suffix() -> None:
    decoder = FrameDecoder(SerialScannerProtocol(suffix=b"\r\n"))
    wire = b"]E04006381333931\r\n]E496385074\r\n"
    frames = [f for byte in wire for f in decoder.feed(bytes([byte]))]
    assert [f.label for f in frames if isinstance(f, DecodedScan)] == ["4006381333931", "96385074"]
    assert not decoder.pending


def test_two_frames_in_one_chunk() -> None:
    frames = decode(b"]E04006381333931\r]E496385074\r")
    assert [(f.label, f.symbology) for f in frames if isinstance(f, DecodedScan)] == [
        ("4006381333931", Symbology.EAN13),
        ("96385074", Symbology.EAN8),
    ]


@pytest.mark.parametrize(
    ("wire", "code"),
    [
        (b"\x00\xff\x13\x80noise\xfe\r", "garbage_frame"),  # not UTF-8
        (b"]E0400\x07638\r", "garbage_frame"),  # BEL inside
        (b"\r", "garbage_frame"),  # empty
        (b"4006381333931\r", "missing_aim_id"),
        (b"]E\r", "missing_aim_id"),  # identifier cut short, no data
    ],
)
def test_rejected_frames(wire: bytes, code: str) -> None:
    (frame,) = decode(wire)
    assert isinstance(frame, RejectedFrame)
    assert frame.code == code


def test_garbage_then_good_frame() -> None:
    frames = decode(b"\x00\xff\x13\x80noise\xfe\r]E04006381333931\r")
    assert [type(f) for f in frames] == [RejectedFrame, DecodedScan]


def test_wrong_prefix() -> None:
    (frame,) = decode(b"]E04006381333931\r", SerialScannerProtocol(prefix=b"#"))
    assert isinstance(frame, RejectedFrame)
    assert frame.code == "wrong_prefix"


def test_oversize_frame_is_reported_once_and_the_stream_resynchronises() -> None:
    decoder = FrameDecoder(SerialScannerProtocol(max_frame_len=16))
    first = decoder.feed(b"]C0" + b"A" * 30)
    assert [f.code for f in first if isinstance(f, RejectedFrame)] == ["oversize_frame"]
    assert decoder.feed(b"B" * 30) == []  # still the same runaway frame
    assert decoder.feed(b"\r]E496385074\r") == [DecodedScan("96385074", Symbology.EAN8, "]E4")]


def test_oversize_complete_frame() -> None:
    (frame,) = decode(b"]C0" + b"A" * 20 + b"\r", SerialScannerProtocol(max_frame_len=16))
    assert isinstance(frame, RejectedFrame)
    assert frame.code == "oversize_frame"


def test_flush_turns_a_fragment_into_a_partial_frame() -> None:
    decoder = FrameDecoder(DEFAULT)
    assert decoder.feed(b"]E0400638") == []
    assert decoder.pending
    partial = decoder.flush()
    assert partial is not None
    assert (partial.code, partial.raw) == ("partial_frame", b"]E0400638")
    assert decoder.flush() is None
    assert decoder.feed(b"]E496385074\r") == [DecodedScan("96385074", Symbology.EAN8, "]E4")]


def test_split_aim_requires_identifier_and_data() -> None:
    assert split_aim("]E0") is None
    assert split_aim("]E 123") is None
    assert split_aim("E0123") is None


@pytest.mark.parametrize(
    "bad",
    [
        {"baudrate": 0},
        {"bytesize": 9},
        {"parity": "X"},
        {"stopbits": 3},
        {"suffix": b""},
        {"max_frame_len": 0},
    ],
)
def test_protocol_rejects_bad_settings(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        SerialScannerProtocol(**bad)  # type: ignore[arg-type]
