"""Settings of the keyboard-wedge scanner driver (stdlib + pydantic only: no evdev at configuration time)."""

from __future__ import annotations

import re

from pydantic import Field, field_validator, model_validator

from drivers.hid_scanner.layouts import layout_table, parse_chord
from drivers.settings import DriverSettings

USB_ID = re.compile(r"usb:([0-9a-fA-F]{4}):([0-9a-fA-F]{4})")


class HidScannerSettings(DriverSettings):
    """``[devices.hid_scanner.settings]`` for ``hid_scanner``.

    ``port``: the evdev node (``/dev/input/by-id/usb-…-event-kbd`` survives replugging), ``usb:VID:PID`` to
    find the scanner's keyboard interface at each (re)connect, or ``socket://host:port`` for the simulator
    seam. ``layout``/``key_overrides``: what the scanner was programmed to type (not the host's layout);
    ``gs_key``: the chord the scanner sends for GS/FNC1 (``Ctrl+]``, ``F8`` …); ``aim_ids``: the scanner
    types an AIM identifier first; ``grab``: take the device exclusively (keystrokes never reach the desktop).
    """

    port: str = Field(min_length=1)
    layout: str = "us"
    key_overrides: dict[str, str] = Field(default_factory=dict)
    gs_key: str = "Ctrl+]"
    num_lock: bool = True
    aim_ids: bool = False
    inter_key_timeout_s: float = Field(default=0.1, gt=0)
    max_length: int = Field(default=512, gt=0)
    grab: bool = True
    reconnect_min_s: float = Field(default=0.5, gt=0)
    reconnect_max_s: float = Field(default=2.0, gt=0, le=4.0)
    manufacturer: str = "generic"
    model: str = "HID keyboard wedge"

    @field_validator("port")
    @classmethod
    def _known_port(cls, port: str) -> str:
        if port.startswith(("/dev/", "socket://")) or USB_ID.fullmatch(port):
            return port
        raise ValueError("use an evdev path (/dev/input/…), usb:VID:PID or socket://host:port")

    @field_validator("gs_key")
    @classmethod
    def _chord(cls, gs_key: str) -> str:
        parse_chord(gs_key)
        return gs_key

    @model_validator(mode="after")
    def _layout(self) -> HidScannerSettings:
        layout_table(self.layout, self.key_overrides)
        if self.reconnect_min_s > self.reconnect_max_s:
            raise ValueError("reconnect_min_s must not exceed reconnect_max_s")
        return self
