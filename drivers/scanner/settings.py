"""Settings of the scanner drivers (stdlib + pydantic only, so the config loader can validate cheaply)."""

from __future__ import annotations

from pydantic import Field

from drivers.settings import DriverSettings, SerialSettings


class SerialScannerSettings(SerialSettings):
    """``[devices.scanner.settings]`` for ``serial_scanner``: framing as the scanner is programmed.

    ``prefix``/``suffix`` are text (TOML strings, e.g. ``"\\r\\n"``); ``aim_ids`` says the scanner sends AIM
    identifiers; ``inter_char_timeout_s`` ends a frame that stopped mid-way.
    """

    model: str = "serial scanner"
    prefix: str = ""
    suffix: str = Field(default="\r", min_length=1)
    aim_ids: bool = True
    max_frame_len: int = Field(default=512, gt=0)
    inter_char_timeout_s: float = Field(default=0.2, gt=0)


class FakeScannerSettings(DriverSettings):
    """``fake_scanner``: ``present = false`` starts it unplugged. ``port`` is accepted and ignored."""

    port: str | None = None
    present: bool = True
