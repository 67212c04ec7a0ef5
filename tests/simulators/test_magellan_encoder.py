"""Golden vectors for the Magellan simulator's encoder (devices.md §2.2, Datalogic KB KA-01089 / KA-01506)."""

from __future__ import annotations

import pytest

from simulators.magellan.encoder import (
    MagellanProgramming,
    encode_label,
    encode_monitor,
    encode_stable_weight,
    with_odd_parity,
)

KG = MagellanProgramming()
LB = MagellanProgramming(unit="lb")


@pytest.mark.parametrize(
    ("code", "symbology", "wire"),
    [
        ("4006381333931", "EAN13", "53 30 38 46 34 30 30 36 33 38 31 33 33 33 39 33 31 0d"),  # S08F…
        ("96385074", "EAN8", "53 30 38 46 46 39 36 33 38 35 30 37 34 0d"),  # S08FF…
        ("036000291452", "UPCA", "53 30 38 41 30 33 36 30 30 30 32 39 31 34 35 32 0d"),  # S08A…
        ("01234565", "UPCE", "53 30 38 45 30 31 32 33 34 35 36 35 0d"),  # S08E…, sent as printed
        ("ABC-123", "CODE128", "53 30 38 42 33 41 42 43 2d 31 32 33 0d"),  # S08B3…
        ("ABC", "code39", "53 30 38 42 31 41 42 43 0d"),  # S08B1… (names are case-insensitive)
    ],
)
def test_labels(code: str, symbology: str, wire: str) -> None:
    assert encode_label(code, symbology, KG) == bytes.fromhex(wire)


def test_weights() -> None:
    assert encode_stable_weight(1234, KG) == bytes.fromhex("53 31 31 30 31 32 33 34 0d")  # S1101234
    assert encode_stable_weight(1134, LB) == bytes.fromhex("53 31 31 30 32 35 30 0d")  # S110250: 2.50 lb
    assert encode_monitor(4, 1234, KG) == bytes.fromhex("53 31 34 34 30 31 32 33 34 0d")  # S14401234
    assert encode_monitor(1, None, KG) == bytes.fromhex("53 31 34 31 0d")  # S141
    assert encode_monitor(3, 0, KG) == bytes.fromhex("53 31 34 33 0d")  # S143: no digits with zero


def test_odd_parity_and_other_framing() -> None:
    assert with_odd_parity(b"S1101234\r") == bytes.fromhex("d3 31 31 b0 31 32 b3 34 0d")
    parity = MagellanProgramming(parity_bit=True)
    assert encode_stable_weight(1234, parity) == bytes.fromhex("d3 31 31 b0 31 32 b3 34 0d")
    crlf = MagellanProgramming(prefix=b"", suffix=b"\r\n")
    assert encode_monitor(5, None, crlf) == bytes.fromhex("31 34 35 0d 0a")  # 145 CR LF


def test_errors() -> None:
    with pytest.raises(ValueError, match="unknown symbology"):
        encode_label("1", "QRCODE", KG)
    with pytest.raises(ValueError, match="empty"):
        encode_label("", "EAN13", KG)
    with pytest.raises(ValueError, match="suffix"):
        MagellanProgramming(suffix=b"")
