"""Synthetic catalog CSVs of any size, valid by construction (benchmarks and tests).

Barcodes are EAN-13 with the Russian GS1 prefix 46 and a correct check digit, unique because the 10-digit
item part is ``i × 7919 mod 10¹⁰`` (a bijection, 7919 being prime to 10). Every 100th row is loose produce
sold by the kg under a unique 5-digit PLU. Prices come from a realistic set (a few thousand whole prices with
.00/.49/.90/.99 endings), so the importer's price cache sees what a real catalog gives it.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Final

from kiosk.catalog.gtin import with_check_digit

HEADER: Final = (
    "sku",
    "barcodes",
    "plu",
    "name",
    "name_en",
    "price",
    "unit",
    "tax_rate",
    "age_min",
    "weight_g",
    "sco_allowed",
    "bag_exempt",
    "max_qty",
    "marked",
    "category",
)
_ADJECTIVES: Final = ("Свежий", "Домашний", "Отборный", "Классический", "Фермерский", "Лёгкий", "Южный")
_NOUNS: Final = ("сыр", "хлеб", "сок", "чай", "кофе", "йогурт", "рис", "соус", "шоколад", "творог")
_ADJECTIVES_EN: Final = ("Fresh", "Homemade", "Select", "Classic", "Farm", "Light", "Southern")
_NOUNS_EN: Final = (
    "cheese",
    "bread",
    "juice",
    "tea",
    "coffee",
    "yoghurt",
    "rice",
    "sauce",
    "chocolate",
    "curd",
)
_CATEGORIES: Final = ("Dairy", "Bakery", "Drinks", "Grocery", "Sweets", "Household")
_CENTS: Final = ("00", "49", "90", "99")


def synthetic_ean13(i: int) -> str:
    return with_check_digit(f"46{i * 7919 % 10**10:010d}")


def make_catalog_csv(path: str | Path, rows: int, seed: int = 1) -> Path:
    """Write ``rows`` valid products to ``path`` (UTF-8 with a header) and return the path."""
    rng = random.Random(seed)
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(rows):
            a, n = rng.randrange(len(_ADJECTIVES)), rng.randrange(len(_NOUNS))
            price = f"{rng.randint(19, 2999)}.{rng.choice(_CENTS)}"
            if i % 100 == 0:  # loose produce: PLU, per-kg price, no barcode
                code, plu, unit, weight = "", str(10000 + i // 100), "kg", ""
            else:
                code, plu, unit, weight = synthetic_ean13(i), "", "each", str(rng.randint(50, 2000))
            writer.writerow(
                (
                    f"SKU{i:07d}",
                    code,
                    plu,
                    f"{_ADJECTIVES[a]} {_NOUNS[n]} {i}",
                    f"{_ADJECTIVES_EN[a]} {_NOUNS_EN[n]} {i}",
                    price,
                    unit,
                    "10" if n % 3 == 0 else "22",
                    "18" if i % 97 == 0 else "0",
                    weight,
                    "true",
                    "false",
                    "12" if i % 50 == 0 else "",
                    "false",
                    _CATEGORIES[n % len(_CATEGORIES)],
                )
            )
    return path
