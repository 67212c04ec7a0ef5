"""Pure domain values (Money, Product, Sale, Line, tax and rounding). No I/O, no clocks, no threads.

Everything here is immutable or owned by exactly one actor, so it can be shared with the UI as snapshots.
Imports nothing else from the project.
"""

from kiosk.domain.money import Currency, Money, MoneyError
from kiosk.domain.product import Product, SaleUnit
from kiosk.domain.sale import Line, Sale, SaleTotals
from kiosk.domain.tax import Rounding, RoundingMode, TaxRate
from kiosk.domain.tender import Tender, TenderStatus

__all__ = [
    "Currency",
    "Line",
    "Money",
    "MoneyError",
    "Product",
    "Rounding",
    "RoundingMode",
    "Sale",
    "SaleTotals",
    "SaleUnit",
    "TaxRate",
    "Tender",
    "TenderStatus",
]
