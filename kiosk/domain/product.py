"""A sellable product as the lane sees it (one catalog row, immutable)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from kiosk.domain.money import Money
from kiosk.domain.tax import TaxRate

SKU_MAX_LENGTH = 64  # the store's item id, as long as any ERP we know of issues


class SaleUnit(enum.StrEnum):
    EACH = "each"
    KG = "kg"  # unit_price is per kilogram; the line needs a stable weight


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    name: str
    unit_price: Money
    tax_rate: TaxRate
    unit: SaleUnit = SaleUnit.EACH
    barcodes: tuple[str, ...] = ()
    plu: str | None = None
    names: Mapping[str, str] = field(default_factory=dict)
    age_min: int = 0
    weight_g: int | None = None
    weight_tol_g: int | None = None
    sco_allowed: bool = True
    bag_exempt: bool = False
    max_qty: int | None = None
    marked: bool = False
    category: str | None = None
    image: str | None = None

    def name_in(self, language: str) -> str:
        """The name in ``language`` if the catalog has one, else the store's main-language name."""
        return self.names.get(language, self.name)

    @property
    def sold_by_weight(self) -> bool:
        return self.unit is SaleUnit.KG
