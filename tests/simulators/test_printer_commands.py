"""Golden vectors for the printer simulator's receive stage (``simulators.printer.commands``).

Byte sequences are written by hand from the Epson ESC/POS Command Reference, one section per command named
in each case; they are never produced by ``drivers.printer`` or python-escpos.
"""

from __future__ import annotations

import pytest

from simulators.printer.commands import Command, Control, RealTime, Text, Token, Tokenizer


def tokens(stream: bytes) -> list[Token]:
    return Tokenizer().feed(stream)


@pytest.mark.parametrize(
    ("section", "stream", "expected"),
    [
        ("ESC @ initialise", "1b 40", [Command(b"\x1b@")]),
        ("ESC ! print mode (double height+width, emphasised)", "1b 21 38", [Command(b"\x1b!", b"\x38")]),
        ("ESC a justification centre", "1b 61 01", [Command(b"\x1ba", b"\x01")]),
        ("ESC t code table 17 = PC866", "1b 74 11", [Command(b"\x1bt", b"\x11")]),
        ("ESC d print and feed 3 lines", "1b 64 03", [Command(b"\x1bd", b"\x03")]),
        (
            "ESC p drawer kick pin 2, 50 ms on, 500 ms off",
            "1b 70 00 19 fa",
            [Command(b"\x1bp", b"\x00\x19\xfa")],
        ),
        ("GS ! character size 2x2", "1d 21 11", [Command(b"\x1d!", b"\x11")]),
        ("GS V function A full cut", "1d 56 00", [Command(b"\x1dV", b"\x00")]),
        ("GS V function B partial cut, feed 3", "1d 56 42 03", [Command(b"\x1dV", b"\x42\x03")]),
        ("GS r 1 transmit paper sensor status", "1d 72 01", [Command(b"\x1dr", b"\x01")]),
        ("DLE EOT 4 real-time roll paper status", "10 04 04", [RealTime(b"\x10\x04", b"\x04")]),
        ("DLE ENQ 2 clear buffers", "10 05 02", [RealTime(b"\x10\x05", b"\x02")]),
        ("DLE DC4 1 pulse pin 2 for 100 ms", "10 14 01 00 01", [RealTime(b"\x10\x14", b"\x01\x00\x01")]),
        (
            "GS k function A EAN-13, NUL-terminated",
            "1d 6b 02 34 30 30 36 33 38 31 33 33 33 39 33 31 00",
            [Command(b"\x1dk", b"\x02", b"4006381333931")],
        ),
        (
            "GS k function B CODE128 n=5 {BABC",
            "1d 6b 49 05 7b 42 41 42 43",
            [Command(b"\x1dk", b"\x49", b"{BABC")],
        ),
        (
            "GS ( k fn 80 store QR data 'hi' (pL = 5: cn fn m + 2)",
            "1d 28 6b 05 00 31 50 30 68 69",
            [Command(b"\x1d(k", b"\x05\x00", b"1P0hi")],
        ),
        (
            "GS v 0 raster, normal, 1 byte x 2 rows",
            "1d 76 30 00 01 00 02 00 ff 81",
            [Command(b"\x1dv0", b"\x30\x00\x01\x00\x02\x00", b"\xff\x81")],
        ),
        (
            "LF and text in the current code table (PC866 'Привет')",
            "8f e0 a8 a2 a5 e2 0a",
            [Text(b"\x8f\xe0\xa8\xa2\xa5\xe2"), Control(0x0A)],
        ),
    ],
)
def test_golden_vectors(section: str, stream: str, expected: list[Token]) -> None:
    assert tokens(bytes.fromhex(stream)) == expected, section


def test_real_time_request_between_text_and_commands() -> None:
    """DLE EOT is found between any two commands, including in the middle of a text run."""
    stream = bytes.fromhex("41 42 10 04 01 43 1b 45 01 10 04 02 0a")
    assert tokens(stream) == [
        Text(b"AB"),
        RealTime(b"\x10\x04", b"\x01"),
        Text(b"C"),
        Command(b"\x1bE", b"\x01"),
        RealTime(b"\x10\x04", b"\x02"),
        Control(0x0A),
    ]


def test_status_bytes_inside_counted_data_are_data() -> None:
    """A raster image whose dots happen to read 10 04 01 must not be taken for a status request."""
    stream = bytes.fromhex("1d 76 30 00 03 00 01 00 10 04 01")
    assert tokens(stream) == [Command(b"\x1dv0", bytes.fromhex("30 00 03 00 01 00"), b"\x10\x04\x01")]


SAMPLE = bytes.fromhex(
    "1b 40 1b 74 11 1b 61 01 8f e0 a8 a2 a5 e2 0a 10 04 04 1d 28 6b 05 00 31 50 30 68 69"
    " 1d 6b 02 34 30 30 36 33 38 31 33 33 33 39 33 31 00 1d 76 30 00 01 00 02 00 ff 81 1d 56 42 03 1d 72 01"
)


def merged(stream: list[Token]) -> list[Token]:
    """Adjacent text runs joined: a chunk boundary may split a run, which prints the same."""
    out: list[Token] = []
    for token in stream:
        if isinstance(token, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].data + token.data)
        else:
            out.append(token)
    return out


def test_any_chunking_gives_the_same_tokens() -> None:
    whole = tokens(SAMPLE)
    for cut in range(1, len(SAMPLE)):
        tokenizer = Tokenizer()
        assert merged([*tokenizer.feed(SAMPLE[:cut]), *tokenizer.feed(SAMPLE[cut:])]) == whole, cut
        assert tokenizer.pending == 0


def test_byte_at_a_time_holds_back_only_the_incomplete_command() -> None:
    tokenizer = Tokenizer()
    assert tokenizer.feed(b"\x1d(k\x05\x00") == []
    assert tokenizer.pending == 5
    assert tokenizer.feed(b"1P0hi") == [Command(b"\x1d(k", b"\x05\x00", b"1P0hi")]


def test_unknown_and_stray_bytes_are_skipped_not_fatal() -> None:
    assert tokens(bytes.fromhex("1b 01 07 10 41")) == [
        Command(b"?\x1b\x01"),
        Command(b"?\x07"),
        Command(b"?\x10"),
        Text(b"A"),
    ]
