"""ZVT code tables as frozen data: intermediate-status texts, result codes, card types, ISO 4217 currencies.

Sources: PA00P015 rev. 13.13 chapter "Intermediate Status-Information (04 FF)" (status codes), chapter 10
"Error-Messages" (result codes of BMP 27 and of Abort 06 1E), chapter 11 "Terminal Status Codes" and chapter
12 "List of ZVT-card-type IDs"; ISO 4217 for currencies. Vendors differ in the status texts they use
(payments.md §6), so a driver may be given its own table; these are the spec's meanings.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

INTERMEDIATE_STATUS: Final = MappingProxyType(
    {
        0x00: "waiting for amount confirmation",
        0x01: "please watch the PIN pad",
        0x02: "please watch the PIN pad",
        0x03: "not accepted",
        0x04: "waiting for the host",
        0x05: "sending auto-reversal",
        0x07: "card not admitted",
        0x08: "card unknown",
        0x09: "card expired",
        0x0A: "insert card",
        0x0B: "please remove card",
        0x0C: "card not readable",
        0x0D: "processing error",
        0x0E: "please wait",
        0x10: "invalid card",
        0x12: "system malfunction",
        0x13: "payment not possible",
        0x14: "credit not sufficient",
        0x15: "incorrect PIN",
        0x17: "please wait",
        0x18: "PIN try limit exceeded",
        0x1C: "approved, please take goods",
        0x1D: "declined",
        0xE0: "waiting for application selection",
        0xE1: "waiting for language selection",
    }
)
"""04 FF status byte → what the shopper is asked to do (ZVT "Intermediate Status-Information")."""

INSERT_CARD: Final = 0x0A
ENTER_PIN: Final = 0x01
PLEASE_WAIT: Final = 0x0E

RESULT_CODES: Final = MappingProxyType(
    {
        0x00: "no error",
        0x05: "declined by the card issuer",
        0x64: "card not readable",
        0x65: "card data not present",
        0x66: "processing error",
        0x6A: "turnover file full",
        0x6B: "function deactivated (terminal not registered)",
        0x6C: "aborted by time-out or the abort key",
        0x6F: "wrong currency",
        0x71: "credit not sufficient",
        0x72: "chip error",
        0x78: "card expired",
        0x79: "card not yet valid",
        0x7A: "card unknown",
        0x7D: "communication error",
        0x83: "function not possible",
        0x9A: "ZVT protocol error",
        0x9C: "please wait",
        0xA0: "receiver not ready",
        0xB4: "already reversed",
        0xB5: "reversal not possible",
        0xC3: "maximum amount exceeded",
        0xC6: "currency not applicable",
        0xCC: "printer not ready",
        0xDC: "card inserted",
        0xFF: "system error",
    }
)
"""BMP 27 / 06 1E / 84 xx code → reason (ZVT chapter 10 "Error-Messages"); 01–63 come from the issuer."""

ABORTED: Final = 0x6C
WRONG_CURRENCY: Final = 0x6F

TERMINAL_ERRORS: Final = frozenset(
    {0x6A, 0x6B, 0x6F, 0x7D, 0x83, 0x9A, 0x9C, 0xA0, 0xB4, 0xB5, 0xC6, 0xCC, 0xFF}
)
"""Result codes that report the terminal, the protocol or the request itself, not the card: FAILED, not
DECLINED (turnover file full, not registered, wrong currency, no host, function not possible …)."""


def result_text(code: int) -> str:
    if code in RESULT_CODES:
        return RESULT_CODES[code]
    if 0x01 <= code <= 0x63:
        return f"declined by the authorisation system (code {code:02X})"
    return f"terminal error {code:02X}"


def status_text(code: int) -> str:
    return INTERMEDIATE_STATUS.get(code, f"terminal status {code:02X}")


TERMINAL_READY: Final = 0x00
"""Terminal status code "PT ready" (ZVT chapter 11); every other value means the PT cannot pay now."""

CARD_TYPES: Final = MappingProxyType(
    {2: "ec-card", 5: "girocard", 6: "Mastercard", 10: "VISA", 46: "Maestro"}
)
"""BMP 8A → card family (ZVT chapter 12 "List of ZVT-card-type IDs", the common ones)."""

CURRENCIES: Final = MappingProxyType({"EUR": 978, "RUB": 643, "USD": 840, "CHF": 756, "GBP": 826})
"""ISO 4217 alphabetic → numeric, for BMP 49 (2 bytes BCD)."""


def currency_number(currency: str | int) -> int:
    """``"EUR"``, ``"978"`` or ``978`` → 978; ``ValueError`` for anything unknown."""
    if isinstance(currency, int):
        number = currency
    elif currency.isdigit():
        number = int(currency)
    else:
        try:
            return CURRENCIES[currency.upper()]
        except KeyError:
            raise ValueError(f"unknown currency {currency!r}; known: {', '.join(CURRENCIES)}") from None
    if not 0 < number < 1000:
        raise ValueError(f"ISO 4217 numeric codes have three digits, got {number}")
    return number


def currency_alpha(number: int) -> str:
    """978 → ``"EUR"``; an unknown code is kept as its digits."""
    return next((alpha for alpha, n in CURRENCIES.items() if n == number), f"{number:03d}")
