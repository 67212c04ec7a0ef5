"""One contract per device category. The lane and the diagnostics screen program against these only.

Contracts are abstract classes over :class:`drivers.base.Device`; real drivers, fakes and future third-party
drivers implement them. Data arrives as typed events (``ScanReceived``, ``WeightRead``) delivered to
subscribers on the device's worker thread.
"""

from __future__ import annotations

import enum
from abc import abstractmethod
from dataclasses import dataclass

from drivers.base import Device, DeviceCategory, DeviceEvent


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


@dataclass(frozen=True, slots=True, kw_only=True)
class WeightRead(DeviceEvent):
    grams: int
    stable: bool


class Scanner(Device):
    category = DeviceCategory.SCANNER
    counter_names = ("good_scans", "garbage_frames", "partial_frames", "communication_errors", "reconnects")

    @abstractmethod
    def beep(self) -> None:
        """Good-read feedback where the device supports it (a no-op otherwise)."""


class Scale(Device):
    """Item scale and bagging-area security scale are two roles of this one contract."""

    category = DeviceCategory.SCALE

    @abstractmethod
    def read_weight(self, timeout_s: float) -> WeightRead:
        """A stable weight, or DeviceUnavailable on timeout."""

    @abstractmethod
    def zero(self) -> None:
        """Zero the scale (technician action)."""


class ReceiptPrinter(Device):
    category = DeviceCategory.RECEIPT_PRINTER

    @abstractmethod
    def print_job(self, job_id: str, data: bytes) -> None:
        """Queue an already-rendered job; ``OutputCompleted(output_id=job_id)`` follows when it is printed."""


class PaymentTerminal(Device):
    category = DeviceCategory.PAYMENT_TERMINAL

    @abstractmethod
    def authorize(self, attempt_id: str, amount_minor: int, currency: str) -> None:
        """Start an authorisation; the outcome arrives as an event carrying ``attempt_id``."""

    @abstractmethod
    def abort(self, attempt_id: str) -> None:
        """Ask the terminal to abort the attempt if it has not completed."""


class LightColour(enum.StrEnum):
    OFF = "off"
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class LaneLight(Device):
    category = DeviceCategory.LANE_LIGHT

    @abstractmethod
    def show(self, colour: LightColour, blink: bool = False) -> None:
        """Show one colour (priority is decided by the lane, not the light)."""
