"""One ZVT dialog at a time, as a payment terminal runs it: the PT side of master rights.

The wire's I/O thread only parses APDUs into :attr:`PtSession.inbox`; this session thread takes one ECR
command at a time and plays the dialog the script asks for, waiting for the ECR's ``80 00`` after every
message (ZVT "Master rights": while the PT is master the ECR only acknowledges, or sends 06 B0).
Outcomes are data (:class:`Script`); a lost connection ends the dialog wherever it is, like a cable pull.
"""

from __future__ import annotations

import enum
import logging
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from simulators.terminal import zvt_pt
from simulators.terminal.ledger import Kind, Ledger, LedgerEntry

_log = logging.getLogger(__name__)

ACK_TIMEOUT_S = 5.0
"""How long the PT waits for the ECR's acknowledgement (ZVT time-out T3 is 5 s)."""


class Outcome(enum.StrEnum):
    APPROVE = "approve"
    DECLINE = "decline"  # status information with the result code, then 06 1E
    TIMEOUT = "timeout"  # the PT acknowledges, asks for a card, then goes silent for good
    CANCEL = "cancel"  # the shopper presses Stop on the PT: 06 1E 6C
    DROP_BEFORE = "drop_before"  # the connection is lost before the result exists: nothing is booked
    DROP_AFTER = "drop_after"  # booked, 04 0F sent, then the connection is lost before the ECR's ack


@dataclass(frozen=True, slots=True)
class Script:
    outcome: Outcome = Outcome.APPROVE
    result_code: int = 0x05  # for DECLINE: "declined by the issuer" unless told otherwise
    card_delay_s: float = 0.0  # how long the shopper takes to present the card (06 B0 is heard meanwhile)


@dataclass(frozen=True, slots=True)
class Identity:
    terminal_id: str = "52500001"  # 8 digits, BMP 29
    currency: int = 978  # ISO 4217 numeric the PT is configured for
    software: str = "SIM-ZVT 13.13"


class ConnectionGone(Exception):
    """The ECR's connection dropped (or was replaced) in the middle of a dialog."""


Inbound = tuple[int, int, int, bytes]  # (connection number, class, instr, payload)


class PtSession:
    """The terminal's behaviour. ``send`` writes one APDU; ``connection`` tells which connection is live."""

    def __init__(
        self,
        identity: Identity,
        ledger: Ledger,
        send: Callable[[bytes], None],
        connection: Callable[[], int],
        drop: Callable[[], None],
        next_script: Callable[[], Script],
    ) -> None:
        self.identity = identity
        self.ledger = ledger
        self.inbox: queue.Queue[Inbound | None] = queue.Queue()
        self._send, self._connection, self._drop, self._next_script = send, connection, drop, next_script
        self._conn = 0
        self._registered = False
        self._receipt = 0
        self._trace = 0
        self._last: zvt_pt.Booking | None = None
        self._batch: dict[int, LedgerEntry] = {}  # receipt → approved purchase of the open batch
        self._held: Inbound | None = None  # a command of the next connection that ended a dialog
        self.busy = False

    # -- the loop ------------------------------------------------------------------------------------
    def run(self) -> None:
        while (item := self._held or self.inbox.get()) is not None:
            self._held = None
            self._conn, klass, instr, payload = item
            if (klass, instr) == (0x80, 0x00) or self._conn != self._connection():
                continue  # a late acknowledgement, or a command from a connection that is already gone
            self.busy = True
            try:
                self._serve(klass, instr, payload)
            except ConnectionGone:
                _log.info("terminal: the ECR's connection was lost mid-dialog")
            finally:
                self.busy = False

    def stop(self) -> None:
        self.inbox.put(None)

    def _serve(self, klass: int, instr: int, payload: bytes) -> None:
        try:
            command = zvt_pt.parse_command(klass, instr, payload)
        except ValueError as exc:
            _log.info("terminal: malformed %02X %02X: %s", klass, instr, exc)
            self._send(zvt_pt.negative_ack(0x9A))
            return
        handler = {
            (0x06, 0x00): self._registration,
            (0x06, 0x01): self._purchase,
            (0x06, 0x31): self._refund,
            (0x06, 0x30): self._reversal,
            (0x05, 0x01): self._status_enquiry,
            (0x06, 0x20): self._repeat_receipt,
            (0x06, 0x50): self._end_of_day,
        }.get((klass, instr))
        if handler is None:
            self._send(zvt_pt.negative_ack(0x83))  # function not possible (also 06 B0 when idle)
            return
        self._send(zvt_pt.POSITIVE_ACK)
        handler(command)

    # -- waiting for the ECR -------------------------------------------------------------------------
    def _next_from_ecr(self, timeout_s: float) -> tuple[int, int] | None:
        """The next (class, instr) from the live connection within ``timeout_s``, or None."""
        deadline = time.monotonic() + timeout_s
        while True:
            if self._connection() != self._conn:
                raise ConnectionGone
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                item = self.inbox.get(timeout=min(left, 0.02))
            except queue.Empty:
                continue
            if item is None:
                self.inbox.put(None)  # keep the stop request for the loop
                raise ConnectionGone
            if item[0] == self._conn:
                return item[1], item[2]
            if item[0] == self._connection():  # a newer connection spoke first: serve it next
                self._held = item
                raise ConnectionGone

    def _tell(self, message: bytes) -> None:
        """Send as master and wait for the ECR's 80 00; an 06 B0 meanwhile is answered and ignored."""
        self._send(message)
        while True:
            got = self._next_from_ecr(ACK_TIMEOUT_S)
            if got is None:
                _log.info("terminal: no acknowledgement from the ECR within %.0f s", ACK_TIMEOUT_S)
                raise ConnectionGone
            if got == (0x80, 0x00):
                return
            self._send(zvt_pt.POSITIVE_ACK)  # e.g. a late 06 B0: too late, the dialog goes on

    def _shopper_wait(self, seconds: float) -> bool:
        """The card is being presented; True if the ECR sent 06 B0 (abort) meanwhile."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            got = self._next_from_ecr(left)
            if got == (0x06, 0xB0):
                self._send(zvt_pt.POSITIVE_ACK)
                return True
        return False

    # -- commands ------------------------------------------------------------------------------------
    def _registration(self, command: zvt_pt.EcrCommand) -> None:
        if command.currency is not None and command.currency != self.identity.currency:
            self._tell(zvt_pt.abort(0x6F))  # wrong currency
            return
        self._registered = True
        self._tell(zvt_pt.completion(self.identity.terminal_id, command.currency))

    def _purchase(self, command: zvt_pt.EcrCommand) -> None:
        self._card_transaction(command, Kind.PURCHASE)

    def _refund(self, command: zvt_pt.EcrCommand) -> None:
        self._card_transaction(command, Kind.REFUND)

    def _reversal(self, command: zvt_pt.EcrCommand) -> None:
        original = self._batch.get(command.receipt_no) if command.receipt_no is not None else None
        if original is None or original.receipt_no in self.ledger.reversed_receipts():
            already = original is not None
            self._tell(zvt_pt.abort(0xB4 if already else 0xB5))  # already reversed / not possible
            return
        self._card_transaction(command, Kind.REVERSAL, original)

    def _card_transaction(
        self, command: zvt_pt.EcrCommand, kind: Kind, original: LedgerEntry | None = None
    ) -> None:
        self.ledger.attempts += 1
        amount = original.amount_minor if original is not None else command.amount
        currency = command.currency if command.currency is not None else self.identity.currency
        if not self._registered:
            self._tell(zvt_pt.abort(0x6B))  # function deactivated: PT not registered
            return
        if amount is None or currency != self.identity.currency:
            self._tell(zvt_pt.abort(0x6F if amount is not None else 0x9A))
            return
        script = self._next_script()
        self._tell(zvt_pt.intermediate_status(0x0A))  # insert card
        if script.outcome is Outcome.TIMEOUT:
            while True:  # silent for good; only a new connection (or stop) ends this
                self._next_from_ecr(3600.0)
        if self._shopper_wait(script.card_delay_s) or script.outcome is Outcome.CANCEL:
            self._tell(zvt_pt.abort(0x6C))  # aborted by the abort key / the ECR
            return
        self._tell(zvt_pt.intermediate_status(0x01))  # please watch the PIN pad
        if script.outcome is Outcome.DROP_BEFORE:
            self._drop()
            raise ConnectionGone
        if script.outcome is Outcome.DECLINE:
            self._tell(zvt_pt.status_information(self._booking(script.result_code, amount, currency, None)))
            self._tell(zvt_pt.abort(script.result_code))
            return
        self._receipt += 1
        booking = self._booking(0, amount, currency, self._receipt)
        entry = LedgerEntry(kind, booking.receipt or 0, booking.trace, amount, currency,
                            original.receipt_no if original else None)  # fmt: skip
        self.ledger.record(entry)
        self._last = booking
        if kind is Kind.PURCHASE:
            self._batch[entry.receipt_no] = entry
        if script.outcome is Outcome.DROP_AFTER:
            self._send(zvt_pt.status_information(booking))
            self._drop()
            raise ConnectionGone
        self._tell(zvt_pt.status_information(booking))
        self._print_receipt(booking, kind)
        self._tell(zvt_pt.completion())

    def _booking(self, result: int, amount: int, currency: int, receipt: int | None) -> zvt_pt.Booking:
        self._trace += 1
        now = datetime.now()
        return zvt_pt.Booking(
            result=result,
            amount=amount,
            currency=currency,
            trace=self._trace,
            receipt=receipt,
            turnover=receipt,
            hhmmss=now.strftime("%H%M%S"),
            mmdd=now.strftime("%m%d"),
            terminal_id=self.identity.terminal_id,
            auth_code=f"{self._trace:06d}" if result == 0 else "",
        )

    def _print_receipt(self, booking: zvt_pt.Booking, kind: Kind) -> None:
        lines = [
            f"{kind.value.upper():^24}",
            f"TID {booking.terminal_id}  TRACE {booking.trace:06d}",
            f"RECEIPT {booking.receipt:04d}",
            f"CARD {booking.card_name} ************0010",
            f"AMOUNT {booking.amount // 100}.{booking.amount % 100:02d} {booking.currency:03d}",
        ]
        for line in lines:
            self._tell(zvt_pt.print_line(line))
        self._tell(zvt_pt.print_line("APPROVED", last=True))

    def _status_enquiry(self, command: zvt_pt.EcrCommand) -> None:
        self._tell(zvt_pt.status_completion(self.identity.software, 0x00))

    def _repeat_receipt(self, command: zvt_pt.EcrCommand) -> None:
        """The last booking again: its status information, its receipt, completion (payments.md §9 step 4)."""
        if self._last is None:
            self._tell(zvt_pt.abort(0x83))  # nothing to repeat
            return
        self._tell(zvt_pt.status_information(self._last))
        self._tell(zvt_pt.print_block([f"COPY RECEIPT {self._last.receipt:04d}", "APPROVED"], 2))
        self._tell(zvt_pt.completion())

    def _end_of_day(self, command: zvt_pt.EcrCommand) -> None:
        currency = self.identity.currency
        total = sum(
            e.amount_minor
            for e in self._batch.values()
            if e.receipt_no not in self.ledger.reversed_receipts()
        )
        self._batch.clear()
        lines = ["END OF DAY", f"TOTAL {total // 100}.{total % 100:02d} {currency:03d}"]
        self._tell(zvt_pt.print_block(lines, 3))
        self._tell(zvt_pt.completion())
