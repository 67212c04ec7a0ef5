"""Host side of the scale protocols against golden bytes (literal hex; never produced by our own encoders).

8217: devices.md §2.1 (Datalogic Magellan 8500 DIVA service manual pp. 39, 45: commands, reply framing and
the status-bit table). MT-SICS: devices.md §2.4 (MT-SICS reference manual, level 0/1 commands and replies).
"""

from __future__ import annotations

import pytest

from drivers.contracts import WeightStatus
from drivers.scale.protocol import BadFrame, Command, CommandReply, Reading
from drivers.scale.settings import Toledo8217StatusBits
from drivers.scale.sics import MtSicsProtocol
from drivers.scale.toledo import Toledo8217Protocol


def toledo(unit: str = "kg", bits: Toledo8217StatusBits | None = None) -> Toledo8217Protocol:
    return Toledo8217Protocol(unit, bits or Toledo8217StatusBits())


# -- 8217, host → scale (§2.1 command table: one upper-case byte, no terminator) ---------------------------
@pytest.mark.parametrize(
    ("command", "tare_g", "wire"),
    [
        (Command.ZERO, None, "5a"),
        (Command.TARE, None, "54"),
        (Command.CLEAR_TARE, None, "43"),
        (Command.TARE, 1234, "54 30 31 32 33 34 0d"),  # "Twwwww", CR tolerated after the digits
    ],
)
def test_toledo_commands(command: Command, tare_g: int | None, wire: str) -> None:
    assert toledo().command(command, tare_g) == bytes.fromhex(wire)
    assert toledo().weigh() == bytes.fromhex("57")  # W


# -- 8217, scale → host (§2.1: STX weight CR, or STX ? status CR; status decoded by bit) ------------------
@pytest.mark.parametrize(
    ("wire", "unit", "reading"),
    [
        (
            "02 30 31 2e 32 33 34 0d",
            "kg",
            Reading(WeightStatus.STABLE, 1234),
        ),  # the manual's 1.234 kg example
        ("02 30 31 2e 32 33 34 4e 0d", "kg", Reading(WeightStatus.STABLE, 1234, net=True)),  # N = net
        ("02 30 32 2e 35 30 0d", "lb", Reading(WeightStatus.STABLE, 1134)),  # 2.50 lb = 1133.98 g
        ("82 30 31 ae 32 33 b4 8d", "kg", Reading(WeightStatus.STABLE, 1234)),  # parity bit 7 set: masked
        ("02 3f 41 0d", "kg", Reading(WeightStatus.MOTION, None)),  # bit 0 motion
        ("02 3f 42 0d", "kg", Reading(WeightStatus.OVER_CAPACITY, None)),  # bit 1
        ("02 3f 44 0d", "kg", Reading(WeightStatus.UNDER_ZERO, None)),  # bit 2
        ("02 3f 48 0d", "kg", Reading(WeightStatus.NOT_READY, None)),  # bit 3 outside zero-capture range
        ("02 3f 50 0d", "kg", Reading(WeightStatus.STABLE, 0)),  # bit 4 centre of zero
        ("02 3f 51 0d", "kg", Reading(WeightStatus.MOTION, None)),  # Q = centre of zero + motion
        ("02 3f 70 0d", "kg", Reading(WeightStatus.STABLE, 0, net=True)),  # p = net + centre of zero
    ],
)
def test_toledo_replies(wire: str, unit: str, reading: Reading) -> None:
    assert toledo(unit).feed(bytes.fromhex(wire), None) == [reading]


def test_toledo_status_map_is_configurable() -> None:
    """A vendor KB reads ?D as 'outside zero' (contradicting the bit table): a swapped map decodes it so."""
    swapped = Toledo8217StatusBits(under_zero=0x08, outside_zero_range=0x04)
    assert toledo(bits=swapped).feed(bytes.fromhex("02 3f 44 0d"), None) == [
        Reading(WeightStatus.NOT_READY, None)
    ]
    assert toledo(bits=swapped).feed(bytes.fromhex("02 3f 48 0d"), None) == [
        Reading(WeightStatus.UNDER_ZERO, None)
    ]


def test_toledo_frames_split_across_reads_and_noise() -> None:
    codec = toledo()
    assert codec.feed(bytes.fromhex("02 30 31"), None) == []
    assert codec.feed(bytes.fromhex("2e 32 33 34 0d"), None) == [Reading(WeightStatus.STABLE, 1234)]
    (noise,) = codec.feed(bytes.fromhex("41"), None)
    assert isinstance(noise, BadFrame)


@pytest.mark.parametrize(
    ("command", "wire", "ok"),
    [
        (Command.ZERO, "02 3f 50 0d", True),  # centre of zero after Z: zeroed
        (Command.ZERO, "02 3f 48 0d", False),  # outside the zero-capture range: not zeroed
        (Command.ZERO, "02 3f 41 0d", False),  # motion
        (Command.TARE, "02 3f 60 0d", True),  # net after T (0x60 = 0x40 | net)
        (Command.TARE, "02 3f 48 0d", False),
        (Command.CLEAR_TARE, "02 3f 48 0d", True),  # gross again
    ],
)
def test_toledo_command_replies(command: Command, wire: str, ok: bool) -> None:
    (reply,) = toledo().feed(bytes.fromhex(wire), command)
    assert isinstance(reply, CommandReply)
    assert (reply.command, reply.ok) == (command, ok)


# -- MT-SICS, host → scale (§2.4: command + CR LF) -------------------------------------------------------------
@pytest.mark.parametrize(
    ("weigh_command", "wire"), [("SI", "53 49 0d 0a"), ("S", "53 0d 0a"), ("SIR", "53 49 52 0d 0a")]
)
def test_sics_weigh_commands(weigh_command: str, wire: str) -> None:
    assert MtSicsProtocol(weigh_command).weigh() == bytes.fromhex(wire)


@pytest.mark.parametrize(
    ("command", "tare_g", "wire"),
    [
        (Command.ZERO, None, "5a 0d 0a"),
        (Command.TARE, None, "54 0d 0a"),
        (Command.CLEAR_TARE, None, "54 41 43 0d 0a"),
        (Command.TARE, 250, "54 41 20 32 35 30 20 67 0d 0a"),  # "TA 250 g"
    ],
)
def test_sics_commands(command: Command, tare_g: int | None, wire: str) -> None:
    assert MtSicsProtocol().command(command, tare_g) == bytes.fromhex(wire)


# -- MT-SICS, scale → host (§2.4: "<cmd> <status> <value> <unit>" CR LF) ---------------------------------------
@pytest.mark.parametrize(
    ("wire", "reading"),
    [
        # "S S     100.00 g": the manual's example reply
        ("53 20 53 20 20 20 20 20 31 30 30 2e 30 30 20 67 0d 0a", Reading(WeightStatus.STABLE, 100)),
        # "S D     100.20 g": dynamic
        ("53 20 44 20 20 20 20 20 31 30 30 2e 32 30 20 67 0d 0a", Reading(WeightStatus.MOTION, 100)),
        # "S S      1.234 kg"
        ("53 20 53 20 20 20 20 20 20 31 2e 32 33 34 20 6b 67 0d 0a", Reading(WeightStatus.STABLE, 1234)),
        ("53 20 2b 0d 0a", Reading(WeightStatus.OVER_CAPACITY, None)),  # "S +" overload
        ("53 20 2d 0d 0a", Reading(WeightStatus.UNDER_ZERO, None)),  # "S -" underload
        ("53 20 49 0d 0a", Reading(WeightStatus.NOT_READY, None)),  # "S I" not ready
    ],
)
def test_sics_weight_replies(wire: str, reading: Reading) -> None:
    assert MtSicsProtocol().feed(bytes.fromhex(wire), None) == [reading]


@pytest.mark.parametrize(
    ("command", "wire", "ok"),
    [
        (Command.ZERO, "5a 20 41 0d 0a", True),  # "Z A"
        (Command.ZERO, "5a 20 49 0d 0a", False),  # "Z I": not executed (unstable)
        (Command.ZERO, "5a 20 2b 0d 0a", False),  # "Z +": upper limit of the zero range
        (Command.TARE, "54 20 53 20 20 20 20 20 31 30 30 2e 30 30 20 67 0d 0a", True),  # "T S     100.00 g"
        (Command.TARE, "54 20 49 0d 0a", False),  # "T I"
        (Command.CLEAR_TARE, "54 41 43 20 41 0d 0a", True),  # "TAC A"
    ],
)
def test_sics_command_replies(command: Command, wire: str, ok: bool) -> None:
    (reply,) = MtSicsProtocol().feed(bytes.fromhex(wire), command)
    assert isinstance(reply, CommandReply)
    assert reply.ok is ok


def test_sics_tare_marks_following_weights_net() -> None:
    codec = MtSicsProtocol()
    codec.feed(bytes.fromhex("54 20 53 20 20 20 20 20 31 30 30 2e 30 30 20 67 0d 0a"), Command.TARE)
    (reading,) = codec.feed(bytes.fromhex("53 20 53 20 20 20 20 20 20 20 30 2e 30 30 20 67 0d 0a"), None)
    assert reading == Reading(WeightStatus.STABLE, 0, net=True)


@pytest.mark.parametrize("wire", ["45 53 0d 0a", "45 4c 0d 0a", "53 20 58 0d 0a"])  # ES, EL, unknown status
def test_sics_errors_are_bad_frames(wire: str) -> None:
    (frame,) = MtSicsProtocol().feed(bytes.fromhex(wire), None)
    assert isinstance(frame, BadFrame)
