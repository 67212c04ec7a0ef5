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

from kiosk.catalog.gtin import GTIN_LENGTHS, canonical_gtin, check_digit, is_valid_gtin
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
SHOWN_MAX: Final = 80  # characters of a bad value an error message shows
INT_MAX: Final = 2**31 - 1  # PostgreSQL INTEGER
AGE_MAX: Final = 120
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc
_EMPTY_NAME: Final = "empty column name (a trailing comma in the header?); use --ignore-unknown to skip it"
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
        shown = f" ({self.shown})" if self.value else ""
        return f"{where}: {self.reason}{shown}"

    @property
    def shown(self) -> str:
        """The value as printed: quoted, and cut to :data:`SHOWN_MAX` characters (a runaway quoted field can
        hold the rest of the file)."""
        if len(self.value) <= SHOWN_MAX:
            return repr(self.value)
        return f"{self.value[:SHOWN_MAX]!r}… ({len(self.value)} characters)"


class Unreadable(Exception):
    """The file cannot be read on from here (bytes that are not UTF-8): the import stops, whatever the options."""

    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


# Files are decoded with this error handler: a byte that is not UTF-8 becomes a lone surrogate, so the CSV
# reader keeps its line count and the record holding it is named exactly (see not_utf8).
UNDECODED: Final = "surrogateescape"
_SURROGATE: Final = re.compile("[\udc80-\udcff]")


def not_utf8(cells: Sequence[str], line: int, columns: Sequence[str]) -> RowError | None:
    """The error for the first cell holding undecodable bytes, naming its column; ``None`` if all are text."""
    for i, cell in enumerate(cells):
        if (bad := _SURROGATE.search(cell)) is not None:
            shown = cell.encode("utf-8", UNDECODED).decode("utf-8", "backslashreplace")
            column = columns[i] if i < len(columns) else None
            byte = ord(bad[0]) - 0xDC00
            return RowError(
                line, column, shown, f"not valid UTF-8 (byte 0x{byte:02X}); save the file as UTF-8"
            )
    return None


class CatalogImportError(Exception):
    """The file was refused; nothing was written. ``errors`` are sorted by line."""

    def __init__(self, errors: Sequence[RowError], total_rows: int | None) -> None:
        self.errors = tuple(sorted(errors, key=lambda e: e.line))
        self.total_rows = total_rows  # None: the file could not be read to its end
        first = self.errors[0] if self.errors else "no details"
        rows = "" if total_rows is None else f" in {total_rows} row(s)"
        super().__init__(f"catalog refused: {len(self.errors)} error(s){rows}; first: {first}")


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
        self, index: dict[str, int], languages: list[tuple[str, int]], header: list[str], defaults: Defaults
    ) -> None:
        width = len(header)
        # One C-level call picks every known column; a missing one points past the end, at an appended "".
        self._fields = itemgetter(*(index.get(column, width) for column in _FIELDS))
        # The columns this file sets: a re-import writes only these (shared/specs/catalog-csv.md).
        self.columns = frozenset(index) | ({"names"} if languages else set())
        self._languages = [(f"{encode_basestring(lang)}:", i) for lang, i in languages]
        # Free-text columns, where a control character (NUL, ESC, a line break) is refused.
        self._texts: list[tuple[str, int]] = [
            (c, index[c]) for c in ("sku", "name", "category", "image") if c in index
        ]
        self._texts += [(f"name_{lang}", i) for lang, i in languages]
        self.width = width
        self._header = [name.strip() for name in header]
        currency, default_bp = defaults.currency, defaults.tax_rate.bp

        def price(text: str) -> int:
            try:
                minor = Money.parse(text, currency).minor
            except MoneyError as exc:
                raise ValueError(exc.reason) from exc  # the value is shown beside the reason already
            if minor < 0:
                raise ValueError("negative price")
            return minor

        def rate(text: str) -> int:
            try:
                return TaxRate.parse(text).bp if text else default_bp
            except ValueError as exc:
                raise ValueError("not a tax percent from 0 to 100 (such as 22 or 5.5)") from exc

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
            if not name:
                if not ignore_unknown:
                    errors.append(RowError(1, f"column {i + 1}", raw, _EMPTY_NAME))
                continue
            if name in seen:
                errors.append(RowError(1, name, raw, "column appears twice"))
                continue
            seen.add(name)
            if name in REQUIRED or name in OPTIONAL:
                index[name] = i
            elif name.startswith("name_") and _is_language(lang := name.removeprefix("name_")):
                languages.append((lang, i))
            elif not ignore_unknown:
                reason = "unknown column (use --ignore-unknown to skip it)"
                if name.startswith("name_"):
                    reason = (
                        f"unknown language {name[5:]!r}: name_<lang> needs a language code such as name_en"
                    )
                errors.append(RowError(1, raw, raw, reason))
        errors += [RowError(1, col, "", "required column is missing") for col in REQUIRED if col not in index]
        if errors:
            raise CatalogImportError(errors, None)
        return cls(index, languages, header, defaults)

    def parse(
        self, cells: list[str], line: int, errors: list[RowError], out: list[Any]
    ) -> tuple[str, ...] | None:
        """Append the row's :data:`STAGED_COLUMNS` values to ``out`` and return its barcodes after the first;
        or return ``None`` after appending one :class:`RowError` per bad value.

        ``out`` is one flat list for many rows because that is what a multi-row INSERT binds: no per-row tuple
        to build and then flatten again.
        """
        if len(cells) != self.width:
            if (bad := not_utf8(cells, line, self._header)) is not None:
                raise Unreadable(bad)
            errors.append(RowError(line, None, "", f"{len(cells)} fields, the header has {self.width}"))
            return None
        cells.append("")  # what the getter returns for a column the file does not have
        sku, name, *texts, codes_text, category, image = map(str.strip, self._fields(cells))
        values = list(map(dict.get, self._seen, texts, self._missing))
        codes = _codes(codes_text) if codes_text else ()
        if (
            codes is None
            or _MISSING in values
            or not sku
            or len(sku) > SKU_MAX
            or not name
            or not "".join(cells).isprintable()  # one C call; the slow path tells the few allowed ones apart
        ):
            codes = self._check(cells, sku, name, texts, values, codes_text, line, errors)
            if codes is None:
                return None
        names = "{}"
        if self._languages:
            # An empty cell is null: the write drops that language, keeping the others (json_patch).
            parts = [
                f"{key}{encode_basestring(text) if (text := cells[i].strip()) else 'null'}"
                for key, i in self._languages
            ]
            names = "{" + ",".join(parts) + "}"
        out += (line, sku, name, names)
        out += values
        out += (category or None, image or None, codes[0] if codes else None)
        return codes[1:]

    def _check(
        self,
        cells: list[str],
        sku: str,
        name: str,
        texts: list[str],
        values: list[Any],
        codes_text: str,
        line: int,
        errors: list[RowError],
    ) -> tuple[str, ...] | None:
        """The slow path of :meth:`parse`: parse what the caches lack into ``values``, remember what is
        valid, append every error in column order; the row's codes, or ``None`` if the row is invalid.
        Raises :class:`Unreadable` for bytes that are not UTF-8."""
        if (bad := not_utf8(cells, line, self._header)) is not None:
            raise Unreadable(bad)
        before = len(errors)
        if not sku or len(sku) > SKU_MAX:
            errors.append(RowError(line, "sku", sku, f"required, at most {SKU_MAX} characters"))
        if not name:
            errors.append(RowError(line, "name", name, "required"))
        for where, at in self._texts:
            if (control := _CONTROL.search(cell := cells[at].strip())) is not None:
                reason = f"control character U+{ord(control[0]):04X} not allowed"
                errors.append(RowError(line, where, cell, reason))
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
            errors.append(RowError(line, "barcodes", code, _gtin_problem(code)))
    codes = tuple(map(canonical_gtin, written))
    if len(set(codes)) != len(codes):
        errors.append(RowError(line, "barcodes", text, "the same barcode twice"))
    return codes


def _gtin_problem(code: str) -> str:
    """Why ``code`` is no GTIN; for a check digit, the one expected (of the EAN-8 reading, for 8 digits)."""
    if len(code) not in GTIN_LENGTHS or not (code.isascii() and code.isdigit()):
        return "not a valid EAN-13/EAN-8/UPC-A/UPC-E/GTIN-14 (length: 8, 12, 13 or 14 digits)"
    return f"wrong check digit: {code[-1]}, expected {check_digit(code[:-1])}"


def _is_language(tag: str) -> bool:
    """A language Babel knows, exactly as written (``de``, ``pt_br``, ``zh-hant``): Babel alone would read
    ``en_zz`` as ``en_US``."""
    from babel import Locale, UnknownLocaleError  # lazy: only a header with name_<lang> columns needs it

    try:
        locale = Locale.parse(tag, sep="-" if "-" in tag else "_")
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return str(locale).lower() == tag.replace("-", "_")
