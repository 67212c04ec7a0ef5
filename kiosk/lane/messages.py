"""Messages posted to the lane's inbox. Past-tense for facts from the world, imperative for requests.

Every message is an immutable value. The lane's transition table (:mod:`kiosk.lane.table`) says, for every
state, which messages are handled and which are explicitly rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.lane.ports import RecoveredSaleLike


@dataclass(frozen=True, slots=True)
class Message:
    """Base class of lane messages."""


# -- shopper -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StartShopping(Message):
    """The shopper touched the attract screen."""


@dataclass(frozen=True, slots=True)
class BarcodeScanned(Message):
    code: str
    source: str = "scanner"  # logical device name
    symbology: str = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class CodeKeyedIn(Message):
    """A barcode or PLU typed on the screen."""

    code: str


@dataclass(frozen=True, slots=True)
class VoidLine(Message):
    n: int


@dataclass(frozen=True, slots=True)
class PayRequested(Message):
    """The shopper pressed Pay: go to tender selection."""


@dataclass(frozen=True, slots=True)
class TenderChosen(Message):
    method: str  # "card", "qr", "cash" …
    amount_minor: int | None = None  # None: the balance due


@dataclass(frozen=True, slots=True)
class BackToScanning(Message):
    """Leave tender selection and go on scanning."""


@dataclass(frozen=True, slots=True)
class CancelPayment(Message):
    """The shopper cancels a payment that is waiting for the terminal (it is aborted, never dropped)."""


@dataclass(frozen=True, slots=True)
class HelpRequested(Message):
    pass


@dataclass(frozen=True, slots=True)
class PromptDismissed(Message):
    """The shopper acknowledged the current prompt (e.g. 'item not found')."""


@dataclass(frozen=True, slots=True)
class StillHere(Message):
    """The shopper answered the inactivity warning."""


@dataclass(frozen=True, slots=True)
class LanguageChanged(Message):
    language: str


@dataclass(frozen=True, slots=True)
class FinishRequested(Message):
    """The shopper pressed Done on the thank-you screen."""


# -- world -------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Tick(Message):
    """Time passed; the lane reads its clock and fires due timeouts."""


@dataclass(frozen=True, slots=True)
class DeviceAvailabilityChanged(Message):
    device: str
    available: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class DeviceInputRejected(Message):
    """A device delivered input it could not decode (garbage or partial frame)."""

    device: str
    code: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PaymentApproved(Message):
    attempt_id: str
    amount_minor: int
    auth_code: str = ""
    reference: str = ""
    masked_pan: str = ""


@dataclass(frozen=True, slots=True)
class PaymentDeclined(Message):
    attempt_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class PaymentUncertain(Message):
    """The provider cannot say how the attempt ended (failed after sending, link lost, still in progress)."""

    attempt_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class FinalizingJobDone(Message):
    """A finalizing job (fiscal document, receipt) has finished."""

    job_id: str
    ok: bool = True


@dataclass(frozen=True, slots=True)
class JournalRead(Message):
    """Start-up: what the journal holds unfinished for this lane (oldest first), before anything may post."""

    unfinished: Sequence[RecoveredSaleLike] = ()


# -- attendant ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ResumeRecoveredSale(Message):
    """Attendant: continue the sale found unfinished at start-up."""


@dataclass(frozen=True, slots=True)
class VoidRecoveredSale(Message):
    """Attendant: void the sale found unfinished at start-up (it stays in the journal as voided)."""
