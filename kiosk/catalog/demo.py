"""A seed catalog (the demo's small Russian supermarket, prices in roubles) in whatever currency the lane uses.

A demo or simulated lane configured for ``JPY`` or ``KWD`` must start like one in ``RUB``, not stop because
``119.90`` has two decimals. The seed's prices are read as amounts in the lane's currency, rounded half up to
its decimals (119.90 → 120 yen, 119.900 dinar); the file itself stays as it is. A store's own catalog is never
converted: its prices are imported as written.
"""

from __future__ import annotations

import csv
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Final

from kiosk.catalog.importer import ImportReport, import_catalog_csv
from kiosk.domain import TaxRate
from kiosk.domain.money import currency as currency_of
from kiosk.persistence import Database

_WRITTEN_WITH: Final = 2  # decimals of the prices in a seed catalog


def _in_decimals(source: Path, target: Path, exponent: int) -> None:
    step = Decimal(1).scaleb(-exponent)
    with (
        source.open(encoding="utf-8", newline="") as src,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        rows = csv.DictReader(src)
        writer = csv.DictWriter(out, fieldnames=rows.fieldnames or [], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "price": str(Decimal(row["price"]).quantize(step, ROUND_HALF_UP))})


def import_seed_catalog(
    db: Database, seed: Path, *, currency: str, default_tax_rate: TaxRate, default_weight_tol_g: int
) -> ImportReport:
    """Import the seed catalog ``seed`` into ``db`` with its prices in ``currency``."""

    def load(path: Path) -> ImportReport:
        return import_catalog_csv(
            db,
            path,
            currency=currency,
            default_tax_rate=default_tax_rate,
            default_weight_tol_g=default_weight_tol_g,
        )

    exponent = currency_of(currency).exponent
    if exponent == _WRITTEN_WITH:
        return load(seed)
    with tempfile.TemporaryDirectory(prefix="kiosk-seed-catalog-") as folder:  # 0700, removed after
        converted = Path(folder) / seed.name
        _in_decimals(seed, converted, exponent)
        return load(converted)
