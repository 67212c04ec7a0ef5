"""What stops a printer, in UnifiedPOS terms, shared by the ESC/POS driver and the fake."""

from __future__ import annotations

from drivers.base import ErrorCode
from drivers.contracts import PaperLevel, PrinterStatus
from drivers.printer.status import RealTimeFlags

UNKNOWN = PrinterStatus()
EPTR_COVER_OPEN, EPTR_REC_EMPTY = 201, 203  # UnifiedPOS POSPrinter ErrorCodeExtended (devices.md §1.4)


def status_of(flags: RealTimeFlags) -> PrinterStatus:
    paper = (
        PaperLevel.EMPTY
        if flags.paper_out
        else PaperLevel.NEAR_END
        if flags.paper_near_end
        else PaperLevel.OK
    )
    return PrinterStatus(paper=paper, cover_open=flags.cover_open, online=not flags.offline)


def fault_of(status: PrinterStatus, flags: RealTimeFlags | None) -> tuple[str, str, ErrorCode, int] | None:
    """(code, text, UPOS error, extended) of what stops the printer, or None when it can print."""
    if status.cover_open:
        return "cover_open", "the cover is open", ErrorCode.EXTENDED, EPTR_COVER_OPEN
    if status.paper is PaperLevel.EMPTY:
        return "paper_out", "the receipt paper is out", ErrorCode.EXTENDED, EPTR_REC_EMPTY
    if flags is not None and (flags.autocutter_error or flags.unrecoverable_error):
        return "printer_error", "autocutter or mechanical error", ErrorCode.FAILURE, 0
    if status.online is False:
        return "offline", "the printer is offline", ErrorCode.OFFLINE, 0
    return None


def describe(status: PrinterStatus, last_error: str) -> str:
    """One line for the technician: "online, paper near_end" or "no status: <why>"."""
    if not status.known:
        return f"no status: {last_error}"
    parts = ["online" if status.online else "offline", f"paper {status.paper.value}"]
    return ", ".join(parts + (["cover open"] if status.cover_open else []))
