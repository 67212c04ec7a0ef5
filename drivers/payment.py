"""Values of the payment-terminal contract: operations, outcomes, prompts, receipt copies and the masked PAN.

Kept apart from :mod:`drivers.contracts` because :class:`MaskedPan` carries a rule, not just data: the only
card number the kiosk may hold is BIN + last four (PCI DSS 3.4.1, payments.md §11). The type makes that rule
impossible to break by accident — it cannot be built from, or print, more digits than that.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from drivers.model import StatusCode

MASK_CHARS = frozenset("*EeXx#")
"""Characters terminals use for hidden digits (ZVT sends ``E``; receipts use ``*``)."""


class TerminalOperation(enum.StrEnum):
    AUTHORIZE = "authorize"
    REVERSE = "reverse"
    REFUND = "refund"
    ABORT = "abort"
    STATUS_ENQUIRY = "status_enquiry"
    REPEAT_RECEIPT = "repeat_receipt"
    END_OF_DAY = "end_of_day"
    REGISTRATION = "registration"  # ZVT 06 00: the driver's own, on connect and in health checks


class TerminalOutcome(enum.StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"
    ABORTED = "aborted"  # by the shopper, the ECR or the terminal's own timeout
    FAILED = "failed"  # the terminal answered with an error (not a decline)
    UNKNOWN = "unknown"  # the link broke before the end: recover, never assume (payments.md §9)


class TerminalPrompt(StatusCode):
    """Intermediate status a terminal reports during an operation (ZVT ``04 FF`` intermediate status)."""

    INSERT_CARD = "insert_card"
    PRESENT_CARD = "present_card"
    REMOVE_CARD = "remove_card"
    ENTER_PIN = "enter_pin"
    PIN_OK = "pin_ok"
    WRONG_PIN = "wrong_pin"
    PLEASE_WAIT = "please_wait"
    PROCESSING = "processing"
    APPROVED = "approved"
    DECLINED = "declined"
    OTHER = "other"  # a code we do not map; the terminal's text says what


class ReceiptCopy(enum.StrEnum):
    CUSTOMER = "customer"
    MERCHANT = "merchant"
    REPORT = "report"  # end-of-day / diagnosis printouts


@dataclass(frozen=True, slots=True)
class MaskedPan:
    """A card number reduced to at most its BIN and last four digits.

    ``bin`` is 0–6 leading digits (0–8 when the PAN has 16 or more digits, per the PCI SSC FAQ on 8-digit
    BINs); ``last4`` exactly four; ``length`` the full PAN length when known (0 otherwise).
    """

    bin: str
    last4: str
    length: int = 0

    def __post_init__(self) -> None:
        max_bin = 8 if self.length >= 16 else 6
        if not (self.bin.isdigit() or self.bin == "") or len(self.bin) > max_bin:
            raise ValueError(f"masked PAN: BIN must be at most {max_bin} digits")
        if not (self.last4.isdigit() and len(self.last4) == 4):
            raise ValueError("masked PAN: last four must be four digits")
        if self.length and self.length < len(self.bin) + 4:
            raise ValueError("masked PAN: length shorter than BIN + last four")

    @classmethod
    def from_terminal(cls, text: str) -> MaskedPan:
        """Parse what a terminal sends (``4111EEEEEEEE1111``, ``************1234``) and keep only what we may.

        Leading digits beyond the permitted BIN are dropped rather than kept, so even a terminal that sends
        too much cannot make us store it.
        """
        chars = [c for c in text if not c.isspace()]
        if not chars or any(not (c.isdigit() or c in MASK_CHARS) for c in chars):
            raise ValueError("masked PAN: only digits and mask characters allowed")
        length = len(chars)
        last4 = "".join(chars[-4:])
        lead = ""
        for c in chars[:-4]:
            if not c.isdigit():
                break
            lead += c
        return cls(bin=lead[: 8 if length >= 16 else 6], last4=last4, length=length)

    def __str__(self) -> str:
        hidden = max(self.length - len(self.bin) - 4, 4 if not self.length else 0)
        return f"{self.bin}{'*' * hidden}{self.last4}"
