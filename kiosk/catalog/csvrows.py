"""Reading and checking the rows of a catalog CSV (shared/specs/catalog-csv.md).

:class:`RowParser` turns one CSV record into the values of one ``product`` row plus its barcodes, or into
:class:`RowError` values naming the physical line, the column and the reason. It is the inner loop of a
million-row import, so it works on plain lists and tuples, caches the parse of repeated prices and tax
rates (a real catalog has a few thousand distinct prices), and uses ``str`` methods rather than regexes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any, Final

from kiosk.catalog.gtin import canonical_gtin, is_valid_gtin
from kiosk.domain import Money, MoneyError, SaleUnit, TaxRate
from kiosk.persistence.models import SKU_MAX

REQUIRED: Final = ("sku", "name", "price")
OPTIONAL: Final = (
    "barcodes",
    "plu",
    "unit",
    "tax_rate",
    "age_min",
    "weight_g",
    "weight_tol_g",
    "sco_allowed",
    "bag_exempt",
    "max_qty",
    "marked",
    "category",
    "image",
)
_FIELDS: Final = REQUIRED + OPTIONAL  # the order RowParser.parse unpacks them in
# The order of the values in a parsed row = the column order of the product INSERT.
PRODUCT_COLUMNS: Final = (
    "sku",
    "name",
    "names",
    "price_minor",
    "currency",
    "unit",
    "tax_rate_bp",
    "plu",
    "age_min",
    "weight_g",
    "weight_tol_g",
    "sco_allowed",
    "bag_exempt",
    "max_qty",
    "marked",
    "category",
    "image",
    "updated_at",
)
SKU: Final = PRODUCT_COLUMNS.index("sku")
PLU: Final = PRODUCT_COLUMNS.index("plu")

BARCODE_SEPARATOR: Final = "|"
INT_MAX: Final = 2**31 - 1  # PostgreSQL INTEGER
AGE_MAX: Final = 120
_NAME_LANG: Final = re.compile(r"name_([a-z]{2,3}(?:[-_][a-z0-9]{2,8})*)")
_BOOLEANS: Final = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}
_UNITS: Final = {unit.value: unit.value for unit in SaleUnit}


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in the file: physical CSV line (1 = header), column (``None``: the whole row)."""

    line: int
    column: str | None
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        shown = f" ({self.value!r})" if self.value else ""
        return f"{where}: {self.reason}{shown}"


class CatalogImportError(Exception):
    """The file was refused; nothing was written. ``errors`` are sorted by line."""

    def __init__(self, errors: Sequence[RowError], total_rows: int) -> None:
        self.errors = tuple(sorted(errors, key=lambda e: e.line))
        self.total_rows = total_rows
        first = self.errors[0] if self.errors else "no details"
        super().__init__(
            f"catalog refused: {len(self.errors)} error(s) in {total_rows} row(s); first: {first}"
        )


@dataclass(frozen=True, slots=True)
class Defaults:
    """Values from configuration for columns a file leaves out or empty."""

    currency: str
    tax_rate: TaxRate
    weight_tol_g: int


ParsedRow = tuple[tuple[Any, ...], tuple[str, ...]]  # product values (PRODUCT_COLUMNS order), barcodes


class RowParser:
    """Checks the records of one file against its header. Build with :meth:`from_header`."""

    def __init__(
        self,
        index: dict[str, int],
        languages: list[tuple[str, int]],
        width: int,
        defaults: Defaults,
        stamp: Any,
    ) -> None:
        # One C-level call picks every known column; a missing one points past the end, at an appended "".
        self._fields = itemgetter(*(index.get(column, width) for column in _FIELDS))
        self._languages = [(f"{encode_basestring(lang)}:", i) for lang, i in languages]
        self.width = width
        self._defaults = defaults
        self._stamp = stamp  # updated_at, already in database form
        self._prices: dict[str, int | str] = {}  # text → minor units, or the reason it is invalid
        self._rates: dict[str, int | str] = {}

    @classmethod
    def from_header(
        cls, header: list[str], defaults: Defaults, stamp: Any, *, ignore_unknown: bool
    ) -> RowParser:
        """Map column names to positions; raise :class:`CatalogImportError` for a header that cannot work."""
        errors: list[RowError] = []
        index: dict[str, int] = {}
        languages: list[tuple[str, int]] = []
        seen: set[str] = set()
        for i, raw in enumerate(header):
            name = raw.strip().lower()
            if name in seen:
                errors.append(RowError(1, name, raw, "column appears twice"))
                continue
            seen.add(name)
            lang = _NAME_LANG.fullmatch(name)
            if name in REQUIRED or name in OPTIONAL:
                index[name] = i
            elif lang is not None:
                languages.append((lang.group(1), i))
            elif not ignore_unknown:
                errors.append(RowError(1, raw, raw, "unknown column (use --ignore-unknown to skip it)"))
        errors += [RowError(1, col, "", "required column is missing") for col in REQUIRED if col not in index]
        if errors:
            raise CatalogImportError(errors, 0)
        return cls(index, languages, len(header), defaults, stamp)

    def _price(self, text: str) -> int | str:
        try:
            minor = Money.parse(text, self._defaults.currency).minor
        except MoneyError as exc:
            return str(exc)
        return "negative price" if minor < 0 else minor

    def _rate(self, text: str) -> int | str:
        try:
            return TaxRate.parse(text).bp
        except ValueError as exc:
            return str(exc)

    def parse(self, cells: list[str], line: int, errors: list[RowError]) -> ParsedRow | None:
        """The row's values, or ``None`` after appending one :class:`RowError` per bad value."""
        if len(cells) != self.width:
            errors.append(RowError(line, None, "", f"{len(cells)} fields, the header has {self.width}"))
            return None
        before = len(errors)
        cells.append("")  # what the getter returns for a column the file does not have
        (
            sku,
            name,
            price_text,
            codes_text,
            plu_text,
            unit_text,
            rate_text,
            age_text,
            weight_text,
            tol_text,
            sco_text,
            bag_text,
            max_text,
            marked_text,
            category,
            image,
        ) = map(str.strip, self._fields(cells))

        if not sku or len(sku) > SKU_MAX:
            errors.append(RowError(line, "sku", sku, f"required, at most {SKU_MAX} characters"))
        if not name:
            errors.append(RowError(line, "name", name, "required"))

        price = self._prices.get(price_text)
        if price is None:
            price = self._prices[price_text] = self._price(price_text)
        if isinstance(price, str):
            errors.append(RowError(line, "price", price_text, price))

        rate: int | str = self._defaults.tax_rate.bp
        if rate_text:
            cached = self._rates.get(rate_text)
            rate = self._rates[rate_text] = self._rate(rate_text) if cached is None else cached
            if isinstance(rate, str):
                errors.append(RowError(line, "tax_rate", rate_text, rate))

        unit = _UNITS.get(unit_text.lower()) if unit_text else "each"
        if unit is None:
            errors.append(RowError(line, "unit", unit_text, "must be each or kg"))

        plu = plu_text or None
        if plu_text and not (4 <= len(plu_text) <= 5 and plu_text.isascii() and plu_text.isdigit()):
            errors.append(RowError(line, "plu", plu_text, "must be 4 or 5 digits"))

        codes = _barcodes(codes_text, line, errors) if codes_text else ()

        names = "{}"
        if self._languages:
            parts = [
                f"{key}{encode_basestring(text)}" for key, i in self._languages if (text := cells[i].strip())
            ]
            names = "{" + ",".join(parts) + "}"

        values = (
            sku,
            name,
            names,
            price,
            self._defaults.currency,
            unit,
            rate,
            plu,
            _count(age_text, "age_min", AGE_MAX, line, errors) if age_text else 0,
            _count(weight_text, "weight_g", INT_MAX, line, errors) if weight_text else None,
            _count(tol_text, "weight_tol_g", INT_MAX, line, errors)
            if tol_text
            else self._defaults.weight_tol_g,
            _flag(sco_text, "sco_allowed", line, errors) if sco_text else True,
            _flag(bag_text, "bag_exempt", line, errors) if bag_text else False,
            _count(max_text, "max_qty", INT_MAX, line, errors) if max_text else None,
            _flag(marked_text, "marked", line, errors) if marked_text else False,
            category or None,
            image or None,
            self._stamp,
        )
        return None if len(errors) > before else (values, codes)


def _count(text: str, column: str, maximum: int, line: int, errors: list[RowError]) -> int | None:
    if text.isascii() and text.isdigit() and int(text) <= maximum:
        return int(text)
    errors.append(RowError(line, column, text, f"must be a whole number from 0 to {maximum}"))
    return None


def _flag(text: str, column: str, line: int, errors: list[RowError]) -> bool:
    value = _BOOLEANS.get(text.lower())
    if value is None:
        errors.append(RowError(line, column, text, "must be true or false (or yes/no, 1/0)"))
        return False
    return value


def _barcodes(text: str, line: int, errors: list[RowError]) -> tuple[str, ...]:
    """The row's codes in canonical form (see :func:`canonical_gtin`); errors name them as written."""
    written = [code.strip() for code in text.split(BARCODE_SEPARATOR)]
    for code in written:
        if not is_valid_gtin(code):
            errors.append(
                RowError(
                    line,
                    "barcodes",
                    code,
                    "not a valid EAN-13/EAN-8/UPC-A/UPC-E/GTIN-14 (length or check digit)",
                )
            )
    codes = tuple(map(canonical_gtin, written))
    if len(set(codes)) != len(codes):
        errors.append(RowError(line, "barcodes", text, "the same barcode twice"))
    return codes
