"""GTIN check digits (GS1 General Specifications §7.9): EAN-8, UPC-A (12), EAN-13, GTIN-14 and UPC-E.

Written for the importer's tight loop over a million rows: the weighted digit sum comes from two C-level
``sum`` calls over strided slices of the code's ASCII bytes, not from a per-digit ``int()`` loop.
"""

from __future__ import annotations

from typing import Final

GTIN_LENGTHS: Final = frozenset({8, 12, 13, 14})


def _weighted_sum(digits: bytes) -> int:
    """Σ digit × weight with weights 1,3,1,3,… from the right: a multiple of 10 for a whole, valid code."""
    n = len(digits)
    return sum(digits[::-2]) + 3 * sum(digits[-2::-2]) - 48 * ((n + 1) // 2 + 3 * (n // 2))


def check_digit(body: str) -> int:
    """The GS1 check digit for ``body`` (the code without its last digit): weights 3,1,3,… from the right."""
    return -_weighted_sum(f"{body}0".encode("ascii")) % 10


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
    if _weighted_sum(code.encode("ascii")) % 10 == 0:
        return True
    upc_a = expand_upc_e(code)
    return upc_a is not None and _weighted_sum(upc_a.encode("ascii")) % 10 == 0


def canonical_gtin(code: str) -> str:
    """The one stored and looked-up form of a code: a GTIN-13/14 with leading zeros loses them, down to 12 digits.

    A UPC-A item is printed with 12 digits, but many scanners send it as an EAN-13 with a leading 0, and a
    GTIN-14 may carry one more: all three are the same product (zeros in front do not change the check digit).
    The importer stores this form and the lookup asks for it, so any of them finds the product. Other codes
    (EAN-8, UPC-E, EAN-13 not starting with 0) come back unchanged.
    """
    while len(code) > 12 and code[0] == "0":
        code = code[1:]
    return code


def with_check_digit(body: str) -> str:
    """``body`` followed by its check digit (used to make test and demo codes)."""
    return f"{body}{check_digit(body)}"
