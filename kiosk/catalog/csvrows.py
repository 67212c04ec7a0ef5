"""Reading and checking the rows of a catalog CSV (shared/specs/catalog-csv.md).

:class:`RowParser` turns one CSV record into the values of one staged ``product`` row plus its barcodes, or
into :class:`RowError` values naming the physical line, the column and the reason. It is the inner loop of a
million-row import, so it works on plain lists, remembers the parse of every repeated value (a real catalog
has a few thousand distinct prices, and a handful of units, rates and flags), checks a valid row in one fast
pass and only looks at each value separately to name what is wrong, and uses ``str`` methods, not regexes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any, Final

from kiosk.catalog.gtin import canonical_gtin, is_valid_gtin
from kiosk.domain import Money, MoneyError, SaleUnit, TaxRate
from kiosk.domain.product import SKU_MAX_LENGTH as SKU_MAX

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
# Columns checked by a memoised parse, in the order a row's errors are listed; "barcodes" comes after "plu".
_CHECKED: Final = ("price", "tax_rate", "unit", "plu", *OPTIONAL[4:11])
_CODES_AFTER: Final = _CHECKED.index("plu") + 1
_FIELDS: Final = (
    "sku",
    "name",
    *_CHECKED,
    "barcodes",
    "category",
    "image",
)  # as RowParser.parse unpacks them
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


# What a worker stores for a valid row (see kiosk/catalog/staging.py), in RowParser.parse's order: the product
# values without the two the whole file shares (currency, updated_at; the writer adds them in SQL), keyed by
# the physical line, and the row's first barcode inline, since nearly every row has at most one.
_STORED_AS: Final = {"price": "price_minor", "tax_rate": "tax_rate_bp"}
STAGED_COLUMNS: Final = (
    "line",
    "sku",
    "name",
    "names",
    *(_STORED_AS.get(c, c) for c in _CHECKED),
    "category",
    "image",
    "code",
)
_CACHE_MAX: Final = 1 << 16  # distinct texts remembered per column; bounds memory on adversarial files
_MISSING: Final = object()
_GTIN_ERROR: Final = "not a valid EAN-13/EAN-8/UPC-A/UPC-E/GTIN-14 (length or check digit)"


def _whole(maximum: int, empty: int | None) -> Callable[[str], int | None]:
    def parse(text: str) -> int | None:
        if not text:
            return empty
        if text.isascii() and text.isdigit() and int(text) <= maximum:
            return int(text)
        raise ValueError(f"must be a whole number from 0 to {maximum}")

    return parse


def _boolean(empty: bool) -> Callable[[str], bool]:
    def parse(text: str) -> bool:
        value = _BOOLEANS.get(text.lower()) if text else empty
        if value is None:
            raise ValueError("must be true or false (or yes/no, 1/0)")
        return value

    return parse


def _unit(text: str) -> str:
    unit = _UNITS.get(text.lower()) if text else "each"
    if unit is None:
        raise ValueError("must be each or kg")
    return unit


def _plu(text: str) -> str | None:
    if text and not (4 <= len(text) <= 5 and text.isascii() and text.isdigit()):
        raise ValueError("must be 4 or 5 digits")
    return text or None


class RowParser:
    """Checks the records of one file against its header. Build with :meth:`from_header`."""

    def __init__(
        self, index: dict[str, int], languages: list[tuple[str, int]], width: int, defaults: Defaults
    ) -> None:
        # One C-level call picks every known column; a missing one points past the end, at an appended "".
        self._fields = itemgetter(*(index.get(column, width) for column in _FIELDS))
        self._languages = [(f"{encode_basestring(lang)}:", i) for lang, i in languages]
        self.width = width
        currency, default_bp = defaults.currency, defaults.tax_rate.bp

        def price(text: str) -> int:
            try:
                minor = Money.parse(text, currency).minor
            except MoneyError as exc:
                raise ValueError(str(exc)) from exc
            if minor < 0:
                raise ValueError("negative price")
            return minor

        def rate(text: str) -> int:
            return TaxRate.parse(text).bp if text else default_bp

        # Parses of _CHECKED, each raising ValueError(reason), and what they returned per valid text: a
        # catalog repeats a few thousand prices, units, flags and weights a million times, and one C-level
        # pass of dict lookups over the row costs less than a single parse.
        self._parses: tuple[Callable[[str], Any], ...] = (
            price,
            rate,
            _unit,
            _plu,
            _whole(AGE_MAX, 0),
            _whole(INT_MAX, None),
            _whole(INT_MAX, defaults.weight_tol_g),
            _boolean(True),
            _boolean(False),
            _whole(INT_MAX, None),
            _boolean(False),
        )
        self._seen: tuple[dict[str, Any], ...] = tuple({} for _ in _CHECKED)
        self._missing = (_MISSING,) * len(_CHECKED)

    @classmethod
    def from_header(cls, header: list[str], defaults: Defaults, *, ignore_unknown: bool) -> RowParser:
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
        return cls(index, languages, len(header), defaults)

    def parse(
        self, cells: list[str], line: int, errors: list[RowError], out: list[Any]
    ) -> tuple[str, ...] | None:
        """Append the row's :data:`STAGED_COLUMNS` values to ``out`` and return its barcodes after the first;
        or return ``None`` after appending one :class:`RowError` per bad value.

        ``out`` is one flat list for many rows because that is what a multi-row INSERT binds: no per-row tuple
        to build and then flatten again.
        """
        if len(cells) != self.width:
            errors.append(RowError(line, None, "", f"{len(cells)} fields, the header has {self.width}"))
            return None
        cells.append("")  # what the getter returns for a column the file does not have
        sku, name, *texts, codes_text, category, image = map(str.strip, self._fields(cells))
        values = list(map(dict.get, self._seen, texts, self._missing))
        codes = _codes(codes_text) if codes_text else ()
        if codes is None or _MISSING in values or not sku or len(sku) > SKU_MAX or not name:
            codes = self._check(sku, name, texts, values, codes_text, line, errors)
            if codes is None:
                return None
        names = "{}"
        if self._languages:
            parts = [
                f"{key}{encode_basestring(text)}" for key, i in self._languages if (text := cells[i].strip())
            ]
            names = "{" + ",".join(parts) + "}"
        out += (line, sku, name, names)
        out += values
        out += (category or None, image or None, codes[0] if codes else None)
        return codes[1:]

    def _check(
        self,
        sku: str,
        name: str,
        texts: list[str],
        values: list[Any],
        codes_text: str,
        line: int,
        errors: list[RowError],
    ) -> tuple[str, ...] | None:
        """The slow path of :meth:`parse`: parse what the caches lack into ``values``, remember what is
        valid, append every error in column order; the row's codes, or ``None`` if the row is invalid."""
        before = len(errors)
        if not sku or len(sku) > SKU_MAX:
            errors.append(RowError(line, "sku", sku, f"required, at most {SKU_MAX} characters"))
        if not name:
            errors.append(RowError(line, "name", name, "required"))
        codes: tuple[str, ...] = ()
        for i, (column, text, parse, seen) in enumerate(
            zip(_CHECKED, texts, self._parses, self._seen, strict=True)
        ):
            if i == _CODES_AFTER and codes_text:
                codes = _barcodes(codes_text, line, errors)
            if values[i] is not _MISSING:
                continue
            try:
                values[i] = parse(text)
            except ValueError as exc:
                errors.append(RowError(line, column, text, str(exc)))
                continue
            if len(seen) < _CACHE_MAX:
                seen[text] = values[i]
        return None if len(errors) > before else codes


def _codes(text: str) -> tuple[str, ...] | None:
    """The fast path of :func:`_barcodes`: the canonical codes, or ``None`` if anything is wrong with them."""
    if BARCODE_SEPARATOR not in text:
        return (canonical_gtin(text),) if is_valid_gtin(text) else None
    written = [code.strip() for code in text.split(BARCODE_SEPARATOR)]
    codes = tuple(map(canonical_gtin, written))
    return codes if all(map(is_valid_gtin, written)) and len(set(codes)) == len(codes) else None


def _barcodes(text: str, line: int, errors: list[RowError]) -> tuple[str, ...]:
    """The row's codes in canonical form (see :func:`canonical_gtin`); errors name them as written."""
    written = [code.strip() for code in text.split(BARCODE_SEPARATOR)]
    for code in written:
        if not is_valid_gtin(code):
            errors.append(RowError(line, "barcodes", code, _GTIN_ERROR))
    codes = tuple(map(canonical_gtin, written))
    if len(set(codes)) != len(codes):
        errors.append(RowError(line, "barcodes", text, "the same barcode twice"))
    return codes
