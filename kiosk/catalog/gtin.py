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
