"""ZVT field layer for the ECR role: APDU framing, BCD, LL/LLL variables, BMP fields and TLV containers.

Source: "ECR-Interface / ZVT-Protocol", PA00P015 rev. 13.13 (terminalhersteller.de), cited as *ZVT* with the
chapter's title: "APDU" (control field CLASS INSTR, one length byte; ``FF`` then two bytes little-endian for
an extended length), "Summary of utilised BMPs" (tag byte, then a fixed or LL/LLL-variable value), and
"TLV-container" (BER-style tags, a length of one byte, or ``81 xx`` / ``82 xx xx``). On TCP the APDUs travel
raw, without DLE framing or CRC (ZVT "Transport-protocol", TCP/IP).

Written for the ECR (decoding what the PT sends); the simulator has its own PT-side encoder, so the two are
checked against golden vectors each, never against each other.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


class ZvtFormatError(ValueError):
    """Bytes that do not follow the ZVT layout (the caller answers with a negative acknowledgement)."""


# -- APDU framing ------------------------------------------------------------------------------------------
EXTENDED_LENGTH: Final = 0xFF
"""ZVT "APDU": a length byte of FF means the real length follows in two bytes, low byte first."""


def frame_apdu(control: bytes, data: bytes = b"") -> bytes:
    """``CLASS INSTR LEN DATA``; lengths of 255 and more take the extended form ``FF lo hi``."""
    if len(control) != 2:
        raise ValueError(f"a control field is two bytes, got {control.hex(' ')}")
    if len(data) > 0xFFFF:
        raise ValueError(f"APDU data too long ({len(data)} bytes)")
    if len(data) < EXTENDED_LENGTH:
        return control + bytes([len(data)]) + data
    return control + bytes([EXTENDED_LENGTH]) + len(data).to_bytes(2, "little") + data


@dataclass(frozen=True, slots=True)
class Apdu:
    control: bytes  # CLASS INSTR
    data: bytes

    @property
    def name(self) -> str:
        return self.control.hex(" ").upper()


class ApduSplitter:
    """Cuts a TCP byte stream into APDUs, however the stream was segmented."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, chunk: bytes) -> list[Apdu]:
        self._buffer += chunk
        found: list[Apdu] = []
        while (apdu := self._take()) is not None:
            found.append(apdu)
        return found

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def _take(self) -> Apdu | None:
        buf = self._buffer
        if len(buf) < 3:
            return None
        header, size = 3, buf[2]
        if size == EXTENDED_LENGTH:
            if len(buf) < 5:
                return None
            header, size = 5, int.from_bytes(buf[3:5], "little")
        if len(buf) < header + size:
            return None
        apdu = Apdu(bytes(buf[:2]), bytes(buf[header : header + size]))
        del buf[: header + size]
        return apdu


# -- numbers -----------------------------------------------------------------------------------------------
def bcd(number: int, size: int) -> bytes:
    """``number`` as ``size`` bytes of packed BCD, most significant digit first (1234, 3 → 00 12 34)."""
    digits = f"{number:0{size * 2}d}"
    if number < 0 or len(digits) > size * 2:
        raise ValueError(f"{number} does not fit {size} BCD bytes")
    return bytes.fromhex(digits)


def from_bcd(raw: bytes) -> int:
    text = raw.hex()
    if not text.isdigit():
        raise ZvtFormatError(f"not BCD: {raw.hex(' ')}")
    return int(text)


def _variable_length(raw: bytes, digits: int) -> int:
    """ZVT "Summary of utilised BMPs": LLVAR is ``Fx Fy`` = 10x + y bytes; LLLVAR is ``Fx Fy Fz``."""
    if len(raw) < digits or any(b & 0xF0 != 0xF0 or b & 0x0F > 9 for b in raw[:digits]):
        raise ZvtFormatError(f"bad variable-length prefix {raw[:digits].hex(' ')}")
    return int("".join(str(b & 0x0F) for b in raw[:digits]))


# -- BMP fields --------------------------------------------------------------------------------------------
class Layout(enum.Enum):
    LLVAR = "LL"
    LLLVAR = "LLL"
    TLV = "TLV"


FieldLength = int | Layout

BMP_LENGTHS: Final[MappingProxyType[int, FieldLength]] = MappingProxyType(
    {
        0x01: 1,  # timeout
        0x02: 1,  # max. status-infos
        0x03: 1,  # service byte
        0x04: 6,  # amount, BCD, minor units
        0x05: 1,  # pump number
        0x06: Layout.TLV,
        0x0B: 3,  # trace number, BCD
        0x0C: 3,  # time HHMMSS, BCD
        0x0D: 2,  # date MMDD, BCD
        0x0E: 2,  # expiry YYMM, BCD
        0x17: 2,  # card sequence number, BCD
        0x19: 1,  # payment type / status byte / card type
        0x22: Layout.LLVAR,  # PAN / EF_ID, BCD with E for masked digits
        0x23: Layout.LLVAR,  # track 2 (never requested; dropped if sent)
        0x24: Layout.LLLVAR,  # track 3 (ditto)
        0x27: 1,  # result code
        0x29: 4,  # terminal id, BCD
        0x2A: 15,  # VU (merchant) number, ASCII
        0x2D: Layout.LLVAR,  # track 1 (ditto)
        0x2E: Layout.LLLVAR,  # synchronous chip data
        0x37: 3,  # trace number of the original transaction, BCD
        0x3A: 2,  # CVV (never requested; dropped if sent)
        0x3B: 8,  # AID / authorisation attribute, ASCII
        0x3C: Layout.LLLVAR,  # additional data / text
        0x3D: 3,  # password
        0x49: 2,  # currency code, BCD ISO 4217 numeric
        0x60: Layout.LLLVAR,  # individual totals
        0x87: 2,  # receipt number, BCD
        0x88: 3,  # turnover record number, BCD
        0x8A: 1,  # ZVT card-type id
        0x8B: Layout.LLVAR,  # card name, ASCII
        0x8C: 1,  # card-type id of the network operator
        0x92: Layout.LLLVAR,
        0x9A: Layout.LLLVAR,
        0xA0: 1,  # result code AS
        0xA7: Layout.LLVAR,
        0xAA: 3,  # date YYMMDD, BCD
        0xAF: Layout.LLLVAR,
        0xBA: 5,  # AID parameter
    }
)
"""Tag → value length, from ZVT "Summary of utilised BMPs" (the subset a payment flow meets)."""

SENSITIVE_BMPS: Final = frozenset({0x23, 0x24, 0x2D, 0x2E, 0x3A})
"""Track data, chip data and CVV: sensitive authentication data that must never be kept (PCI DSS 3.3.1)."""


def _field_value(data: bytes, at: int, length: FieldLength) -> tuple[bytes, int]:
    """The value starting at ``at`` and the offset after it."""
    if isinstance(length, int):
        end = at + length
    elif length is Layout.TLV:
        size, header = tlv_length(data, at)
        end = at + header + size
    else:
        digits = 2 if length is Layout.LLVAR else 3
        end = at + digits + _variable_length(data[at:], digits)
        at += digits
    if end > len(data):
        raise ZvtFormatError(f"field runs past the end ({end} > {len(data)})")
    return data[at:end], end


def parse_bmps(data: bytes) -> dict[int, bytes]:
    """A BMP sequence as tag → raw value (a TLV value keeps its length prefix). Sensitive fields are dropped."""
    fields: dict[int, bytes] = {}
    at = 0
    while at < len(data):
        tag = data[at]
        length = BMP_LENGTHS.get(tag)
        if length is None:
            raise ZvtFormatError(f"unknown BMP {tag:02X} at offset {at}")
        value, at = _field_value(data, at + 1, length)
        if tag not in SENSITIVE_BMPS:
            fields[tag] = value
    return fields


# -- TLV container -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Tlv:
    tag: int  # 1–3 tag bytes as one number, e.g. 0x1F07
    value: bytes
    constructed: bool

    def children(self) -> list[Tlv]:
        return parse_tlv(self.value) if self.constructed else []


def tlv_length(data: bytes, at: int) -> tuple[int, int]:
    """(length, bytes the length took) at ``at``: ``xx`` < 0x80, ``81 xx`` or ``82 xx xx`` (ZVT "TLV-container")."""
    if at >= len(data):
        raise ZvtFormatError("TLV length missing")
    first = data[at]
    if first < 0x80:
        return first, 1
    count = first & 0x7F
    if count not in (1, 2) or at + 1 + count > len(data):
        raise ZvtFormatError(f"bad TLV length {data[at : at + 3].hex(' ')}")
    return int.from_bytes(data[at + 1 : at + 1 + count], "big"), 1 + count


def parse_tlv(data: bytes) -> list[Tlv]:
    items: list[Tlv] = []
    at = 0
    while at < len(data):
        start = at
        tag = data[at]
        at += 1
        if tag & 0x1F == 0x1F:  # multi-byte tag: following bytes while bit 8 is set
            while True:
                if at >= len(data) or at - start > 3:
                    raise ZvtFormatError(f"bad TLV tag at offset {start}")
                tag = tag << 8 | data[at]
                at += 1
                if not data[at - 1] & 0x80:
                    break
        size, header = tlv_length(data, at)
        at += header
        if at + size > len(data):
            raise ZvtFormatError(f"TLV value of tag {tag:X} runs past the end")
        constructed = bool(data[start] & 0x20)
        items.append(Tlv(tag, data[at : at + size], constructed))
        at += size
    return items


def tlv_container(raw_with_length: bytes) -> list[Tlv]:
    """The value of BMP 06 (its own length prefix first) as TLV items."""
    size, header = tlv_length(raw_with_length, 0)
    return parse_tlv(raw_with_length[header : header + size])
