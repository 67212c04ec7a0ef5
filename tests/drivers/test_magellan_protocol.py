"""Golden vectors for the host-side Magellan decoder (devices.md §2.2: Datalogic KB KA-01089 / KA-01506).

Each message is written as the bytes on the wire, ``S`` prefix, two-digit type, payload, CR suffix.
"""

from __future__ import annotations

import pytest

from drivers.contracts import Symbology
from drivers.magellan.protocol import (
    BadMessage,
    LabelRead,
    MagellanDecoder,
    MagellanProtocol,
    MonitorStatus,
    ScaleReading,
    expand_upce,
)

KG = MagellanProtocol()


def decode(hex_bytes: str, protocol: MagellanProtocol = KG) -> list[object]:
    return list(MagellanDecoder(protocol).feed(bytes.fromhex(hex_bytes)))


@pytest.mark.parametrize(
    ("wire", "label", "symbology", "label_id"),
    [
        # S08 F 4006381333931 CR: EAN-13
        ("53 30 38 46 34 30 30 36 33 38 31 33 33 33 39 33 31 0d", "4006381333931", Symbology.EAN13, "F"),
        # S08 FF 96385074 CR: EAN-8 (the longer id wins over F)
        ("53 30 38 46 46 39 36 33 38 35 30 37 34 0d", "96385074", Symbology.EAN8, "FF"),
        # S08 A 036000291452 CR: UPC-A
        ("53 30 38 41 30 33 36 30 30 30 32 39 31 34 35 32 0d", "036000291452", Symbology.UPCA, "A"),
        # S08 E 01234565 CR: UPC-E, expanded to its UPC-A 012345000065
        ("53 30 38 45 30 31 32 33 34 35 36 35 0d", "012345000065", Symbology.UPCE, "E"),
        # S08 B3 ABC-123 CR: Code 128
        ("53 30 38 42 33 41 42 43 2d 31 32 33 0d", "ABC-123", Symbology.CODE128, "B3"),
        # S08 R4 0100614141999996 CR: GS1 DataBar
        (
            "53 30 38 52 34 30 31 30 30 36 31 34 31 34 31 39 39 39 39 39 36 0d",
            "0100614141999996",
            Symbology.GS1_DATABAR,
            "R4",
        ),
    ],
)
def test_label_frames(wire: str, label: str, symbology: Symbology, label_id: str) -> None:
    assert decode(wire) == [LabelRead(label, symbology, label_id)]


@pytest.mark.parametrize(
    ("wire", "reading"),
    [
        # S11 01234 CR: stable 1.234 kg (5 digits, no decimal point)
        ("53 31 31 30 31 32 33 34 0d", ScaleReading(MonitorStatus.STABLE_NON_ZERO, 1234, monitor=False)),
        # S11 00000 CR: stable zero
        ("53 31 31 30 30 30 30 30 0d", ScaleReading(MonitorStatus.STABLE_ZERO, 0, monitor=False)),
        # S14 4 01234 CR: monitor, stable non-zero
        ("53 31 34 34 30 31 32 33 34 0d", ScaleReading(MonitorStatus.STABLE_NON_ZERO, 1234, monitor=True)),
        ("53 31 34 33 0d", ScaleReading(MonitorStatus.STABLE_ZERO, 0, monitor=True)),  # S143
        ("53 31 34 31 0d", ScaleReading(MonitorStatus.UNSTABLE, None, monitor=True)),  # S141
        ("53 31 34 32 0d", ScaleReading(MonitorStatus.OVER_CAPACITY, None, monitor=True)),  # S142
        ("53 31 34 35 0d", ScaleReading(MonitorStatus.UNDER_ZERO, None, monitor=True)),  # S145
        ("53 31 34 30 0d", ScaleReading(MonitorStatus.NO_ZERO, None, monitor=True)),  # S140
    ],
)
def test_scale_frames(wire: str, reading: ScaleReading) -> None:
    assert decode(wire) == [reading]


def test_pounds_are_four_digits_of_hundredths() -> None:
    # S11 0250 CR: 2.50 lb = 1133.98 g
    lb = MagellanProtocol(unit="lb")
    assert decode("53 31 31 30 32 35 30 0d", lb) == [
        ScaleReading(MonitorStatus.STABLE_NON_ZERO, 1134, monitor=False)
    ]
    (bad,) = decode("53 31 31 30 31 32 33 34 0d", lb)  # five digits where four are due
    assert isinstance(bad, BadMessage)


def test_parity_bit_is_masked() -> None:
    # S11 01234 CR with odd parity in bit 7, as an 8-bit read of a 7O1 line shows it
    assert decode("d3 31 31 b0 31 32 b3 34 0d") == [
        ScaleReading(MonitorStatus.STABLE_NON_ZERO, 1234, monitor=False)
    ]


def test_split_chunks_and_back_to_back_messages() -> None:
    decoder = MagellanDecoder(KG)
    assert decoder.feed(bytes.fromhex("53 30 38 46 34 30 30 36")) == []
    assert decoder.pending
    wire = bytes.fromhex("33 38 31 33 33 33 39 33 31 0d 53 31 34 33 0d")
    assert decoder.feed(wire) == [
        LabelRead("4006381333931", Symbology.EAN13, "F"),
        ScaleReading(MonitorStatus.STABLE_ZERO, 0, monitor=True),
    ]


@pytest.mark.parametrize(
    ("wire", "code"),
    [
        ("58 30 38 46 31 0d", "garbage_frame"),  # X08F1: wrong prefix
        ("53 30 38 5a 31 32 0d", "unknown_label_id"),  # S08Z12
        ("53 30 38 46 0d", "garbage_frame"),  # S08F: no data
        ("53 39 39 0d", "unknown_message"),  # S99
        ("53 31 34 34 0d", "garbage_frame"),  # S144 without weight digits
        ("53 31 34 31 30 31 32 33 34 0d", "garbage_frame"),  # S141 with digits
        ("53 31 34 37 0d", "garbage_frame"),  # S147: no such status
        ("53 31 31 31 32 0d", "garbage_frame"),  # S1112: too few digits
        ("53 30 38 45 39 39 39 39 39 39 39 39 0d", "garbage_frame"),  # S08E99999999: not a UPC-E
    ],
)
def test_bad_messages(wire: str, code: str) -> None:
    (message,) = decode(wire)
    assert isinstance(message, BadMessage)
    assert message.code == code


def test_partial_and_oversize() -> None:
    decoder = MagellanDecoder(MagellanProtocol(max_frame_len=8))
    assert decoder.feed(b"S08F1234") == []
    flushed = decoder.flush()
    assert flushed is not None and flushed.code == "partial_frame"
    assert decoder.flush() is None
    (oversize,) = decoder.feed(b"S08F123456789")
    assert isinstance(oversize, BadMessage) and oversize.code == "oversize_frame"


def test_requests() -> None:
    assert KG.request("11") == bytes.fromhex("53 31 31 0d")  # S11 CR
    assert KG.request("14") == bytes.fromhex("53 31 34 0d")  # S14 CR


@pytest.mark.parametrize(
    ("upce", "upca"),
    [
        # GS1 General Specifications §5.2.2.4.2 zero-suppression, one per rule
        ("01234565", "012345000065"),  # last digit 5..9
        ("0123450", "012000003455"),  # 0..2: check digit computed when not sent
        ("123453", "012300000451"),  # 3, number system 0 assumed
        ("01234640", "012340000060"),  # 4 (check digit sent and correct)
    ],
)
def test_upce_expansion(upce: str, upca: str) -> None:
    assert expand_upce(upce) == upca


def test_upce_rejects() -> None:
    assert expand_upce("01234560") is None  # wrong check digit
    assert expand_upce("21234565") is None  # number system 2
    assert expand_upce("12345") is None
