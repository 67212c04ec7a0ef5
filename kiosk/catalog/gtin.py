"""GTIN check digits (GS1 General Specifications §7.9): EAN-8, UPC-A (12), EAN-13, GTIN-14 and UPC-E.

Written for the importer's tight loop over a million rows: digit sums come from the ASCII bytes of a slice
instead of a per-digit ``int()`` loop.
"""

from __future__ import annotations

from typing import Final

GTIN_LENGTHS: Final = frozenset({8, 12, 13, 14})


def _digit_sum(digits: str) -> int:
    return sum(digits.encode("ascii")) - 48 * len(digits)


def check_digit(body: str) -> int:
    """The GS1 check digit for ``body`` (the code without its last digit): weights 3,1,3,… from the right."""
    return -(3 * _digit_sum(body[::-2]) + _digit_sum(body[-2::-2])) % 10


def expand_upc_e(code: str) -> str | None:
    """The UPC-A form of an 8-digit UPC-E code (number system 0 or 1), or ``None`` if it is not UPC-E."""
    if len(code) != 8 or code[0] not in "01":
        return None
    ns, d, check = code[0], code[1:7], code[7]
    last = d[5]
    if last in "012":
        body = f"{d[0:2]}{last}0000{d[2:5]}"
    elif last == "3":
        body = f"{d[0:3]}00000{d[3:5]}"
    elif last == "4":
        body = f"{d[0:4]}00000{d[4]}"
    else:
        body = f"{d[0:5]}0000{last}"
    return f"{ns}{body}{check}"


def is_valid_gtin(code: str) -> bool:
    """True for a well-formed GTIN-8/12/13/14 with a correct check digit, or a correct 8-digit UPC-E."""
    if len(code) not in GTIN_LENGTHS or not (code.isascii() and code.isdigit()):
        return False
    if check_digit(code[:-1]) == ord(code[-1]) - 48:
        return True
    upc_a = expand_upc_e(code)
    return upc_a is not None and check_digit(upc_a[:-1]) == ord(upc_a[-1]) - 48


def with_check_digit(body: str) -> str:
    """``body`` followed by its check digit (used to make test and demo codes)."""
    return f"{body}{check_digit(body)}"
