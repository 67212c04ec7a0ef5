"""What a Magellan scanner-scale puts on the wire (devices.md §2.2), written apart from the host decoder.

Every message is ``<prefix><type><payload><suffix>``; prefix ``S`` and suffix CR by default. A read is
``08`` + label id + data; the scale answers ``11`` + weight digits, or ``14`` + status digit (+ digits for a
stable non-zero weight). Weights carry no decimal point: grams in 5 digits (kg), hundredths of a pound in 4
(lb). With ``parity_bit`` each byte carries odd parity in bit 7, as a 7O1 line delivers it to a host that
reads 8 bits — the host must mask it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

LABEL_IDENTIFIERS: Final = MappingProxyType(
    {
        "UPCA": "A",
        "UPCE": "E",
        "EAN13": "F",
        "EAN8": "FF",
        "CODE39": "B1",
        "ITF": "B2",
        "CODE128": "B3",
        "GS1_DATABAR": "R4",
    }
)
"""Symbology name → the label identifier the Magellan sends after ``08`` (devices.md §2.2)."""

CAPACITY_G: Final = MappingProxyType({"kg": 15_000, "lb": 13_608})
"""Default platter capacity: 15 kg, or 30 lb (13.608 kg)."""


@dataclass(frozen=True, slots=True)
class MagellanProgramming:
    prefix: bytes = b"S"
    suffix: bytes = b"\r"
    unit: Literal["kg", "lb"] = "kg"
    parity_bit: bool = False
    label_ids: Mapping[str, str] = field(default=LABEL_IDENTIFIERS)
    """Symbology name → label id; a site may program its own (e.g. one for GS1 DataMatrix on a 2-D model)."""

    def __post_init__(self) -> None:
        if not self.suffix:
            raise ValueError("the single-cable protocol needs a suffix; the host frames on it")
        if self.unit not in ("kg", "lb"):
            raise ValueError(f"unit must be 'kg' or 'lb', got {self.unit!r}")


def with_odd_parity(data: bytes) -> bytes:
    """Set bit 7 where needed so every byte has an odd number of 1 bits (7O1 as seen 8 bits wide)."""
    return bytes(b | (0x80 if bin(b).count("1") % 2 == 0 else 0) for b in data)


def _frame(body: str, programming: MagellanProgramming) -> bytes:
    raw = programming.prefix + body.encode("ascii") + programming.suffix
    return with_odd_parity(raw) if programming.parity_bit else raw


def encode_label(code: str, symbology: str, programming: MagellanProgramming) -> bytes:
    """One good read as the scanner sends it, unsolicited."""
    if not code:
        raise ValueError("a barcode cannot be empty")
    try:
        label_id = programming.label_ids[symbology.upper()]
    except KeyError:
        known = ", ".join(programming.label_ids)
        raise ValueError(f"unknown symbology {symbology!r}; known: {known}") from None
    return _frame(f"08{label_id}{code}", programming)


def weight_digits(grams: int, programming: MagellanProgramming) -> str:
    if programming.unit == "kg":
        return f"{grams:05d}"
    return f"{round(grams / 4.5359237):04d}"  # hundredths of a pound


def encode_stable_weight(grams: int, programming: MagellanProgramming) -> bytes:
    """The ``11`` answer: only ever sent for a stable weight inside the range."""
    return _frame("11" + weight_digits(grams, programming), programming)


def encode_monitor(status: int, grams: int | None, programming: MagellanProgramming) -> bytes:
    """The ``14`` answer: 0 no zero, 1 unstable, 2 over capacity, 3 stable zero, 4 stable + weight, 5 under zero."""
    digits = weight_digits(grams, programming) if status == 4 and grams is not None else ""
    return _frame(f"14{status}{digits}", programming)
