"""Golden vectors for the driver's ZVT codec (ECR role), each direction on its own.

Every vector is literal hex laid out by hand from PA00P015 rev. 13.13 (cited per test by chapter title),
never produced by our own encoder or by the simulator. The registration bytes are also what an independent
client logs against a CCV A920 (kaplanerkan/kotlin-zvt-library README, "Log format").
"""

from __future__ import annotations

import pytest

from drivers.terminal import zvt_messages as m
from drivers.terminal.zvt_fields import (
    ApduSplitter,
    ZvtFormatError,
    bcd,
    frame_apdu,
    from_bcd,
    parse_bmps,
    parse_tlv,
)
from drivers.terminal.zvt_tables import currency_alpha, currency_number, result_text


def h(text: str) -> bytes:
    return bytes.fromhex(text)


# -- ECR → PT: what the driver sends ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoded", "wire"),
    [
        # "Registration (06 00)": <password 3 B BCD> <config-byte> <CC without tag> [03 <service-byte>]
        (m.registration(0, 0x08, 978, 0x00), "06 00 08 000000 08 0978 03 00"),
        (m.registration(123456, 0xBE, 643), "06 00 06 123456 be 0643"),
        # "Authorisation (06 01)": 04 <amount 6 B BCD, minor units> 49 <CC 2 B BCD>
        (m.authorisation(1234, 978), "06 01 0a 04 000000001234 49 0978"),
        (m.authorisation(99_999_99, 643), "06 01 0a 04 000009999999 49 0643"),
        # "Reversal (06 30)": <password> 87 <receipt-no 2 B BCD>
        (m.reversal(0, 42), "06 30 06 000000 87 0042"),
        # "Refund (06 31)": <password> 04 <amount> 49 <CC>
        (m.refund(0, 500, 978), "06 31 0d 000000 04 000000000500 49 0978"),
        # "Abort (06 B0)", "Status-Enquiry (05 01)", "Repeat Receipt (06 20)", "End-of-Day (06 50)"
        (m.abort(), "06 b0 00"),
        (m.status_enquiry(0), "05 01 03 000000"),
        (m.repeat_receipt(0), "06 20 03 000000"),
        (m.end_of_day(0), "06 50 03 000000"),
        # "80 00 Positive Acknowledgement", "84 xx Negative Acknowledgement"
        (m.ACK, "80 00 00"),
        (m.negative_ack(0x9A), "84 9a 00"),
    ],
)
def test_ecr_commands(encoded: bytes, wire: str) -> None:
    assert encoded == h(wire)


def test_extended_length_apdu() -> None:
    """ZVT "APDU": a length of 255 or more is FF followed by two bytes, low byte first."""
    assert frame_apdu(b"\x06\xd3", b"\x00" * 254)[:3] == h("06 d3 fe")
    assert frame_apdu(b"\x06\xd3", b"\x00" * 255)[:5] == h("06 d3 ff ff 00")
    assert frame_apdu(b"\x06\xd3", b"\x00" * 300)[:5] == h("06 d3 ff 2c 01")


def test_bcd() -> None:
    assert bcd(1234, 6) == h("000000001234")
    assert from_bcd(h("0042")) == 42
    with pytest.raises(ValueError):
        bcd(1_000_000, 3)
    with pytest.raises(ZvtFormatError):
        from_bcd(h("0a"))


# -- PT → ECR: what the driver decodes --------------------------------------------------------------------
STATUS_APPROVED = (
    # "Status-Information (04 0F)", BMPs from "Summary of utilised BMPs"
    "04 0f 49"
    " 27 00"  # result code: success
    " 04 000000001234"  # amount 12.34
    " 0b 000123"  # trace number
    " 0c 142536"  # time 14:25:36
    " 0d 1201"  # date 12-01
    " 0e 2712"  # expiry (kept out of the result)
    " 87 0042"  # receipt number
    " 88 000042"  # turnover record number
    " 29 52500001"  # terminal id
    " 49 0978"  # currency EUR
    " 22 f0f8 476173eeeeee0010"  # PAN, masked digits as E
    " 8a 0a"  # card type 10 = VISA
    " 8b f0f4 56495341"  # card name "VISA"
    " 3b 3132333435360000"  # authorisation attribute "123456"
    " 23 f0f3 112233"  # track 2: must be dropped, never kept
)


def test_status_information_approved() -> None:
    (apdu,) = ApduSplitter().feed(h(STATUS_APPROVED))
    info = m.decode(apdu)
    assert info == m.StatusInformation(
        result_code=0,
        amount_minor=1234,
        currency=978,
        trace_no=123,
        receipt_no=42,
        turnover_no=42,
        time="14:25:36",
        date="12-01",
        terminal_id="52500001",
        masked_pan="476173******0010",
        card_type=10,
        card_name="VISA",
        auth_code="123456",
    )
    assert 0x23 not in parse_bmps(apdu.data)  # track data is dropped at the parser


def test_full_pan_is_cut_to_bin_and_last_four() -> None:
    """A PT that sends an unmasked PAN (odd length, F-padded) still yields at most BIN + last 4."""
    (apdu,) = ApduSplitter().feed(h("04 0f 10 27 00 22 f0 f8 4761739001010010 87 0001"))
    info = m.decode(apdu)
    assert isinstance(info, m.StatusInformation)
    assert info.masked_pan == "476173******0010"
    (odd,) = ApduSplitter().feed(h("04 0f 0a 22 f0 f7 54 13 33 00 89 60 0f"))  # 13 digits, F-padded
    decoded = m.decode(odd)
    assert isinstance(decoded, m.StatusInformation)
    assert decoded.masked_pan == "541333***9600"


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        ("80 00 00", m.Acknowledged()),
        ("84 00 00", m.Acknowledged()),
        ("84 9c 00", m.Refused(0x9C)),  # "84 9C Repeat Statusinfo"
        ("04 ff 01 0a", m.IntermediateStatus(0x0A)),  # insert card
        ("04 ff 02 01 1e", m.IntermediateStatus(0x01, 30)),  # watch PIN pad, 30 s time-out
        ("06 1e 01 6c", m.Aborted(0x6C)),  # "Abort (06 1E)": aborted via time-out or abort key
        ("06 0f 00", m.Completion()),
        # "Completion (06 0F)" after registration: 19 <status-byte> 29 <TID> 49 <CC>
        ("06 0f 0a 19 00 29 52500001 49 0978", m.Completion(terminal_id="52500001")),
        # "Print Line (06 D1)": attribute 00 normal, 80 = last line
        ("06 d1 06 00 48454c4c4f", m.PrintText(("HELLO",), last=False)),
        ("06 d1 03 80 4f4b", m.PrintText(("OK",), last=True)),
        # "Print Text-Block (06 D3)": 06 <TLV> with 1F07 receipt type, 25 print texts, 07 lines
        (
            "06 d3 13 06 11 1f07 01 02 25 0b 07 03 414243 07 04 54455354",
            m.PrintText(("ABC", "TEST"), last=True, receipt_type=2),
        ),
    ],
)
def test_pt_messages(wire: str, message: m.PtMessage) -> None:
    (apdu,) = ApduSplitter().feed(h(wire))
    assert m.decode(apdu) == message


def test_completion_after_status_enquiry_carries_the_terminal_status() -> None:
    """ "Status-Enquiry (05 01)": the PT answers 06 0F <LLL software version> <terminal status>."""
    (apdu,) = ApduSplitter().feed(h("06 0f 08 f0 f0 f4 56313330 00"))
    assert m.decode(apdu, after_status_enquiry=True) == m.Completion(
        terminal_status=0, software_version="V130"
    )
    (busy,) = ApduSplitter().feed(h("06 0f 01 9c"))
    assert m.decode(busy, after_status_enquiry=True) == m.Completion(terminal_status=0x9C)


def test_extended_length_and_segmented_stream() -> None:
    """A 296-byte print block (extended length FF 28 01) split across TCP segments, then an ACK."""
    lines = b"".join(h("07 0a") + b"LINE %05d" % i for i in range(24))  # 24 × 12 = 288 bytes
    tlv = h("06 82 0124 25 82 0120") + lines  # 06 container 0x124 bytes, 25 holds 0x120
    stream = h("06 d3 ff") + len(tlv).to_bytes(2, "little") + tlv + h("80 00 00")
    assert stream[3:5] == h("28 01")  # 296 bytes
    splitter = ApduSplitter()
    got = [a for i in range(0, len(stream), 7) for a in splitter.feed(stream[i : i + 7])]
    assert [a.name for a in got] == ["06 D3", "80 00"]
    block = m.decode(got[0])
    assert isinstance(block, m.PrintText)
    assert block.lines[0] == "LINE 00000" and len(block.lines) == 24
    assert splitter.pending == 0


def test_tlv_multibyte_tags_and_lengths() -> None:
    """ "TLV-container": tag 1F07 takes two bytes; 81 xx is a one-byte long form length."""
    items = parse_tlv(h("1f07 01 01 25 81 03 07 01 41"))
    assert [(i.tag, i.value) for i in items] == [(0x1F07, b"\x01"), (0x25, h("07 01 41"))]
    assert [(c.tag, c.value) for c in items[1].children()] == [(0x07, b"A")]


@pytest.mark.parametrize(
    "wire",
    [
        "04 0f 01 27",  # result code without its byte
        "04 0f 02 ee 00",  # unknown BMP
        "04 0f 04 22 f0 f9 11",  # LLVAR longer than the APDU
        "04 ff 00",  # intermediate status without a code
        "07 07 00",  # not a PT message
    ],
)
def test_malformed_pt_messages_raise(wire: str) -> None:
    (apdu,) = ApduSplitter().feed(h(wire))
    with pytest.raises(ZvtFormatError):
        m.decode(apdu)


def test_receipt_text_never_carries_a_full_pan() -> None:
    (apdu,) = ApduSplitter().feed(h("06 d1 15 00") + b"PAN 4761739001010010")
    assert m.decode(apdu) == m.PrintText(("PAN 476173******0010",), last=False)


def test_tables() -> None:
    assert (currency_number("EUR"), currency_number("rub"), currency_number("643"), currency_number(978)) == (
        978,
        643,
        643,
        978,
    )
    assert currency_alpha(643) == "RUB"
    with pytest.raises(ValueError):
        currency_number("XXX")
    assert result_text(0x6C).startswith("aborted")
    assert "authorisation system" in result_text(0x14)
