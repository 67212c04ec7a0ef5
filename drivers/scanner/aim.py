"""AIM symbology identifiers (ISO/IEC 15424) on the host side: ``]`` + code character + modifier.

Why AIM ids: with them switched on in the scanner, one parser handles every vendor, and the symbology comes
from the scanner instead of being guessed from the data length. Source: ISO/IEC 15424, GS1 General
Specifications fig. 5.1.2-2, summarised in shared/reference/devices.md §3.2; ScanDataType values from §1.8.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from drivers.contracts import Symbology

FLAG: Final = "]"
"""Every AIM identifier starts with this flag character."""

ID_LENGTH: Final = 3

DIGITS_ONLY: Final = frozenset("EI")
"""AIM code characters of symbologies that encode digits only: EAN/UPC (``]E``, ISO/IEC 15420) and ITF
(``]I``, ISO/IEC 16390). A letter or ``]`` in their data means two frames ran together, not a barcode."""

AIM_SYMBOLOGIES: Final = MappingProxyType(
    {
        "]E0": Symbology.EAN13,  # EAN-13, and UPC-A/UPC-E, which the AIM id does not tell apart
        "]E1": Symbology.OTHER,  # 2-digit add-on alone
        "]E2": Symbology.OTHER,  # 5-digit add-on alone
        "]E3": Symbology.EAN13,  # EAN with add-on: the label carries the add-on digits after the 13
        "]E4": Symbology.EAN8,
        "]C0": Symbology.CODE128,
        "]C1": Symbology.GS1_128,  # FNC1 in first position; GS separates variable-length AIs
        "]A0": Symbology.CODE39,
        "]I0": Symbology.ITF,
        "]I1": Symbology.ITF,  # ITF-14 with check digit verified
        "]e0": Symbology.GS1_DATABAR,
        "]d1": Symbology.DATAMATRIX,
        "]d2": Symbology.GS1_DATAMATRIX,  # FNC1; GS separators
        "]Q1": Symbology.QRCODE,
        "]Q3": Symbology.GS1_QRCODE,
        "]L0": Symbology.PDF417,
        "]z0": Symbology.AZTEC,
        "]X0": Symbology.OTHER,  # Bookland/ISBN on Datalogic Magellan (vendor use of the X family)
    }
)
"""Identifier → UPOS ScanDataType. A well-formed identifier not listed here maps to ``Symbology.OTHER``."""


@dataclass(frozen=True, slots=True)
class AimSplit:
    """A frame body split into its AIM identifier and the barcode data."""

    aim_id: str
    symbology: Symbology
    data: str


def split_aim(body: str, table: Mapping[str, Symbology] = AIM_SYMBOLOGIES) -> AimSplit | None:
    """Split ``]cm<data>``; ``None`` when the body does not start with a well-formed identifier.

    Well-formed means the flag, then a printable ASCII code character, then a printable modifier character.
    Empty data is not a barcode, so it is rejected too.
    """
    if len(body) <= ID_LENGTH or not body.startswith(FLAG):
        return None
    aim_id = body[:ID_LENGTH]
    if not all(0x21 <= ord(ch) <= 0x7E for ch in aim_id[1:]):
        return None
    return AimSplit(aim_id, table.get(aim_id, Symbology.OTHER), body[ID_LENGTH:])
