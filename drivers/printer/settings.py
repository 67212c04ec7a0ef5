"""Settings of the receipt printer drivers (stdlib + pydantic only, so the config loader can validate cheaply)."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from drivers.settings import DriverSettings, SerialSettings

USB_PORT = re.compile(r"^usb://(?P<vid>[0-9a-fA-F]{4}):(?P<pid>[0-9a-fA-F]{4})$")


class EscPosPrinterSettings(SerialSettings):
    """``[devices.printer.settings]`` for ``escpos_printer``.

    ``port``: a serial device (``/dev/ttyUSB0``), ``socket://host:9100`` for a LAN printer, or
    ``usb://VID:PID`` (hex) for a USB printer without a serial interface. ``profile`` is the python-escpos
    capability profile (it knows the model's ``ESC t`` numbers and columns); ``codepage`` the table Cyrillic is
    printed in (``CP866`` on most, ``CP1251`` on some). ``status_timeout_s``: a ``DLE EOT`` not answered within
    it means the status is unknown. ``job_timeout_s``: how long a job may take to be confirmed, on top of its
    wire time at ``baudrate``.
    """

    model: str = "ESC/POS receipt printer"
    profile: str = Field(default="TM-T88V", min_length=1)
    codepage: str = Field(default="CP866", min_length=1)
    qr_module: int = Field(default=6, ge=1, le=16)
    status_timeout_s: float = Field(default=0.5, gt=0, le=10)
    poll_interval_s: float = Field(default=0.5, gt=0, le=10)
    job_timeout_s: float = Field(default=60.0, gt=0)
    reconnect_min_s: float = Field(default=0.25, gt=0)

    @field_validator("port")
    @classmethod
    def _known_scheme(cls, port: str) -> str:
        """pyserial's schemes, plus ``usb://VID:PID`` (python-escpos's pyusb transport)."""
        if port.startswith("usb:"):
            if not USB_PORT.match(port):
                raise ValueError("a USB printer is usb://VID:PID in hex, e.g. usb://04b8:0202")
            return port
        return SerialSettings._known_scheme(port)


class FakePrinterSettings(DriverSettings):
    """``fake_printer``: ``present = false`` starts it unplugged. ``port`` is accepted and ignored."""

    port: str | None = None
    present: bool = True
