"""Settings models shared by driver packages: the pydantic base every driver's settings derive from, and the
serial-port block common to every serial driver.

Why models and not constructor signatures: the config loader must validate ``[devices.*]`` at start-up —
before the first paint, with ``devices.<role>.settings.<key>: reason`` — without importing pyserial, escpos,
OpenCV or evdev. So each driver package has a light ``settings.py`` (stdlib + pydantic only) and the driver
takes a validated model. Models are strict (``"9600"`` is not a baud rate, ``true`` is not a number), frozen
and forbid unknown keys (a typo is an error, not a silently ignored setting).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PYSERIAL_SCHEMES = frozenset({"alt", "cp2110", "hwgrep", "loop", "rfc2217", "socket", "spy"})
"""URL schemes pyserial's ``serial_for_url`` understands; anything else with ``://`` is a typo."""


class DriverSettings(BaseModel):
    """Base of every driver's settings model."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class SerialSettings(DriverSettings):
    """How to reach a serial device: a pyserial port URL (``/dev/ttyUSB0``, ``socket://host:port``) and line.

    ``reconnect_max_s`` caps the back-off so a replugged device is back within a few seconds (the kiosk
    promises 5 s); ``reconnect_min_s`` is the first retry delay.
    """

    port: str = Field(min_length=1)
    baudrate: int = Field(default=9600, gt=0)
    bytesize: Literal[5, 6, 7, 8] = 8
    parity: Literal["N", "E", "O", "M", "S"] = "N"
    stopbits: float = 1
    reconnect_min_s: float = Field(default=0.5, gt=0)
    reconnect_max_s: float = Field(default=2.0, gt=0, le=4.0)
    manufacturer: str = "generic"
    model: str = ""

    @field_validator("port")
    @classmethod
    def _known_scheme(cls, port: str) -> str:
        scheme, sep, _ = port.partition("://")
        if sep and scheme not in PYSERIAL_SCHEMES:
            raise ValueError(
                f"unknown URL scheme {scheme!r}; use a device path or one of {sorted(PYSERIAL_SCHEMES)}"
            )
        return port

    @field_validator("stopbits")
    @classmethod
    def _stopbits(cls, stopbits: float) -> float:
        if stopbits not in (1, 1.5, 2):
            raise ValueError("stopbits must be 1, 1.5 or 2")
        return stopbits

    @model_validator(mode="after")
    def _backoff_order(self) -> SerialSettings:
        if self.reconnect_min_s > self.reconnect_max_s:
            raise ValueError("reconnect_min_s must not exceed reconnect_max_s")
        return self
