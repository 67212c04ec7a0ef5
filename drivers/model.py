"""The values of the device model: states, typed status and error codes, events, health and statistics.

Separate from :mod:`drivers.base` (the :class:`~drivers.base.Device` machinery) so that contracts, the lane
adapter and diagnostics can name these values without reading the lifecycle code; ``drivers.base`` re-exports
every name here, so ``from drivers.base import StatusUpdated`` keeps working. UnifiedPOS numbers are cited from
shared/reference/devices.md §1.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime


class ErrorCode(enum.IntEnum):
    """UnifiedPOS ErrorCode values (devices.md §1.4), carried by errors and :class:`ErrorOccurred`."""

    CLOSED = 101
    CLAIMED = 102
    NOTCLAIMED = 103
    NOSERVICE = 104
    DISABLED = 105
    ILLEGAL = 106
    NOHARDWARE = 107
    OFFLINE = 108
    NOEXIST = 109
    EXISTS = 110
    FAILURE = 111
    TIMEOUT = 112
    BUSY = 113
    EXTENDED = 114  # see ``extended`` (category-specific, base 200)


class DeviceState(enum.StrEnum):
    """UnifiedPOS State (S_CLOSED, S_IDLE, S_BUSY, S_ERROR); set by :class:`Device`, never by hand."""

    CLOSED = "CLOSED"
    IDLE = "IDLE"
    BUSY = "BUSY"
    ERROR = "ERROR"


class PowerState(enum.StrEnum):
    """UnifiedPOS PowerState (PS_UNKNOWN 2000 … PS_OFF_OFFLINE 2004): whether the hardware answers."""

    UNKNOWN = "UNKNOWN"
    ONLINE = "ONLINE"
    OFF = "OFF"
    OFFLINE = "OFFLINE"
    OFF_OFFLINE = "OFF_OFFLINE"


class StatusCode(enum.StrEnum):
    """Base of the typed status codes (no members: each category subclasses it with its own codes).

    A ``StrEnum`` so a code still reads as its short name in logs and lane messages, while a type checker
    sees which category's codes an event may carry.
    """


class PowerStatus(StatusCode):
    """The status carried by :class:`StatusUpdated` (UnifiedPOS SUE_POWER_*)."""

    UNKNOWN = "unknown"
    ONLINE = "online"
    OFF = "off"
    OFFLINE = "offline"
    OFF_OFFLINE = "off_offline"

    @classmethod
    def of(cls, power: PowerState) -> PowerStatus:
        return cls(power.value.lower())


class HealthLevel(enum.IntEnum):
    INTERNAL = 1  # link alive, status readable; touches nothing
    EXTERNAL = 2  # may act on the device: test print, beep, zero the scale
    INTERACTIVE = 3  # technician screen only


class ErrorLocus(enum.IntEnum):
    OUTPUT = 1
    INPUT = 2
    INPUT_DATA = 3


class DeviceCategory(enum.StrEnum):
    SCANNER = "Scanner"
    SCALE = "Scale"
    RECEIPT_PRINTER = "POSPrinter"
    PAYMENT_TERMINAL = "CAT"
    LANE_LIGHT = "Lights"


@dataclass(frozen=True, slots=True)
class HealthResult:
    ok: bool
    level: HealthLevel
    text: str  # human-readable, shown on the technician screen ("Internal HCheck: Successful")


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    category: DeviceCategory
    manufacturer: str
    model: str
    serial_number: str = ""
    firmware: str = ""
    port: str = ""  # the pyserial URL or other address


UPOS_COUNTER_NAMES: dict[str, str] = {
    "communication_errors": "CommunicationErrorCount",
    "good_scans": "GoodScanCount",
    "good_weight_reads": "GoodWeightReadCount",
    "receipt_lines_printed": "ReceiptLinePrintedCount",
    "receipt_characters_printed": "ReceiptCharacterPrintedCount",
    "barcodes_printed": "BarcodePrintedCount",
    "paper_cuts": "PaperCutCount",
    "printer_faults": "PrinterFaultCount",
    "receipt_cover_opens": "ReceiptCoverOpenCount",
}
"""Our counters that UnifiedPOS names (devices.md §1.7); the rest are reported as manufacturer (``M_``)."""


@dataclass(frozen=True, slots=True)
class DeviceStatistics:
    info: DeviceInfo
    counters: dict[str, int] = field(default_factory=dict)

    def as_upos(self) -> dict[str, str | int]:
        """UnifiedPOS statistic names → values (retrieveStatistics ``""``): device information, the UPOS
        counters under their standard names, and every other counter as ``M_<name>``."""
        info = self.info
        result: dict[str, str | int] = {
            "UnifiedPOSVersion": "1.16",
            "DeviceCategory": str(info.category),
            "ManufacturerName": info.manufacturer,
            "ModelName": info.model,
            "SerialNumber": info.serial_number,
            "FirmwareRevision": info.firmware,
            "Interface": info.port,
        }
        for name, value in self.counters.items():
            result[UPOS_COUNTER_NAMES.get(name, f"M_{name}")] = value
        return result


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceEvent:
    device: str  # logical name from config ("scanner", "bagging_scale" …)
    at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusUpdated(DeviceEvent):
    """Power changed (the link came up or went down). Emitted by :class:`Device` on transitions only.

    Category status (weight, paper, light, terminal prompts) has its own typed events in
    :mod:`drivers.contracts`, so a subscriber that only cares about availability listens to this one.
    """

    status: PowerStatus
    power: PowerState


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorOccurred(DeviceEvent):
    """UnifiedPOS ErrorEvent. ``code`` is our stable machine reason (``"garbage_frame"``, ``"zero_refused"``);
    ``error``/``extended`` are the UnifiedPOS ErrorCode/ErrorCodeExtended for tools that speak UPOS;
    ``output_id`` names the request that failed when ``locus`` is OUTPUT."""

    locus: ErrorLocus
    code: str
    detail: str  # human text for logs and the technician screen (never payment data)
    error: ErrorCode = ErrorCode.FAILURE
    extended: int = 0
    output_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputCompleted(DeviceEvent):
    """An asynchronous request finished successfully (UnifiedPOS OutputCompleteEvent)."""

    output_id: str
