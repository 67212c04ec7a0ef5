"""The schema of the configuration files. Each top-level section lives in exactly one file:

* ``lane.toml``: ``[lane]``, ``[timeouts]``, ``[storage]``
* ``store.toml``: ``[store]``
* ``taxes.toml``: ``[taxes]``, ``[rounding]``
* ``devices.toml``: ``[devices.<name>]``

Unknown keys are errors (``extra="forbid"``): a typo in a store's file must not be silently ignored.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.domain import Money, RoundingMode, TaxRate
from kiosk.domain.tax import RoundingScope


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LaneSection(Section):
    id: Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")] = "lane-1"
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "RUB"
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = "ru"
    languages: tuple[str, ...] = ("ru", "en")

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [lang for lang in value if not re.fullmatch(r"[a-z]{2}", lang)]
        if bad or not value:
            raise ValueError(f"languages must be two-letter codes, got {list(value)}")
        return value


class TimeoutsSection(Section):
    inactivity_warning_s: Annotated[float, Field(gt=0, le=3600)] = 60
    inactivity_void_s: Annotated[float, Field(gt=0, le=3600)] = 30
    empty_sale_s: Annotated[float, Field(gt=0, le=3600)] = 45
    thank_you_s: Annotated[float, Field(gt=0, le=600)] = 8
    payment_s: Annotated[float, Field(gt=0, le=3600)] = 180  # longer than the terminal's own timeout


class StorageSection(Section):
    database_url: str | None = None  # sales journal; default: SQLite in the platform data folder
    # Product catalog. Default: for SQLite a sibling file (an import's long write lock must never block the
    # journal mid-sale); for a database server, the same database.
    catalog_url: str | None = None


class StoreSection(Section):
    name: str = "Demo store"
    address: str = ""
    tax_id: str = ""


class TaxesSection(Section):
    default_rate: str = "22"
    default_weight_tol_g: Annotated[int, Field(ge=0, le=10000)] = 15

    @field_validator("default_rate")
    @classmethod
    def _rate(cls, value: str) -> str:
        TaxRate.parse(value)
        return value

    @property
    def rate(self) -> TaxRate:
        return TaxRate.parse(self.default_rate)


class RoundingSection(Section):
    mode: RoundingMode = RoundingMode.HALF_UP
    scope: RoundingScope = RoundingScope.RECEIPT
    cash_increment: str = "0.01"

    @field_validator("cash_increment")
    @classmethod
    def _increment(cls, value: str) -> str:
        if Money.parse(value).minor <= 0:
            raise ValueError("cash_increment must be positive")
        return value


class DeviceSection(Section):
    driver: Annotated[str, Field(min_length=1)]
    port: str = ""
    required: bool = True
    simulator: str | None = None  # which simulator replaces this device in the demo and in scenarios
    settings: dict[str, Any] = Field(default_factory=dict)


class KioskConfig(Section):
    lane: LaneSection = LaneSection()
    timeouts: TimeoutsSection = TimeoutsSection()
    storage: StorageSection = StorageSection()
    store: StoreSection = StoreSection()
    taxes: TaxesSection = TaxesSection()
    rounding: RoundingSection = RoundingSection()
    devices: dict[str, DeviceSection] = Field(default_factory=dict)

    @field_validator("devices")
    @classmethod
    def _device_names(cls, value: dict[str, DeviceSection]) -> dict[str, DeviceSection]:
        bad = [name for name in value if not re.fullmatch(r"[a-z][a-z0-9_]*", name)]
        if bad:
            raise ValueError(f"device names must be lower_snake_case: {bad}")
        return value


# Which file each section is read from (and is reported in errors).
SECTION_FILES: dict[str, str] = {
    "lane": "lane.toml",
    "timeouts": "lane.toml",
    "storage": "lane.toml",
    "store": "store.toml",
    "taxes": "taxes.toml",
    "rounding": "taxes.toml",
    "devices": "devices.toml",
}
