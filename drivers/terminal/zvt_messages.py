"""ZVT messages for the ECR role: the commands we send, and typed decodings of what the PT sends back.

Source: PA00P015 rev. 13.13, cited by chapter title: ECR→PT "Registration (06 00)", "Authorisation (06 01)",
"Reversal (06 30)", "Refund (06 31)", "Abort (06 B0)", "Repeat Receipt (06 20)", "End-of-Day (06 50)",
"Status-Enquiry (05 01)"; PT→ECR "Status-Information (04 0F)", "Intermediate Status-Information (04 FF)",
"Print Line (06 D1)", "Print Text-Block (06 D3)", "Completion (06 0F)", "Abort (06 1E)"; acknowledgements
"80 00", "84 00", "84 xx".

PCI DSS (payments.md §11): the ECR never sends card data, drops track/CVV fields if a PT sends them (see
:data:`drivers.terminal.zvt_fields.SENSITIVE_BMPS`) and keeps at most BIN + last four digits of a PAN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drivers.terminal.zvt_fields import (
    Apdu,
    ZvtFormatError,
    bcd,
    frame_apdu,
    from_bcd,
    parse_bmps,
    tlv_container,
)

ACK = frame_apdu(b"\x80\x00")
"""Positive acknowledgement, ``80 00 00`` (ZVT "80 00 Positive Acknowledgement")."""

TEXT_ENCODING = "cp437"
"""Print texts use the ZVT 7-bit/code page 437 character set unless the PT was told otherwise."""


def negative_ack(code: int) -> bytes:
    """``84 xx 00``: the APDU was not accepted, ``xx`` an error code of ZVT chapter 10."""
    return frame_apdu(bytes([0x84, code]))


def _password(password: int) -> bytes:
    return bcd(password, 3)


# -- ECR → PT ----------------------------------------------------------------------------------------------
def registration(password: int, config_byte: int, currency: int, service_byte: int | None = None) -> bytes:
    """``06 00 LL <password> <config-byte> <CC> [03 <service-byte>]``; CC carries no BMP tag here."""
    data = _password(password) + bytes([config_byte]) + bcd(currency, 2)
    if service_byte is not None:
        data += b"\x03" + bytes([service_byte])
    return frame_apdu(b"\x06\x00", data)


def authorisation(amount_minor: int, currency: int) -> bytes:
    """``06 01 LL 04 <amount> 49 <CC>``: amount in minor units, 6 bytes BCD. No card data is ever sent."""
    return frame_apdu(b"\x06\x01", b"\x04" + bcd(amount_minor, 6) + b"\x49" + bcd(currency, 2))


def reversal(password: int, receipt_no: int) -> bytes:
    """``06 30 LL <password> 87 <receipt-no>``: void of an approval of the current batch."""
    return frame_apdu(b"\x06\x30", _password(password) + b"\x87" + bcd(receipt_no, 2))


def refund(password: int, amount_minor: int, currency: int) -> bytes:
    """``06 31 LL <password> 04 <amount> 49 <CC>``: a credit without reference to a receipt."""
    return frame_apdu(
        b"\x06\x31", _password(password) + b"\x04" + bcd(amount_minor, 6) + b"\x49" + bcd(currency, 2)
    )


def abort() -> bytes:
    """``06 B0 00``: the only command the ECR may send while the PT holds master rights."""
    return frame_apdu(b"\x06\xb0")


def status_enquiry(password: int) -> bytes:
    return frame_apdu(b"\x05\x01", _password(password))


def repeat_receipt(password: int) -> bytes:
    return frame_apdu(b"\x06\x20", _password(password))


def end_of_day(password: int) -> bytes:
    return frame_apdu(b"\x06\x50", _password(password))


# -- PT → ECR ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Acknowledged:
    """``80 00`` or ``84 00``."""


@dataclass(frozen=True, slots=True)
class Refused:
    """``84 xx`` with xx ≠ 00: the PT did not accept the command (``84 9C``: repeat, the PT is busy)."""

    code: int


@dataclass(frozen=True, slots=True)
class IntermediateStatus:
    code: int
    timeout_s: int | None = None


@dataclass(frozen=True, slots=True)
class StatusInformation:
    """The transaction result (04 0F). Only what the kiosk may keep; ``masked_pan`` has at most BIN + last 4."""

    result_code: int | None = None
    amount_minor: int | None = None
    currency: int | None = None
    trace_no: int | None = None
    receipt_no: int | None = None
    turnover_no: int | None = None
    time: str | None = None  # HH:MM:SS, the PT's clock
    date: str | None = None  # MM-DD
    terminal_id: str | None = None
    masked_pan: str | None = None
    card_type: int | None = None
    card_name: str | None = None
    auth_code: str | None = None
    payment_type: int | None = None


@dataclass(frozen=True, slots=True)
class PrintText:
    """One or more receipt lines, from 06 D1 (one line) or 06 D3 (a block); ``last`` ends a receipt."""

    lines: tuple[str, ...]
    last: bool
    receipt_type: int | None = None  # 06 D3 tag 1F07: 1 merchant copy, 2 customer copy, 3 administration


@dataclass(frozen=True, slots=True)
class Completion:
    """06 0F: the PT gives master rights back. After a status enquiry it carries the terminal status."""

    terminal_status: int | None = None
    software_version: str | None = None
    terminal_id: str | None = None


@dataclass(frozen=True, slots=True)
class Aborted:
    """06 1E: the command ended without success; ``result_code`` says why (ZVT chapter 10)."""

    result_code: int


PtMessage = Acknowledged | Refused | IntermediateStatus | StatusInformation | PrintText | Completion | Aborted


_PAN_RUN = re.compile(r"[0-9*]{12,19}")


def mask_pan(digits: str) -> str:
    """Keep at most the BIN (first 6) and the last 4 digits of a PAN; everything else becomes ``*``."""
    if len(digits) <= 10:
        return "*" * max(0, len(digits) - 4) + digits[-4:]
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def redact_pans(text: str) -> str:
    """Receipt text with any PAN-like run of 12–19 digits cut to BIN + last 4, in case a PT prints more."""
    return _PAN_RUN.sub(lambda m: mask_pan(m[0]), text)


def _pan(raw: bytes) -> str:
    """BMP 22: BCD digits, ``E`` for a digit the PT masked, ``F`` padding an odd length."""
    nibbles = raw.hex().upper().rstrip("F")
    return mask_pan(nibbles.replace("E", "*"))


def _ascii(raw: bytes) -> str:
    return raw.decode("ascii", errors="replace").strip("\x00 ")


def _clock(raw: bytes, sep: str) -> str:
    digits = raw.hex()
    return sep.join(digits[i : i + 2] for i in range(0, len(digits), 2))


def _status_information(data: bytes) -> StatusInformation:
    f = parse_bmps(data)

    def number(tag: int) -> int | None:
        return from_bcd(f[tag]) if tag in f else None

    def byte(tag: int) -> int | None:
        return f[tag][0] if tag in f else None

    return StatusInformation(
        result_code=byte(0x27),
        amount_minor=number(0x04),
        currency=number(0x49),
        trace_no=number(0x0B),
        receipt_no=number(0x87),
        turnover_no=number(0x88),
        time=_clock(f[0x0C], ":") if 0x0C in f else None,
        date=_clock(f[0x0D], "-") if 0x0D in f else None,
        terminal_id=f[0x29].hex() if 0x29 in f else None,
        masked_pan=_pan(f[0x22]) if 0x22 in f else None,
        card_type=byte(0x8A),
        card_name=_ascii(f[0x8B]) if 0x8B in f else None,
        auth_code=_ascii(f[0x3B]) if 0x3B in f else None,
        payment_type=byte(0x19),
    )


def _print_line(data: bytes) -> PrintText:
    """06 D1 ``<attribute> <text>``: attribute bit 7 marks the receipt's last line; FF is a line feed."""
    if not data:
        raise ZvtFormatError("print line without attribute")
    attribute, text = data[0], data[1:]
    if attribute == 0xFF:
        return PrintText(("",) * max(1, text[0] if text else 1), last=False)
    return PrintText((redact_pans(text.decode(TEXT_ENCODING)),), last=bool(attribute & 0x80))


def _print_block(data: bytes) -> PrintText:
    """06 D3 ``06 <TLV>``: tag 1F07 receipt type, tag 25 print texts holding tag 07 text lines."""
    fields = parse_bmps(data)
    if 0x06 not in fields:
        raise ZvtFormatError("print text block without TLV container")
    receipt_type: int | None = None
    lines: list[str] = []
    for item in tlv_container(fields[0x06]):
        if item.tag == 0x1F07 and item.value:
            receipt_type = item.value[0]
        elif item.tag == 0x25:
            lines += [redact_pans(c.value.decode(TEXT_ENCODING)) for c in item.children() if c.tag == 0x07]
    return PrintText(tuple(lines), last=True, receipt_type=receipt_type)


def _completion(data: bytes, after_status_enquiry: bool) -> Completion:
    """06 0F. After 05 01: ``[<LLL software version>] <terminal status> [06 <TLV>]``; otherwise BMPs."""
    if not after_status_enquiry:
        fields = parse_bmps(data)
        return Completion(terminal_id=fields[0x29].hex() if 0x29 in fields else None)
    version: str | None = None
    if len(data) >= 3 and all(b & 0xF0 == 0xF0 and b & 0x0F <= 9 for b in data[:3]):
        size = int("".join(str(b & 0x0F) for b in data[:3]))
        version, data = _ascii(data[3 : 3 + size]), data[3 + size :]
    return Completion(terminal_status=data[0] if data else None, software_version=version)


def decode(apdu: Apdu, *, after_status_enquiry: bool = False) -> PtMessage:
    """One APDU from the PT; ``ZvtFormatError`` for anything an ECR does not expect."""
    control, data = apdu.control, apdu.data
    match control[0], control[1]:
        case (0x80, 0x00) | (0x84, 0x00):
            return Acknowledged()
        case (0x84, code):
            return Refused(code)
        case (0x04, 0xFF):
            if not data:
                raise ZvtFormatError("intermediate status without a status byte")
            return IntermediateStatus(data[0], data[1] if len(data) > 1 else None)
        case (0x04, 0x0F):
            return _status_information(data)
        case (0x06, 0xD1):
            return _print_line(data)
        case (0x06, 0xD3):
            return _print_block(data)
        case (0x06, 0x0F):
            return _completion(data, after_status_enquiry)
        case (0x06, 0x1E):
            return Aborted(data[0] if data else 0xFF)
    raise ZvtFormatError(f"unexpected APDU {apdu.name}")
