"""Settings of the Magellan scanner-scale driver (stdlib + pydantic only, so the config loader can validate
cheaply). Defaults are the single-cable protocol's (devices.md §2.2): 9600 7O1, prefix ``S``, suffix CR."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from drivers.contracts import Symbology
from drivers.settings import SerialSettings


class MagellanSettings(SerialSettings):
    """``[devices.scanner_scale.settings]`` for ``magellan``.

    ``label_ids`` replaces the label-identifier table (id → UPOS symbology name, e.g. ``{F = "EAN13"}``) for a
    scanner programmed differently; ``poll_interval_s``/``reply_timeout_s`` pace the ``S14`` monitor polls;
    ``missed_replies_offline`` unanswered polls in a row mean the device is gone even though the port is still
    open (a pulled RS-232 cable); ``zero_range_g`` bounds the host-side zero (the protocol has no zero command).
    """

    manufacturer: str = "Datalogic"
    model: str = "Magellan scanner-scale"
    bytesize: Literal[5, 6, 7, 8] = 7
    parity: Literal["N", "E", "O", "M", "S"] = "O"
    prefix: str = "S"
    suffix: str = Field(default="\r", min_length=1)
    unit: Literal["kg", "lb"] = "kg"
    capacity_g: int = Field(default=15_000, gt=0)
    label_ids: dict[str, str] | None = None
    inter_char_timeout_s: float = Field(default=0.2, gt=0)
    poll_interval_s: float = Field(default=0.2, gt=0)
    reply_timeout_s: float = Field(default=0.5, gt=0)
    missed_replies_offline: int = Field(default=3, gt=0)
    zero_range_g: int = Field(default=300, ge=0)

    @field_validator("label_ids")
    @classmethod
    def _known_symbologies(cls, table: dict[str, str] | None) -> dict[str, str] | None:
        for label_id, name in (table or {}).items():
            if not label_id or name not in Symbology.__members__:
                raise ValueError(f"{label_id!r} = {name!r}: use a UPOS symbology name such as 'EAN13'")
        return table
