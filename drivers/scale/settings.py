"""Settings of the scale drivers (stdlib + pydantic only, so the config loader can validate cheaply).

Defaults follow devices.md §2: the 8217 speaks 9600 7E1 and answers within 1 s; MT-SICS speaks 9600 8N1.
``poll_interval_s`` is the gap between weight requests (the open-source driver in §2.1 uses 0.2 s);
``stable_reads`` is the §2.6 rule "N equal consecutive stable reads" before a weight counts as stable;
``missed_replies_offline`` says how many unanswered requests in a row mean the scale is gone (a pulled RS-232
cable leaves the port open, so silence is the only sign).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from drivers.settings import DriverSettings, SerialSettings


class PolledScaleSettings(SerialSettings):
    unit: Literal["kg", "lb", "g"] = "kg"
    capacity_g: int = Field(default=15_000, gt=0)
    poll_interval_s: float = Field(default=0.2, gt=0, le=5)
    reply_timeout_s: float = Field(default=1.0, gt=0, le=10)
    stable_reads: int = Field(default=2, ge=1, le=10)
    missed_replies_offline: int = Field(default=3, ge=1)


class Toledo8217StatusBits(DriverSettings):
    """Which bit of the status byte after ``?`` means what (devices.md §2.1 table). Configurable because
    vendors disagree (a KB lists ``?C`` as under zero, contradicting the bit table)."""

    motion: int = 0x01
    over_capacity: int = 0x02
    under_zero: int = 0x04
    outside_zero_range: int = 0x08
    centre_of_zero: int = 0x10
    net: int = 0x20


class Toledo8217Settings(PolledScaleSettings):
    """``driver = "toledo_8217"``. Over a pty (which cannot carry 7E1, devices.md §7) set 8/N: the replies
    are 7-bit ASCII and the driver masks bit 7 on receive either way."""

    unit: Literal["kg", "lb"] = "kg"  # the protocol has no gram format
    bytesize: Literal[5, 6, 7, 8] = 7
    parity: Literal["N", "E", "O", "M", "S"] = "E"
    model: str = "8217 protocol scale"
    manufacturer: str = "Mettler Toledo"
    status_bits: Toledo8217StatusBits = Toledo8217StatusBits()


class MtSicsSettings(PolledScaleSettings):
    """``driver = "mt_sics"``. ``weigh_command``: ``SI`` polls (stable or dynamic answer at once), ``S``
    polls for stable values only, ``SIR`` asks once and the scale streams ``SI`` answers by itself."""

    unit: Literal["kg", "lb", "g"] = "g"
    model: str = "MT-SICS scale"
    manufacturer: str = "Mettler Toledo"
    weigh_command: Literal["SI", "S", "SIR"] = "SI"


class FakeScaleSettings(DriverSettings):
    """``driver = "fake_scale"``: ``present = false`` starts unplugged. ``port`` is accepted and ignored."""

    port: str | None = None
    present: bool = True
    capacity_g: int = Field(default=15_000, gt=0)
