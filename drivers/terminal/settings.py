"""Settings of the ZVT terminal driver, as ``[devices.terminal]`` in devices.toml gives them.

Stdlib and pydantic only (the config loader imports this at start-up without loading the driver).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from drivers.settings import DriverSettings
from drivers.terminal.zvt_tables import currency_number

Seconds = Annotated[float, Field(gt=0)]

DEFAULT_PORT = 20007
"""ZVT over TCP listens on 20007 unless the terminal is configured otherwise (payments.md §2)."""


def parse_address(port: str) -> tuple[str, int]:
    """``socket://host:port`` (the pyserial URL form every driver uses) or ``host:port`` → (host, port)."""
    url = urlsplit(port if "://" in port else f"socket://{port}")
    if url.scheme not in ("socket", "tcp") or not url.hostname:
        raise ValueError(f"expected socket://host:port, got {port!r}")
    number = url.port if url.port is not None else DEFAULT_PORT
    return url.hostname, number


class ZvtTerminalSettings(DriverSettings):
    """``port`` is ``socket://host:port``; time-outs in seconds (see :class:`drivers.terminal.zvt_dialog.Timing`)."""

    port: str
    password: int = Field(0, ge=0, le=999_999, description="the terminal's ECR password (3 bytes BCD)")
    currency: str = Field("EUR", description="ISO 4217: EUR, RUB, or the numeric code")
    config_byte: int = Field(
        0x3E, ge=0, le=0xFF, description="registration: ECR prints receipts, controls payment and admin, "
        "intermediate status on (bits 1-5)"
    )  # fmt: skip
    connect_timeout_s: Seconds = 3.0
    ack_timeout_s: Seconds = 5.0
    result_timeout_s: Seconds = Field(180.0, description="longest silence of the terminal while it works")
    abort_grace_s: Seconds = 5.0
    reconnect_min_s: Seconds = 0.5
    reconnect_max_s: float = Field(2.0, gt=0, le=4.0, description="capped so a replug is back within 5 s")
    manufacturer: str = "generic"
    model: str = "ZVT terminal"

    @field_validator("port")
    @classmethod
    def _address(cls, value: str) -> str:
        parse_address(value)
        return value

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        currency_number(value)
        return value

    @model_validator(mode="after")
    def _backoff_order(self) -> ZvtTerminalSettings:
        if self.reconnect_min_s > self.reconnect_max_s:
            raise ValueError("reconnect_min_s must not exceed reconnect_max_s")
        return self


class FakeTerminalSettings(DriverSettings):
    """The in-process fake: the currency it accepts and whether it starts plugged in."""

    currency: str = "EUR"
    present: bool = True
