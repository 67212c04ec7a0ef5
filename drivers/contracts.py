"""One contract per device category. The lane and the diagnostics screen program against these only.

Contracts are abstract classes over :class:`drivers.base.Device`; real drivers, fakes and third-party drivers
implement them. Everything a device reports is a typed event delivered to subscribers on the device's worker
thread: data (``ScanReceived``, ``WeightChanged``), category status (``PrinterStatusChanged``,
``LightChanged``, ``TerminalStatus``) and request results (``OutputCompleted`` / ``ErrorOccurred`` from
:mod:`drivers.base`, ``TerminalResult``). No contract method blocks on I/O: a command returns an output id
at once and its outcome arrives as an event with that id. Values the lane may read at any time without asking
the device (``Scale.weight``, ``ReceiptPrinter.printer_status``) are the last thing the device pushed.

Payment terminal, printer and lane light follow the shapes below; the drivers for them fill in details and
may add to these categories (never change their meaning).
"""

from __future__ import annotations

import enum
from abc import abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from drivers.base import Device, DeviceCategory, DeviceEvent, StatusCode
from drivers.payment import MaskedPan, ReceiptCopy, TerminalOperation, TerminalOutcome, TerminalPrompt

__all__ = [
    "Alarm",
    "Align",
    "LaneLight",
    "LightChanged",
    "LightColour",
    "MaskedPan",
    "PaperLevel",
    "PaymentTerminal",
    "PrinterStatus",
    "PrinterStatusChanged",
    "ReceiptCode",
    "ReceiptCopy",
    "ReceiptDocument",
    "ReceiptPrinter",
    "Scale",
    "ScanReceived",
    "Scanner",
    "Symbology",
    "TerminalOperation",
    "TerminalOutcome",
    "TerminalPrintLine",
    "TerminalPrompt",
    "TerminalResult",
    "TerminalStatus",
    "TextLine",
    "WeightChanged",
    "WeightStatus",
]


# -- Scanner ---------------------------------------------------------------------------------------------
class Symbology(enum.IntEnum):
    """UnifiedPOS ScanDataType values (devices.md §1.8)."""

    UNKNOWN = 0
    UPCA = 101
    UPCE = 102
    EAN8 = 103
    EAN13 = 104
    ITF = 106
    CODE39 = 108
    CODE128 = 110
    GS1_128 = 120
    GS1_DATABAR = 131
    PDF417 = 201
    DATAMATRIX = 203
    QRCODE = 204
    AZTEC = 206
    GS1_DATAMATRIX = 208
    GS1_QRCODE = 209
    OTHER = 501


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanReceived(DeviceEvent):
    """A decoded barcode. ``label`` is the data without prefix, identifier and suffix."""

    label: str
    symbology: Symbology
    aim_id: str | None = None  # e.g. "]E0" when the scanner sends AIM identifiers


class Scanner(Device):
    category = DeviceCategory.SCANNER
    counter_names: ClassVar[tuple[str, ...]] = (
        "good_scans",
        "garbage_frames",
        "partial_frames",
        "communication_errors",
        "reconnects",
    )

    @abstractmethod
    def beep(self) -> None:
        """Good-read feedback where the device supports it (a no-op otherwise). Never blocks."""


# -- Scale -----------------------------------------------------------------------------------------------
class WeightStatus(StatusCode):
    """What the scale says about the weight (UnifiedPOS SCAL_SUE_* and ESCAL_*; devices.md §1.5, §2.6).

    Only STABLE carries a weight the lane may act on; every other status means "no valid weight now".
    """

    STABLE = "stable"  # SCAL_SUE_STABLE_WEIGHT (and WEIGHT_ZERO when grams == 0)
    MOTION = "motion"  # SCAL_SUE_WEIGHT_UNSTABLE
    UNDER_ZERO = "under_zero"  # SCAL_SUE_WEIGHT_UNDER_ZERO / ESCAL_UNDER_ZERO
    OVER_CAPACITY = "over_capacity"  # SCAL_SUE_WEIGHT_OVERWEIGHT / ESCAL_OVERWEIGHT
    NOT_READY = "not_ready"  # SCAL_SUE_NOT_READY: zero error, outside zero-capture range, warming up


@dataclass(frozen=True, slots=True, kw_only=True)
class WeightChanged(DeviceEvent):
    """The weight or its status changed (UnifiedPOS live weight with StatusNotify enabled).

    Pushed by the driver whenever what it polled differs from the last event, so a subscriber sees each
    settle, each motion and each empty platter once. ``grams`` is ``None`` when the device gave no figure
    (an 8217 ``?`` answer); a dynamic figure may come with MOTION and must not be used for a sale.
    """

    status: WeightStatus
    grams: int | None
    net: bool = False  # a tare is active; ``grams`` is net weight

    @property
    def stable(self) -> bool:
        return self.status is WeightStatus.STABLE and self.grams is not None


class Scale(Device):
    """Item scale and bagging-area security scale are two roles of this one contract.

    Weights are pushed: the driver polls the device on its own worker and emits :class:`WeightChanged`.
    ``zero``/``tare``/``clear_tare`` are requests; each returns its output id at once and ends with
    ``OutputCompleted`` or ``ErrorOccurred(locus=OUTPUT, code="zero_refused"/…)`` with that id.
    """

    category = DeviceCategory.SCALE
    counter_names = (
        "good_weight_reads",
        "unstable_reads",
        "invalid_reads",
        "garbage_frames",
        "communication_errors",
        "reconnects",
    )

    @property
    @abstractmethod
    def weight(self) -> WeightChanged | None:
        """The last weight event pushed (None before the first); reading it never touches the device."""

    @property
    @abstractmethod
    def capacity_g(self) -> int:
        """Maximum weight the scale reports before OVER_CAPACITY (from settings)."""

    @abstractmethod
    def zero(self, output_id: str | None = None) -> str:
        """Ask the scale to zero itself (only honoured when stable and within the zero-capture range)."""

    @abstractmethod
    def tare(self, grams: int | None = None, output_id: str | None = None) -> str:
        """Tare the present weight, or set a preset tare of ``grams``."""

    @abstractmethod
    def clear_tare(self, output_id: str | None = None) -> str:
        """Remove any tare (back to gross weighing)."""


# -- Receipt printer ---------------------------------------------------------------------------------------
class PaperLevel(StatusCode):
    """Receipt paper sensor (UnifiedPOS PTR_SUE_REC_PAPEROK / REC_NEAREMPTY / REC_EMPTY)."""

    OK = "paper_ok"
    NEAR_END = "near_end"
    EMPTY = "paper_out"
    UNKNOWN = "unknown"  # the printer did not answer the status request: never assume OK (devices.md §4.3)


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """What the printer last said about itself. ``None`` fields: it did not answer (unknown ≠ fine)."""

    paper: PaperLevel = PaperLevel.UNKNOWN
    cover_open: bool | None = None
    online: bool | None = None

    @property
    def known(self) -> bool:
        return (
            self.paper is not PaperLevel.UNKNOWN and self.cover_open is not None and self.online is not None
        )

    @property
    def can_print(self) -> bool:
        """Known, online, cover closed, paper present (near end still prints)."""
        return (
            self.known
            and bool(self.online)
            and not self.cover_open
            and self.paper in (PaperLevel.OK, PaperLevel.NEAR_END)
        )


class Align(enum.StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of receipt text; ``double`` prints it double width and height (a header, the total)."""

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    double: bool = False


@dataclass(frozen=True, slots=True)
class ReceiptCode:
    """A code the printer draws itself: ``"qr"`` (the fiscal QR), ``"ean13"`` or ``"code128"``."""

    kind: str
    data: str
    align: Align = Align.CENTER


@dataclass(frozen=True, slots=True)
class ReceiptDocument:
    """What to print, free of any printer's command set, code page or width: the driver renders it."""

    blocks: tuple[TextLine | ReceiptCode, ...]
    cut: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class PrinterStatusChanged(DeviceEvent):
    """The printer's status differs from the last event (cover, paper, offline — or it stopped answering)."""

    status: PrinterStatus


class ReceiptPrinter(Device):
    category = DeviceCategory.RECEIPT_PRINTER
    counter_names = (
        "receipt_lines_printed",
        "receipt_characters_printed",
        "paper_cuts",
        "barcodes_printed",
        "printer_faults",
        "receipt_cover_opens",
        "paper_outs",
        "jobs_printed",
        "jobs_failed",
        "communication_errors",
        "reconnects",
    )

    @property
    @abstractmethod
    def printer_status(self) -> PrinterStatus:
        """The last status pushed (``PrinterStatus()`` = all unknown before the first answer)."""

    @abstractmethod
    def print_job(self, job_id: str, data: bytes) -> str:
        """Queue an already-rendered job; returns ``job_id``. ``OutputCompleted(output_id=job_id)`` follows
        when it is printed, or ``ErrorOccurred(locus=OUTPUT, output_id=job_id)`` when it could not be."""

    @abstractmethod
    def print_receipt(self, job_id: str, document: ReceiptDocument) -> str:
        """Render ``document`` for this printer (its code page, width, QR support) and queue it as
        :meth:`print_job` does. Completion means the printer confirmed the job was printed, never that the
        bytes were written; a job refused because the printer cannot print now fails at once with
        ``code`` ``cover_open`` / ``paper_out`` / ``offline`` / ``status_unknown``."""

    @abstractmethod
    def refresh_status(self, timeout_s: float = 3.0) -> PrinterStatus:
        """Ask the printer now and wait for the answer (diagnostics only; the lane reads
        :attr:`printer_status`). All fields unknown when it cannot be asked or does not answer."""


# -- Payment terminal (CAT) ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True, kw_only=True)
class TerminalStatus(DeviceEvent):
    """Intermediate status during an operation (ZVT ``04 FF``): what to show the shopper now."""

    attempt_id: str
    prompt: TerminalPrompt
    text: str = ""  # the terminal's own display text, if any (never card data)


@dataclass(frozen=True, slots=True, kw_only=True)
class TerminalPrintLine(DeviceEvent):
    """One receipt line the terminal asks the ECR to print (ZVT ``06 D1``/``06 D3``)."""

    attempt_id: str
    copy: ReceiptCopy
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TerminalResult(DeviceEvent):
    """The end of one terminal operation (payments.md §9, §11: store only what is here).

    Exactly one per accepted request, matched by ``attempt_id``; ``UNKNOWN`` means the link broke before the
    terminal said how it ended (recovery by status enquiry / receipt number, payments.md §9).
    """

    attempt_id: str
    operation: TerminalOperation
    outcome: TerminalOutcome
    amount_minor: int = 0
    currency: str = ""
    result_code: str = ""  # terminal's result code as text ("00" approved), for the journal
    masked_pan: MaskedPan | None = None
    card_type: str = ""
    auth_code: str = ""
    reference: str = ""  # acquirer/host reference (retrieval reference number)
    receipt_number: str = ""
    trace_number: str = ""
    terminal_id: str = ""
    text: str = ""  # human explanation of a decline or failure (never card data)
    # Added for ZVT recovery (payments.md §9): the newest receipt/trace numbers the terminal has reported so
    # far, on every result, so the journal can keep pt_last_receipt_no_before and match after a lost answer.
    last_receipt_number: str = ""
    last_trace_number: str = ""
    terminal_status: int | None = None  # STATUS_ENQUIRY: the terminal's status code, 0 = ready


class PaymentTerminal(Device):
    """A card terminal driven by the ECR. Each operation is asynchronous: the call returns at once,
    ``TerminalStatus`` and ``TerminalPrintLine`` events may follow, and one ``TerminalResult`` ends it."""

    category = DeviceCategory.PAYMENT_TERMINAL
    counter_names = (
        "approved",
        "declined",
        "aborted",
        "failed",
        "unknown",
        "communication_errors",
        "reconnects",
    )

    @abstractmethod
    def authorize(self, attempt_id: str, amount_minor: int, currency: str) -> None:
        """Start a sale authorisation of ``amount_minor`` (integer minor units)."""

    @abstractmethod
    def reverse(self, attempt_id: str, receipt_number: str) -> None:
        """Reverse (void) an approved transaction of this batch by its receipt number."""

    @abstractmethod
    def refund(self, attempt_id: str, amount_minor: int, currency: str) -> None:
        """Refund ``amount_minor`` to a card."""

    @abstractmethod
    def abort(self, attempt_id: str) -> None:
        """Ask the terminal to abort the running operation if it has not completed (the result still comes)."""

    @abstractmethod
    def status_enquiry(self, attempt_id: str) -> None:
        """Ask what the terminal last did (recovery after a communication loss)."""

    @abstractmethod
    def repeat_receipt(self, attempt_id: str) -> None:
        """Ask for the last receipt again (its lines arrive as ``TerminalPrintLine``)."""

    @abstractmethod
    def end_of_day(self, attempt_id: str) -> None:
        """Close the batch (settlement)."""


# -- Lane light (UnifiedPOS Lights) --------------------------------------------------------------------------
class LightColour(enum.StrEnum):
    """The lights of a tower stack; each colour is one UnifiedPOS light number on the device."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    WHITE = "white"


class Alarm(enum.StrEnum):
    """UnifiedPOS LGT_ALARM_* (the buzzer of a tower light)."""

    NONE = "none"
    SLOW = "slow"
    MEDIUM = "medium"
    FAST = "fast"


@dataclass(frozen=True, slots=True, kw_only=True)
class LightChanged(DeviceEvent):
    """A light was switched as requested (the device accepted the command). Off: ``on`` is False."""

    light: LightColour
    on: bool
    blink_on_ms: int = 0
    blink_off_ms: int = 0
    alarm: Alarm = Alarm.NONE

    @property
    def blinking(self) -> bool:
        return self.on and self.blink_on_ms > 0 and self.blink_off_ms > 0


class LaneLight(Device):
    """UnifiedPOS Lights: ``switch_on``/``switch_off`` per light, each returning an output id; a
    :class:`LightChanged` and ``OutputCompleted`` follow when the device took the command."""

    category = DeviceCategory.LANE_LIGHT
    counter_names = ("switch_commands", "communication_errors", "reconnects")

    @property
    @abstractmethod
    def lights(self) -> tuple[LightColour, ...]:
        """The lights this device has (UnifiedPOS MaxLights, as colours)."""

    @abstractmethod
    def switch_on(
        self,
        light: LightColour,
        *,
        blink_on_ms: int = 0,
        blink_off_ms: int = 0,
        alarm: Alarm = Alarm.NONE,
        output_id: str | None = None,
    ) -> str:
        """Light ``light`` (steady when either blink time is 0), optionally sounding the alarm."""

    @abstractmethod
    def switch_off(self, light: LightColour, output_id: str | None = None) -> str:
        """Switch ``light`` off (and its alarm)."""

    def show(self, colour: LightColour | None, *, blink: bool = False) -> None:
        """The lane's view: exactly one colour lit (or none). Which colour wins is the lane's decision."""
        for light in self.lights:
            if light is not colour:
                self.switch_off(light)
        if colour is not None:
            self.switch_on(colour, blink_on_ms=500 if blink else 0, blink_off_ms=500 if blink else 0)
