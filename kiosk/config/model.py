"""The schema of the configuration files. Each top-level section lives in exactly one file:

* ``lane.toml``: ``[lane]``, ``[timeouts]``, ``[storage]``
* ``store.toml``: ``[store]``
* ``taxes.toml``: ``[taxes]``, ``[rounding]``
* ``devices.toml``: ``[devices.<name>]``

Unknown keys are errors (``extra="forbid"``): a typo in a store's file must not be silently ignored. Numbers,
booleans and durations are strict: TOML has types, so ``true`` is not 1 second, ``"8"`` is not a number, and
``nan``/``inf`` are not durations. Checks that span sections (a language among the offered ones, an amount in
the lane's currency, a device's settings against its driver's model) are in :mod:`kiosk.config.loader`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.domain import RoundingMode, TaxRate
from kiosk.domain.tax import RoundingScope

Seconds = Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0)]
"""A duration in seconds from TOML: an int or a float, never a boolean, a string, NaN or infinity."""
Count = Annotated[int, Field(strict=True)]
Flag = Annotated[bool, Field(strict=True)]
DATABASE_SCHEMES = re.compile(r"(sqlite|postgresql)(\+[a-z0-9_]+)?")


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
        twice = sorted({lang for lang in value if value.count(lang) > 1})
        if twice:
            raise ValueError(f"{', '.join(twice)} offered twice")
        return value


class TimeoutsSection(Section):
    inactivity_warning_s: Annotated[Seconds, Field(le=3600)] = 60
    inactivity_void_s: Annotated[Seconds, Field(le=3600)] = 30
    empty_sale_s: Annotated[Seconds, Field(le=3600)] = 45
    thank_you_s: Annotated[Seconds, Field(le=600)] = 8
    payment_s: Annotated[Seconds, Field(le=3600)] = 180  # longer than the terminal's own timeout


class StorageSection(Section):
    database_url: str | None = None  # sales journal; default: SQLite in the platform data folder
    # Product catalog. Default: for SQLite a sibling file (an import's long write lock must never block the
    # journal mid-sale); for a database server, the same database.
    catalog_url: str | None = None

    @field_validator("database_url", "catalog_url")
    @classmethod
    def _location(cls, value: str | None) -> str | None:
        """A backend the kiosk runs on, checked by its name only: SQLAlchemy loads after the first paint."""
        if value is None:
            return None
        if not value.strip():
            raise ValueError(
                "empty: leave the key out for the default, or give an absolute file path or a URL"
            )
        scheme, sep, _ = value.partition("://")
        if not sep:
            if not value.startswith("/"):
                raise ValueError(
                    "neither a URL (sqlite:////var/lib/kiosk/kiosk.sqlite3, postgresql://user@host/kiosk) "
                    "nor an absolute file path"
                )
        elif not DATABASE_SCHEMES.fullmatch(scheme):
            raise ValueError(f"unknown database backend {scheme[:40]!r}: use sqlite:///… or postgresql://…")
        return value


class StoreSection(Section):
    name: str = "Demo store"
    address: str = ""
    tax_id: str = ""


class TaxesSection(Section):
    default_rate: str = "22"
    default_weight_tol_g: Annotated[Count, Field(ge=0, le=10000)] = 15

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
    # Smallest cash unit, in the lane's currency (checked by the loader). Default: the currency's own, from CLDR
    # (JPY 1, CHF 0.05, RUB 0.01).
    cash_increment: str | None = None


class DeviceSection(Section):
    driver: Annotated[str, Field(min_length=1)]
    port: str = ""
    required: Flag = True
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
