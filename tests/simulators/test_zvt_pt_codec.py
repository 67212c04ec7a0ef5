"""Golden vectors for the simulator's ZVT codec (PT role), each direction on its own.

Literal hex laid out by hand from PA00P015 rev. 13.13 (chapter titles cited per vector); never produced by
the driver's codec. The ``06 01 … 06 00`` authorisation is what wirelane/ecrterm sends (an empty BMP 06).
"""

from __future__ import annotations

import pytest

from simulators.terminal import zvt_pt as pt


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def parse(wire: str) -> pt.EcrCommand:
    (frame,) = list(pt.StreamReader().push(h(wire)))
    return pt.parse_command(*frame)


# -- ECR → PT: what the simulator reads ---------------------------------------------------------------------
def test_registration_with_currency_and_service_byte() -> None:
    """ "Registration (06 00)": <password> <config-byte> <CC, no tag> 03 <service-byte>."""
    command = parse("06 00 08 000000 08 0978 03 00")
    assert (command.code, command.password, command.config_byte, command.currency) == ("06 00", 0, 0x08, 978)
    assert command.fields == {0x03: b"\x00"}


def test_registration_whose_currency_looks_like_a_bmp_tag() -> None:
    """RUB is 06 43: read as BMP 06 it would run past the end, so it is the bare CC."""
    command = parse("06 00 06 000000 be 0643")
    assert (command.currency, command.fields) == (643, {})


def test_registration_without_currency() -> None:
    command = parse("06 00 06 123456 be 03 02")
    assert (command.password, command.config_byte, command.currency, command.fields) == (
        123456,
        0xBE,
        None,
        {0x03: b"\x02"},
    )


@pytest.mark.parametrize(
    ("wire", "code", "amount", "currency", "receipt", "password"),
    [
        # "Authorisation (06 01)": 04 <amount> 49 <CC>, optionally an (empty) 06 TLV container
        ("06 01 0a 04 000000001234 49 0978", "06 01", 1234, 978, None, None),
        ("06 01 0c 04 000000000001 49 0978 06 00", "06 01", 1, 978, None, None),
        ("06 01 0a 04 000000150000 49 0643", "06 01", 150000, 643, None, None),
        # "Reversal (06 30)": <password> 87 <receipt-no>
        ("06 30 06 000000 87 0042", "06 30", None, None, 42, 0),
        # "Refund (06 31)": <password> 04 <amount> 49 <CC>
        ("06 31 0d 000000 04 000000000500 49 0978", "06 31", 500, 978, None, 0),
        # "Status-Enquiry (05 01)", "Repeat Receipt (06 20)", "End-of-Day (06 50)": <password>
        ("05 01 03 000000", "05 01", None, None, None, 0),
        ("06 20 03 000000", "06 20", None, None, None, 0),
        ("06 50 03 000000", "06 50", None, None, None, 0),
        ("06 b0 00", "06 B0", None, None, None, None),
    ],
)
def test_ecr_commands(
    wire: str, code: str, amount: int | None, currency: int | None, receipt: int | None, password: int | None
) -> None:
    command = parse(wire)
    assert (command.code, command.amount, command.currency, command.receipt_no, command.password) == (
        code,
        amount,
        currency,
        receipt,
        password,
    )


def test_stream_reader_handles_segments_extended_length_and_acks() -> None:
    """ZVT "APDU": FF + two bytes little-endian; several APDUs and partial ones in one stream."""
    long_payload = b"\x3c" + pt.lll(b"x" * 297)  # additional data, 301 bytes in all
    stream = h("80 00 00") + h("06 01 ff 2d 01") + long_payload + h("05 01 03 000000")
    reader = pt.StreamReader()
    frames = [f for i in range(0, len(stream), 5) for f in reader.push(stream[i : i + 5])]
    assert [(k, i, len(p)) for k, i, p in frames] == [(0x80, 0, 0), (0x06, 0x01, 301), (0x05, 0x01, 3)]
    assert pt.parse_command(*frames[1]).fields[0x3C] == b"x" * 297


@pytest.mark.parametrize(
    "wire", ["06 00 02 0000", "06 01 02 ee 00", "06 01 03 04 0000", "06 01 01 06", "06 01 02 22 f0"]
)
def test_malformed_commands_raise(wire: str) -> None:
    with pytest.raises(ValueError):
        parse(wire)


# -- PT → ECR: what the simulator sends ---------------------------------------------------------------------
def test_status_information_of_an_approval() -> None:
    """ "Status-Information (04 0F)" with the BMPs of "Summary of utilised BMPs"."""
    booking = pt.Booking(
        result=0,
        amount=1234,
        currency=978,
        trace=123,
        receipt=42,
        turnover=42,
        hhmmss="142536",
        mmdd="1201",
        terminal_id="52500001",
        auth_code="000123",
    )
    assert pt.status_information(booking) == h(
        "04 0f 40"
        " 27 00 04 000000001234 0b 000123 0c 142536 0d 1201"
        " 87 0042 88 000042 29 52500001 49 0978"
        " 22 f0f8 476173eeeeee0010"  # masked with E: the simulator never sends a full PAN
        " 8a 0a 8b f0f4 56495341"  # VISA
        " 3b 3030303132330000"  # "000123", NUL-padded to 8 bytes
    )


def test_status_information_of_a_decline_has_no_card_data() -> None:
    booking = pt.Booking(0x05, 500, 643, 7, None, None, "080910", "0102", "52500001")
    assert pt.status_information(booking) == h(
        "04 0f 1c 27 05 04 000000000500 0b 000007 0c 080910 0d 0102 29 52500001 49 0643"
    )


@pytest.mark.parametrize(
    ("encoded", "wire"),
    [
        (pt.POSITIVE_ACK, "80 00 00"),  # "80 00 Positive Acknowledgement"
        (pt.negative_ack(0x83), "84 83 00"),  # "84 xx": function not possible
        (pt.intermediate_status(0x0A), "04 ff 01 0a"),  # "Intermediate Status-Information": insert card
        (pt.abort(0x6C), "06 1e 01 6c"),  # "Abort (06 1E)" with the result code
        (pt.completion(), "06 0f 00"),  # "Completion (06 0F)"
        (pt.completion("52500001", 978), "06 0f 0a 19 00 29 52500001 49 0978"),
        (pt.status_completion("V130", 0x00), "06 0f 08 f0 f0 f4 56313330 00"),
        (pt.print_line("HELLO"), "06 d1 06 00 48454c4c4f"),  # "Print Line (06 D1)"
        (pt.print_line("OK", last=True), "06 d1 03 80 4f4b"),
        (  # "Print Text-Block (06 D3)": 06 <1F07 receipt type, 25 { 07 line … }>
            pt.print_block(["ABC", "TEST"], 2),
            "06 d3 13 06 11 1f07 01 02 25 0b 07 03 414243 07 04 54455354",
        ),
    ],
)
def test_pt_messages(encoded: bytes, wire: str) -> None:
    assert encoded == h(wire)


def test_long_print_block_uses_extended_lengths() -> None:
    """Over 255 bytes: the APDU length becomes FF lo hi and the TLV lengths 82 hi lo ("TLV-container")."""
    block = pt.print_block([f"LINE {i:05d}" for i in range(24)], 1)
    assert block[:9] == h("06 d3 ff 2c 01 06 82 01 28")  # 300 bytes; container 296
    assert block[9:17] == h("1f07 01 01 25 82 01 20")  # merchant copy; 24 lines of 12 bytes
    assert block[17:29] == h("07 0a") + b"LINE 00000"


def test_field_helpers() -> None:
    assert pt.packed(1234, 6) == h("000000001234")
    assert pt.unpacked(h("000123")) == 123
    assert pt.ll(b"VISA") == h("f0 f4 56495341")
    assert pt.lll(b"V130") == h("f0 f0 f4 56313330")
    assert pt.tlv(0x07, b"A" * 0x90)[:3] == h("07 81 90")
    with pytest.raises(ValueError):
        pt.packed(1_000_000, 3)
    with pytest.raises(ValueError):
        pt.unpacked(h("1a"))
