"""Golden byte vectors for the simulator's encoder, from ISO/IEC 15424 ids and devices.md §3.1 framing."""

from __future__ import annotations

import pytest

from simulators.scanner.encoder import (
    LINE_NOISE,
    ScannerProgramming,
    encode_noise,
    encode_partial,
    encode_scan,
)

CR = ScannerProgramming()


@pytest.mark.parametrize(
    ("code", "symbology", "wire"),
    [
        ("4006381333931", "EAN13", b"]E04006381333931\r"),
        ("96385074", "EAN8", b"]E496385074\r"),
        ("ABC-123", "CODE128", b"]C0ABC-123\r"),
        ("010400638133393117251231", "GS1_128", b"]C1010400638133393117251231\r"),
        (
            "010400638133393121SER1\x1d10LOT42",
            "GS1_DATAMATRIX",
            b"]d2010400638133393121SER1\x1d10LOT42\r",
        ),
        ("https://example.org", "QRCODE", b"]Q1https://example.org\r"),
        ("0104006381333931", "GS1_QRCODE", b"]Q30104006381333931\r"),
        ("036000291452", "upca", b"]E0036000291452\r"),  # names are case-insensitive
        ("été", "QRCODE", b"]Q1\xc3\xa9t\xc3\xa9\r"),
    ],
)
def test_aim_frames(code: str, symbology: str, wire: bytes) -> None:
    assert encode_scan(code, symbology, CR) == wire


def test_crlf_prefix_and_aim_off() -> None:
    programming = ScannerProgramming(prefix=b"\x02", suffix=b"\r\n")
    assert encode_scan("4006381333931", "EAN13", programming) == b"\x02]E04006381333931\r\n"
    plain = ScannerProgramming(aim_ids=False)
    assert encode_scan("4006381333931", "EAN13", plain) == b"4006381333931\r"


def test_partial_and_noise() -> None:
    assert encode_partial("4006381333931", "EAN13", ScannerProgramming(suffix=b"\r\n")) == b"]E04006381333931"
    assert encode_noise(CR) == LINE_NOISE + b"\r"
    assert encode_noise(CR, b"\x00") == b"\x00\r"


def test_errors() -> None:
    with pytest.raises(ValueError, match="unknown symbology"):
        encode_scan("1", "NOPE", CR)
    with pytest.raises(ValueError, match="empty"):
        encode_scan("", "EAN13", CR)
    with pytest.raises(ValueError, match="suffix"):
        ScannerProgramming(suffix=b"")


@pytest.mark.parametrize(
    ("code", "programming"),
    [
        ("400\r6381333931", CR),
        ("4006381333931\n", ScannerProgramming(suffix=b"\r\n")),  # any character of the suffix
        ("A#B", ScannerProgramming(suffix=b"#")),
    ],
)
def test_a_suffix_character_inside_the_data_is_refused(code: str, programming: ScannerProgramming) -> None:
    """A real scanner would end the frame there and send two; the simulator refuses instead."""
    with pytest.raises(ValueError, match="suffix"):
        encode_scan(code, "CODE128", programming)
    with pytest.raises(ValueError, match="suffix"):
        encode_partial(code, "CODE128", programming)
