"""How a finished ZVT dialog reads in the contract's vocabulary: outcome, prompts, receipt copies, result.

The outcome rule (payments.md §5, §9): only the PT's final answer counts. 06 0F is APPROVED (for admin
operations: done); 06 1E is ABORTED for result code 6C (abort key, ECR abort, card time-out), FAILED for
terminal and protocol errors, DECLINED for everything the card or its issuer refused; a dialog without a
final answer is UNKNOWN — even when an approving 04 0F had arrived, since the PT may reverse an approval
whose acknowledgement it never got.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from drivers.contracts import TerminalResult
from drivers.payment import MaskedPan, ReceiptCopy, TerminalOperation, TerminalOutcome, TerminalPrompt
from drivers.terminal import zvt_messages as m
from drivers.terminal.zvt_dialog import Dialog
from drivers.terminal.zvt_tables import ABORTED, TERMINAL_ERRORS, currency_alpha, result_text

PROMPTS: Final = MappingProxyType(
    {
        0x0A: TerminalPrompt.INSERT_CARD,
        0x01: TerminalPrompt.ENTER_PIN,  # "please watch the PIN pad"
        0x02: TerminalPrompt.ENTER_PIN,
        0x0B: TerminalPrompt.REMOVE_CARD,
        0x0E: TerminalPrompt.PLEASE_WAIT,
        0x17: TerminalPrompt.PLEASE_WAIT,
        0x04: TerminalPrompt.PROCESSING,  # waiting for the host
        0x15: TerminalPrompt.WRONG_PIN,
        0x1C: TerminalPrompt.APPROVED,
        0x1D: TerminalPrompt.DECLINED,
    }
)
"""ZVT intermediate status (04 FF) → the kiosk's prompt; anything else is OTHER with the terminal's text."""

COPIES: Final = MappingProxyType({1: ReceiptCopy.MERCHANT, 2: ReceiptCopy.CUSTOMER, 3: ReceiptCopy.REPORT})
"""06 D3 tag 1F07 receipt type → copy."""

REPORTS: Final = frozenset({TerminalOperation.END_OF_DAY, TerminalOperation.STATUS_ENQUIRY})


def prompt_of(code: int) -> TerminalPrompt:
    return PROMPTS.get(code, TerminalPrompt.OTHER)


def copy_of(printed: m.PrintText, operation: TerminalOperation) -> ReceiptCopy:
    """06 D3 says which copy; 06 D1 lines do not, so they are the customer's (a report for admin runs)."""
    if printed.receipt_type is not None and printed.receipt_type in COPIES:
        return COPIES[printed.receipt_type]
    return ReceiptCopy.REPORT if operation in REPORTS else ReceiptCopy.CUSTOMER


def outcome_of_code(code: int) -> TerminalOutcome:
    if code == ABORTED:
        return TerminalOutcome.ABORTED
    return TerminalOutcome.FAILED if code in TERMINAL_ERRORS else TerminalOutcome.DECLINED


def _number(value: int | None, width: int) -> str:
    return "" if value is None else f"{value:0{width}d}"


def build(
    device: str,
    attempt_id: str,
    operation: TerminalOperation,
    dialog: Dialog,
    last: tuple[int | None, int | None],
) -> TerminalResult:
    """The result of one dialog; ``last`` = the newest (receipt, trace) the terminal has reported."""
    info = dialog.info
    code: int | None = dialog.refused if dialog.refused is not None else dialog.aborted
    if dialog.refused is not None:
        outcome, text = TerminalOutcome.FAILED, f"refused by the terminal: {result_text(dialog.refused)}"
    elif dialog.unfinished is not None:
        seen = info is not None and info.result_code == 0
        outcome = TerminalOutcome.UNKNOWN
        text = dialog.unfinished + (" (an approval was reported, completion missing)" if seen else "")
    elif dialog.aborted is not None:
        outcome, text = outcome_of_code(dialog.aborted), result_text(dialog.aborted)
    elif (
        info is not None
        and info.result_code not in (None, 0)
        and operation is not TerminalOperation.REPEAT_RECEIPT
    ):
        code = info.result_code
        outcome, text = outcome_of_code(code), result_text(code)
    else:
        outcome, text = TerminalOutcome.APPROVED, "completed"
    if code is None and info is not None:
        code = info.result_code
    return TerminalResult(
        device=device,
        attempt_id=attempt_id,
        operation=operation,
        outcome=outcome,
        amount_minor=(info.amount_minor or 0) if info else 0,
        currency=currency_alpha(info.currency) if info and info.currency is not None else "",
        result_code=f"{code:02X}" if code is not None else "",
        masked_pan=MaskedPan.from_terminal(info.masked_pan) if info and info.masked_pan else None,
        card_type=(info.card_name or "") if info else "",
        auth_code=(info.auth_code or "") if info else "",
        receipt_number=_number(info.receipt_no, 4) if info else "",
        trace_number=_number(info.trace_no, 6) if info else "",
        terminal_id=(info.terminal_id or "") if info else "",
        text=text,
        last_receipt_number=_number(last[0], 4),
        last_trace_number=_number(last[1], 6),
        terminal_status=dialog.completion.terminal_status if dialog.completion else None,
    )


def not_sent(
    device: str,
    attempt_id: str,
    operation: TerminalOperation,
    reason: str,
    last: tuple[int | None, int | None],
) -> TerminalResult:
    """The command never left the kiosk: FAILED, so nothing was charged and a new attempt may follow."""
    return TerminalResult(
        device=device,
        attempt_id=attempt_id,
        operation=operation,
        outcome=TerminalOutcome.FAILED,
        text=f"not sent: {reason}",
        last_receipt_number=_number(last[0], 4),
        last_trace_number=_number(last[1], 6),
    )
