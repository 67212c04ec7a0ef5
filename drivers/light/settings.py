"""Settings of the lane-light drivers (stdlib + pydantic only, so the config loader can validate cheaply)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from drivers.settings import DriverSettings, SerialSettings

LampName = Literal["red", "yellow", "green", "blue", "white"]
TRI_COLOUR: tuple[LampName, ...] = ("red", "yellow", "green")


class TowerLightSettings(SerialSettings):
    """``[devices.light.settings]`` for ``tower_light``: which lamps the stack has (top to bottom) and whether
    it has a buzzer. The light answers nothing, so the line settings are all it needs besides."""

    model: str = "USB tri-colour tower light"
    lamps: list[LampName] = Field(default_factory=lambda: list(TRI_COLOUR), min_length=1)
    buzzer: bool = True

    @field_validator("lamps")
    @classmethod
    def _distinct(cls, lamps: list[LampName]) -> list[LampName]:
        if len(set(lamps)) != len(lamps):
            raise ValueError("each lamp may be listed once")
        return lamps


class FakeLightSettings(DriverSettings):
    """``fake_light``: ``present = false`` starts it unplugged. ``port`` is accepted and ignored."""

    port: str | None = None
    present: bool = True
