"""An in-process payment terminal for tests and headless runs: no socket, no thread, the same events.

The test plays the world: :meth:`FakeTerminal.script` the next outcome, ``unplug`` / ``replug``. A scripted
``card_delay`` leaves the attempt waiting for a card until :meth:`FakeTerminal.present_card` or ``abort``;
otherwise every operation completes synchronously on the calling thread. ``bookings`` is the fake's own
record of what it charged (receipt number → (kind, amount)), like the simulator's ledger.
"""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass

from drivers.base import DeviceInfo, DeviceState, DeviceUnavailable, HealthLevel, HealthResult, PowerState
from drivers.contracts import PaymentTerminal, TerminalPrintLine, TerminalResult, TerminalStatus
from drivers.payment import MaskedPan, ReceiptCopy, TerminalOperation, TerminalOutcome
from drivers.terminal.settings import FakeTerminalSettings
from drivers.terminal.zvt_results import outcome_of_code, prompt_of
from drivers.terminal.zvt_tables import (
    ABORTED,
    ENTER_PIN,
    INSERT_CARD,
    WRONG_CURRENCY,
    currency_alpha,
    currency_number,
    result_text,
    status_text,
)


class FakeOutcome(enum.StrEnum):
    APPROVE = "approve"
    DECLINE = "decline"
    TIMEOUT = "timeout"
    CANCEL = "cancel"
    DROP_BEFORE = "drop_before"
    DROP_AFTER = "drop_after"


@dataclass(frozen=True, slots=True)
class _Pending:
    attempt_id: str
    operation: TerminalOperation
    amount: int
    currency: int
    outcome: FakeOutcome
    result_code: int


class FakeTerminal(PaymentTerminal):
    settings_model = FakeTerminalSettings

    def __init__(self, name: str, settings: FakeTerminalSettings | None = None) -> None:
        super().__init__(name)
        settings = settings or FakeTerminalSettings()
        self.currency = currency_number(settings.currency)
        self.calls: list[str] = []
        self.bookings: dict[int, tuple[TerminalOperation, int]] = {}  # receipt → (operation, amount)
        self.reversed: set[int] = set()
        self._plugged = settings.present
        self._scripts: deque[tuple[FakeOutcome, int, bool]] = deque()
        self._waiting: _Pending | None = None
        self._receipt = 0
        self._trace = 0
        self._last: tuple[int | None, int | None] = (None, None)  # receipt, trace of the newest booking

    def _on_claim(self, timeout_s: float) -> None:
        if self._plugged:
            self._mark_available()
        else:
            self._unavailable()

    # -- the world -----------------------------------------------------------------------------------
    def script(self, outcome: FakeOutcome, result_code: int = 0x05, card_delay: bool = False) -> None:
        self._scripts.append((outcome, result_code, card_delay))

    def present_card(self) -> None:
        """The shopper finally presents the card the waiting attempt asked for."""
        pending, self._waiting = self._waiting, None
        if pending is not None:
            self._conclude(pending)

    def unplug(self) -> None:
        self._plugged = False
        if self.state is not DeviceState.CLOSED:
            self._unavailable()

    def replug(self) -> None:
        self._plugged = True
        if self.state is not DeviceState.CLOSED:
            self._count("reconnects")
            self._mark_available()

    def _unavailable(self) -> None:
        self._count("communication_errors")
        self._mark_unavailable("fake terminal unplugged")

    # -- contract --------------------------------------------------------------------------------------
    def authorize(self, attempt_id: str, amount_minor: int, currency: str) -> None:
        self._card(attempt_id, TerminalOperation.AUTHORIZE, amount_minor, currency_number(currency))

    def refund(self, attempt_id: str, amount_minor: int, currency: str) -> None:
        self._card(attempt_id, TerminalOperation.REFUND, amount_minor, currency_number(currency))

    def reverse(self, attempt_id: str, receipt_number: str) -> None:
        receipt = int(receipt_number)
        original = self.bookings.get(receipt)
        if original is None or receipt in self.reversed:
            self._accept(attempt_id)
            self._result(attempt_id, TerminalOperation.REVERSE, 0xB4 if original else 0xB5)
            return
        self.reversed.add(receipt)
        self._card(attempt_id, TerminalOperation.REVERSE, original[1], self.currency)

    def repeat_receipt(self, attempt_id: str) -> None:
        self._accept(attempt_id)
        if not self._receipt:
            self._result(attempt_id, TerminalOperation.REPEAT_RECEIPT, 0x83)
            return
        booking = self._booking(self.bookings[self._receipt][1], self.currency, self._receipt)
        self._result(attempt_id, TerminalOperation.REPEAT_RECEIPT, None, booking)

    def end_of_day(self, attempt_id: str) -> None:
        self._accept(attempt_id)
        self._text(attempt_id, ("END OF DAY",), ReceiptCopy.REPORT)
        self._result(attempt_id, TerminalOperation.END_OF_DAY)

    def status_enquiry(self, attempt_id: str) -> None:
        self._accept(attempt_id)
        self._result(attempt_id, TerminalOperation.STATUS_ENQUIRY, status=0)

    def abort(self, attempt_id: str) -> None:
        if self._waiting is not None and self._waiting.attempt_id == attempt_id:
            pending, self._waiting = self._waiting, None
            self._result(attempt_id, pending.operation, ABORTED)

    # -- behaviour -------------------------------------------------------------------------------------
    def _accept(self, attempt_id: str) -> None:
        self._require_enabled()
        self.calls.append(attempt_id)
        if not self._plugged or self.power is not PowerState.ONLINE:
            raise DeviceUnavailable(f"{self.name}: terminal not connected")
        if self._waiting is not None:
            raise DeviceUnavailable(f"{self.name}: busy with {self._waiting.attempt_id}")
        self._accept_request(attempt_id)

    def _card(self, attempt_id: str, operation: TerminalOperation, amount: int, currency: int) -> None:
        if amount <= 0:
            raise ValueError(f"amount must be positive minor units, got {amount}")
        self._accept(attempt_id)
        if currency != self.currency:
            self._result(attempt_id, operation, WRONG_CURRENCY)
            return
        outcome, code, delayed = self._scripts.popleft() if self._scripts else (FakeOutcome.APPROVE, 0, False)
        self._prompt(attempt_id, INSERT_CARD)
        pending = _Pending(attempt_id, operation, amount, currency, outcome, code)
        if delayed:
            self._waiting = pending
        else:
            self._conclude(pending)

    def _conclude(self, p: _Pending) -> None:
        if p.outcome is FakeOutcome.CANCEL:
            self._result(p.attempt_id, p.operation, ABORTED)
            return
        if p.outcome is FakeOutcome.TIMEOUT:
            self._result(p.attempt_id, p.operation, unknown="the terminal went silent")
            return
        self._prompt(p.attempt_id, ENTER_PIN)
        if p.outcome is FakeOutcome.DROP_BEFORE:
            self._result(p.attempt_id, p.operation, unknown="link lost while the terminal was working")
            return
        if p.outcome is FakeOutcome.DECLINE:
            self._result(p.attempt_id, p.operation, p.result_code)
            return
        self._receipt += 1
        self.bookings[self._receipt] = (p.operation, p.amount)
        booking = self._booking(p.amount, p.currency, self._receipt)
        self._last = (self._receipt, self._trace)
        if p.outcome is FakeOutcome.DROP_AFTER:
            self._result(p.attempt_id, p.operation, None, booking, unknown="link lost after the approval")
            return
        self._text(p.attempt_id, (f"RECEIPT {self._receipt:04d}", "APPROVED"), ReceiptCopy.CUSTOMER)
        self._result(p.attempt_id, p.operation, None, booking)

    def _booking(self, amount: int, currency: int, receipt: int) -> dict[str, object]:
        self._trace += 1
        return {
            "amount_minor": amount,
            "currency": currency_alpha(currency),
            "result_code": "00",
            "masked_pan": MaskedPan("476173", "0010", 16),
            "card_type": "VISA",
            "receipt_number": f"{receipt:04d}",
            "trace_number": f"{self._trace:06d}",
            "terminal_id": "00000001",
        }

    def _prompt(self, attempt_id: str, code: int) -> None:
        self._emit(
            TerminalStatus(
                device=self.name, attempt_id=attempt_id, prompt=prompt_of(code), text=status_text(code)
            )
        )

    def _text(self, attempt_id: str, lines: tuple[str, ...], copy: ReceiptCopy) -> None:
        for line in lines:
            self._emit(TerminalPrintLine(device=self.name, attempt_id=attempt_id, copy=copy, text=line))

    def _result(
        self,
        attempt_id: str,
        operation: TerminalOperation,
        code: int | None = None,
        booking: dict[str, object] | None = None,
        *,
        unknown: str = "",
        status: int | None = None,
    ) -> None:
        if unknown:
            outcome, text = TerminalOutcome.UNKNOWN, unknown
        elif code is not None:
            outcome, text = outcome_of_code(code), result_text(code)
        else:
            outcome, text = TerminalOutcome.APPROVED, "completed"
        if operation in (TerminalOperation.AUTHORIZE, TerminalOperation.REFUND, TerminalOperation.REVERSE):
            self._count(outcome.value)
        fields = dict(booking or {})
        if code is not None:
            fields["result_code"] = f"{code:02X}"
        result = TerminalResult(
            device=self.name,
            attempt_id=attempt_id,
            operation=operation,
            outcome=outcome,
            text=text,
            last_receipt_number=f"{self._last[0]:04d}" if self._last[0] else "",
            last_trace_number=f"{self._last[1]:06d}" if self._last[1] else "",
            terminal_status=status,
            **fields,  # type: ignore[arg-type]
        )
        self._emit(result)
        self._complete_request(attempt_id)

    # -- diagnostics -----------------------------------------------------------------------------------
    def check_health(self, level: HealthLevel) -> HealthResult:
        label = f"{level.name.capitalize()} HCheck"
        ok = self.state is not DeviceState.CLOSED and self._plugged and self.power is PowerState.ONLINE
        return HealthResult(ok, level, f"{label}: {'Successful' if ok else 'Failed'} (fake terminal)")

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(category=self.category, manufacturer="fake", model="fake terminal", port="memory")
