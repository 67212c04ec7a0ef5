"""What a programmed serial scanner puts on the wire: ``[prefix][AIM id][data][suffix]`` (devices.md §3.1).

Written independently of the driver's decoder (``drivers.scanner.framing``) and tested on its own golden
vectors. Symbologies are named by the UPOS ScanDataType names (``"EAN13"``, ``"GS1_DATAMATRIX"``) so the
line protocol and scenario files can use them as plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

AIM_IDENTIFIERS: Final = MappingProxyType(
    {
        "EAN13": "]E0",
        "UPCA": "]E0",  # UPC-A and UPC-E travel as EAN-13 family under ]E0 (ISO/IEC 15424)
        "UPCE": "]E0",
        "EAN8": "]E4",
        "CODE128": "]C0",
        "GS1_128": "]C1",
        "CODE39": "]A0",
        "ITF": "]I0",
        "GS1_DATABAR": "]e0",
        "DATAMATRIX": "]d1",
        "GS1_DATAMATRIX": "]d2",
        "QRCODE": "]Q1",
        "GS1_QRCODE": "]Q3",
        "PDF417": "]L0",
        "AZTEC": "]z0",
    }
)
"""Symbology name → AIM identifier the scanner transmits (ISO/IEC 15424; devices.md §3.2)."""

LINE_NOISE: Final = b"\x00\xff\x13\x80noise\xfe"
"""A burst like a baud-rate mismatch produces: NUL, 0xFF, XOFF, high-bit bytes."""


@dataclass(frozen=True, slots=True)
class ScannerProgramming:
    """The settings a technician programs into the scanner with configuration barcodes."""

    prefix: bytes = b""
    suffix: bytes = b"\r"
    aim_ids: bool = True

    def __post_init__(self) -> None:
        if not self.suffix:
            raise ValueError("a serial scanner needs a suffix; the host frames on it")


def aim_identifier(symbology: str) -> str:
    try:
        return AIM_IDENTIFIERS[symbology.upper()]
    except KeyError:
        known = ", ".join(AIM_IDENTIFIERS)
        raise ValueError(f"unknown symbology {symbology!r}; known: {known}") from None


def encode_scan(code: str, symbology: str, programming: ScannerProgramming) -> bytes:
    """One good read, byte for byte as the scanner sends it."""
    if not code:
        raise ValueError("a barcode cannot be empty")
    data = code.encode("utf-8")
    inside = sorted({byte for byte in data if byte in programming.suffix})
    if inside:
        # A scanner would end the frame at that byte and send the rest as a second frame: refuse instead.
        shown = ", ".join(f"{byte:#04x}" for byte in inside)
        raise ValueError(f"the data holds the suffix character {shown}; it would be sent as two frames")
    identifier = aim_identifier(symbology) if programming.aim_ids else ""
    return programming.prefix + identifier.encode("ascii") + data + programming.suffix


def encode_partial(code: str, symbology: str, programming: ScannerProgramming) -> bytes:
    """A read cut off before its suffix (cable pulled mid-frame): everything but the suffix."""
    return encode_scan(code, symbology, programming)[: -len(programming.suffix)]


def encode_noise(programming: ScannerProgramming, noise: bytes = LINE_NOISE) -> bytes:
    """Line noise followed by the suffix, so the host can resynchronise on the next frame."""
    return noise + programming.suffix
