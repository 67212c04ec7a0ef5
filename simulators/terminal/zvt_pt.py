"""The payment terminal's side of ZVT: parse what an ECR sends, build what a PT answers.

Written from PA00P015 rev. 13.13 independently of the driver's codec (``drivers.terminal``), and tested on
its own golden vectors. Chapters used: "APDU" (length byte, ``FF`` + 2 bytes little-endian when longer),
"Summary of utilised BMPs", "TLV-container", the ECR commands 06 00/01/20/30/31/50/B0 and 05 01, and the PT
messages 04 0F, 04 FF, 06 D1, 06 D3, 06 0F, 06 1E, 80 00, 84 xx.

The simulator only ever produces test card data, and the PAN it sends is already masked with ``E`` digits.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

POSITIVE_ACK = b"\x80\x00\x00"
CHARSET = "cp437"


def apdu(klass: int, instr: int, payload: bytes = b"") -> bytes:
    """Header and payload; payloads of 255 bytes or more use the three-byte extended length."""
    n = len(payload)
    size = bytes([n]) if n < 0xFF else b"\xff" + n.to_bytes(2, "little")
    return bytes([klass, instr]) + size + payload


def packed(value: int, width: int) -> bytes:
    """Packed BCD, ``width`` bytes."""
    text = str(value).rjust(2 * width, "0")
    if len(text) != 2 * width:
        raise ValueError(f"{value} is wider than {width} BCD bytes")
    return bytes(int(text[i]) << 4 | int(text[i + 1]) for i in range(0, len(text), 2))


def unpacked(raw: bytes) -> int:
    value = 0
    for byte in raw:
        high, low = divmod(byte, 16)
        if high > 9 or low > 9:
            raise ValueError(f"bad BCD byte {byte:02x}")
        value = value * 100 + high * 10 + low
    return value


def ll(payload: bytes) -> bytes:
    """LLVAR: ``F<tens> F<units>`` then the payload."""
    tens, units = divmod(len(payload), 10)
    if tens > 9:
        raise ValueError("LLVAR payload longer than 99 bytes")
    return bytes([0xF0 + tens, 0xF0 + units]) + payload


def lll(payload: bytes) -> bytes:
    hundreds, rest = divmod(len(payload), 100)
    return bytes([0xF0 + hundreds, 0xF0 + rest // 10, 0xF0 + rest % 10]) + payload


def tlv(tag: int, value: bytes) -> bytes:
    """One BER-TLV object; tags of one or two bytes, lengths up to 65535."""
    tag_bytes = tag.to_bytes(2 if tag > 0xFF else 1, "big")
    n = len(value)
    length = (
        bytes([n]) if n < 0x80 else (b"\x81" + bytes([n]) if n < 0x100 else b"\x82" + n.to_bytes(2, "big"))
    )
    return tag_bytes + length + value


def bmp_06(objects: bytes) -> bytes:
    """BMP 06: the TLV container, its total length in the same BER form as a TLV length."""
    return tlv(0x06, objects)


class StreamReader:
    """Reassembles ECR APDUs from TCP segments: yields ``(class, instr, payload)``."""

    def __init__(self) -> None:
        self._pending = b""

    def push(self, chunk: bytes) -> Iterator[tuple[int, int, bytes]]:
        self._pending += chunk
        while len(self._pending) >= 3:
            start, length = 3, self._pending[2]
            if length == 0xFF:
                if len(self._pending) < 5:
                    return
                start, length = 5, int.from_bytes(self._pending[3:5], "little")
            end = start + length
            if len(self._pending) < end:
                return
            klass, instr, payload = self._pending[0], self._pending[1], self._pending[start:end]
            self._pending = self._pending[end:]
            yield klass, instr, payload


# -- ECR commands as the PT reads them -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EcrCommand:
    """A parsed ECR command. ``fields`` are the BMPs after the fixed part (tag → raw value)."""

    klass: int
    instr: int
    password: int | None = None
    config_byte: int | None = None
    currency: int | None = None
    fields: dict[int, bytes] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return f"{self.klass:02X} {self.instr:02X}"

    @property
    def amount(self) -> int | None:
        return unpacked(self.fields[0x04]) if 0x04 in self.fields else None

    @property
    def receipt_no(self) -> int | None:
        return unpacked(self.fields[0x87]) if 0x87 in self.fields else None


_FIXED = {
    0x01: 1,
    0x02: 1,
    0x03: 1,
    0x04: 6,
    0x05: 1,
    0x0B: 3,
    0x0E: 2,
    0x19: 1,
    0x37: 3,
    0x3A: 2,
    0x49: 2,
    0x87: 2,
    0x8A: 1,
}
"""BMPs an ECR may put in the commands we serve, with their fixed lengths (ZVT "Summary of utilised BMPs")."""
_LL = {0x22, 0x23, 0x2D}
_LLL = {0x24, 0x3C}


def _bmp_walk(payload: bytes) -> dict[int, bytes]:
    found: dict[int, bytes] = {}
    i = 0
    while i < len(payload):
        tag = payload[i]
        i += 1
        if tag in _FIXED:
            size = _FIXED[tag]
        elif tag in _LL or tag in _LLL:
            digits = 2 if tag in _LL else 3
            prefix = payload[i : i + digits]
            if len(prefix) < digits or any(not 0xF0 <= b <= 0xF9 for b in prefix):
                raise ValueError(f"bad length prefix of BMP {tag:02X}")
            size = int("".join(str(b - 0xF0) for b in prefix))
            i += digits
        elif tag == 0x06 and i < len(payload):  # TLV container: BER length
            first = payload[i]
            extra = first - 0x80 if first >= 0x80 else 0
            size = int.from_bytes(payload[i + 1 : i + 1 + extra], "big") if extra else first
            i += 1 + extra
        else:
            raise ValueError(f"unknown BMP {tag:02X}")
        if i + size > len(payload):
            raise ValueError(f"BMP {tag:02X} runs past the end")
        found[tag] = payload[i : i + size]
        i += size
    return found


def parse_command(klass: int, instr: int, payload: bytes) -> EcrCommand:
    """Split the fixed leading fields (password, config byte, bare CC) from the BMPs that follow."""
    if (klass, instr) == (0x06, 0x00):  # <password> <config-byte> [<CC> [03 ..] [06 ..]]
        if len(payload) < 4:
            raise ValueError("registration needs a password and a config byte")
        password, config, rest = unpacked(payload[:3]), payload[3], payload[4:]
        try:  # the bare CC is optional and may look like a BMP tag (06 43 = RUB): BMPs alone first
            return EcrCommand(klass, instr, password, config, None, _bmp_walk(rest))
        except ValueError:
            return EcrCommand(klass, instr, password, config, unpacked(rest[:2]), _bmp_walk(rest[2:]))
    has_password = (klass, instr) in {(0x05, 0x01), (0x06, 0x20), (0x06, 0x30), (0x06, 0x31), (0x06, 0x50)}
    if has_password and len(payload) >= 3:
        fields = _bmp_walk(payload[3:])
        cc = unpacked(fields[0x49]) if 0x49 in fields else None
        return EcrCommand(klass, instr, unpacked(payload[:3]), None, cc, fields)
    fields = _bmp_walk(payload)
    return EcrCommand(klass, instr, None, None, unpacked(fields[0x49]) if 0x49 in fields else None, fields)


# -- PT messages -------------------------------------------------------------------------------------------
def negative_ack(error: int) -> bytes:
    return bytes([0x84, error, 0x00])


def intermediate_status(status: int) -> bytes:
    return apdu(0x04, 0xFF, bytes([status]))


@dataclass(frozen=True, slots=True)
class Booking:
    """What the PT reports in 04 0F for one transaction (test data only)."""

    result: int
    amount: int
    currency: int
    trace: int
    receipt: int | None
    turnover: int | None
    hhmmss: str
    mmdd: str
    terminal_id: str
    pan_masked: str = "476173EEEEEE0010"  # E = masked digit; the PT never reveals more
    card_type: int = 10
    card_name: str = "VISA"
    auth_code: str = ""


def status_information(b: Booking) -> bytes:
    body = b"\x27" + bytes([b.result]) + b"\x04" + packed(b.amount, 6) + b"\x0b" + packed(b.trace, 3)
    body += b"\x0c" + bytes.fromhex(b.hhmmss) + b"\x0d" + bytes.fromhex(b.mmdd)
    if b.receipt is not None:
        body += b"\x87" + packed(b.receipt, 2)
    if b.turnover is not None:
        body += b"\x88" + packed(b.turnover, 3)
    body += b"\x29" + bytes.fromhex(b.terminal_id) + b"\x49" + packed(b.currency, 2)
    if b.result == 0:
        pan = b.pan_masked + ("F" if len(b.pan_masked) % 2 else "")
        body += b"\x22" + ll(bytes.fromhex(pan)) + b"\x8a" + bytes([b.card_type])
        body += b"\x8b" + ll(b.card_name.encode("ascii"))
        body += b"\x3b" + b.auth_code.encode("ascii").ljust(8, b"\x00")
    return apdu(0x04, 0x0F, body)


def print_line(text: str, last: bool = False) -> bytes:
    """06 D1: attribute 00 for a normal line, 80 on the last line of a receipt."""
    return apdu(0x06, 0xD1, bytes([0x80 if last else 0x00]) + text.encode(CHARSET, errors="replace"))


def print_block(lines: list[str], receipt_type: int) -> bytes:
    """06 D3: 1F07 receipt type, then 25 holding one 07 object per line."""
    texts = b"".join(tlv(0x07, line.encode(CHARSET, errors="replace")) for line in lines)
    return apdu(0x06, 0xD3, bmp_06(tlv(0x1F07, bytes([receipt_type])) + tlv(0x25, texts)))


def completion(terminal_id: str | None = None, currency: int | None = None) -> bytes:
    """06 0F after a registration or a payment: ``[29 <TID>] [49 <CC>]`` (nothing for a payment)."""
    body = b""
    if terminal_id is not None:
        body += b"\x19\x00" + b"\x29" + bytes.fromhex(terminal_id)
    if currency is not None:
        body += b"\x49" + packed(currency, 2)
    return apdu(0x06, 0x0F, body)


def status_completion(software: str, terminal_status: int) -> bytes:
    """06 0F answering 05 01: ``<LLL software version> <terminal status>``."""
    return apdu(0x06, 0x0F, lll(software.encode("ascii")) + bytes([terminal_status]))


def abort(result: int) -> bytes:
    """06 1E: the command failed; one result-code byte (ZVT chapter 10)."""
    return apdu(0x06, 0x1E, bytes([result]))
