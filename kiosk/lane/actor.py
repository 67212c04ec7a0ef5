"""The lane actor: one inbox, one thread, one writer of the sale.

Messages are handled strictly in order by :meth:`Lane._handle`, which dispatches through the transition
table and then publishes a fresh immutable snapshot with the events that message caused. Everything that can
be slow or blocking (device I/O, card authorisation) happens elsewhere and comes back as a message.

Threading rule: :meth:`post` may be called from any thread; every other method runs on the lane's thread
(or, in tests, on the thread that calls :meth:`drain`).
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import replace

from kiosk.domain import Line, Money, Product, Sale, Tender, TenderStatus
from kiosk.domain.sale import line_amount
from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.clock import Clock
from kiosk.lane.events import EventBus, LaneEvent, Subscriber
from kiosk.lane.ports import ProductLookup, SaleJournalPort
from kiosk.lane.settings import LaneSettings
from kiosk.lane.snapshot import DeviceStatus, LaneSnapshot, Prompt, PromptCode
from kiosk.lane.states import LaneState
from kiosk.lane.table import handler_for, reject_reason
from payments.tender import TenderResult, TenderRouter, UnknownTender

log = logging.getLogger(__name__)

_STOP = object()


def new_id() -> str:
    return uuid.uuid4().hex


class Lane:
    """The checkout state machine of one lane."""

    def __init__(
        self,
        *,
        settings: LaneSettings,
        catalog: ProductLookup,
        journal: SaleJournalPort,
        tenders: TenderRouter,
        clock: Clock,
        id_factory: Callable[[], str] = new_id,
    ) -> None:
        self.settings = settings
        self._catalog = catalog
        self._journal = journal
        self._tenders = tenders
        self._clock = clock
        self._new_id = id_factory
        self._inbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._bus = EventBus()
        self._thread: threading.Thread | None = None
        self._idle = threading.Condition()
        self._posted = 0
        self._handled = 0

        self._state = LaneState.OUT_OF_SERVICE
        self._language = settings.language
        self._sale: Sale | None = None
        self._prompt: Prompt | None = None
        self._devices: dict[str, DeviceStatus] = {
            name: DeviceStatus(name, required=True, available=False, detail="not connected yet")
            for name in settings.required_devices
        }
        self._recovered_sale_id: str | None = None
        self._resume_state = LaneState.ATTRACT  # where to go when the missing device is back
        self._last_activity = clock.monotonic()
        self._warned = False
        self._entered_at = clock.monotonic()
        self._pending_attempt: str | None = None
        self._version = 0
        self._events: list[LaneEvent] = []
        self._snapshot = self._build_snapshot()

    # -- public, any thread ------------------------------------------------------------------------------
    def post(self, message: m.Message) -> None:
        with self._idle:
            self._posted += 1
        self._inbox.put(message)

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        return self._bus.subscribe(subscriber)

    def snapshot(self) -> LaneSnapshot:
        return self._snapshot

    def start_thread(self) -> None:
        """Run the actor on its own thread (the real app). Tests may call :meth:`drain` instead."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="lane", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> None:
        if self._thread is not None:
            self._inbox.put(_STOP)
            self._thread.join(timeout_s)
            self._thread = None

    def wait_idle(self, timeout_s: float = 5.0) -> bool:
        """Block until every message posted so far has been handled (threaded mode)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._handled >= self._posted, timeout_s)

    def drain(self) -> int:
        """Handle every queued message on the calling thread (tests without the actor thread)."""
        count = 0
        while True:
            try:
                message = self._inbox.get_nowait()
            except queue.Empty:
                return count
            if isinstance(message, m.Message):
                self._handle(message)
                count += 1

    # -- start-up ------------------------------------------------------------------------------------
    def recover(self) -> None:
        """Reconcile the journal before selling: an unfinished sale is offered back, never dropped.

        Must run before :meth:`start_thread` (it touches lane state directly).
        """
        unfinished = list(self._journal.unfinished_sales())
        if not unfinished:
            self._publish()
            return
        # Only one sale can be open on a lane; older ones (should never exist) are voided so they stay visible.
        for older in unfinished[:-1]:
            self._journal.close_sale(older.sale_id, "voided", "superseded_at_recovery", self._clock.now())
        found = unfinished[-1]
        sale = Sale(found.sale_id, found.currency, found.started_at, self.settings.rounding)
        for line in found.lines:
            sale.add(line)
        for payment in found.payments:
            status = TenderStatus(payment.status) if payment.status in TenderStatus else TenderStatus.PENDING
            sale.record_tender(Tender(payment.attempt_id, payment.method, payment.amount, status))
        self._sale = sale
        self._recovered_sale_id = sale.id
        self._prompt = Prompt(PromptCode.RECOVERED_SALE, (("lines", str(sale.totals().line_count)),))
        self._set_state(LaneState.ATTENDANT_REQUIRED)
        self._events.append(ev.SaleRecovered(sale.id, sale.totals().line_count))
        log.warning("unfinished sale found at start-up", extra={"sale_id": sale.id})
        self._publish()

    # -- the loop ------------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            message = self._inbox.get()
            if message is _STOP:
                return
            if isinstance(message, m.Message):
                self._handle(message)

    def _handle(self, message: m.Message) -> None:
        try:
            name = handler_for(self._state, type(message))
            if name is None:
                reason = reject_reason(self._state, type(message))
                self._events.append(ev.MessageRejected(type(message).__name__, self._state, reason))
                log.info(
                    "message rejected",
                    extra={"message_type": type(message).__name__, "state": self._state.value},
                )
            else:
                getattr(self, name)(message)
        except Exception as exc:
            # Handlers journal before they change anything, so a failure leaves the sale as it was; the
            # shopper is told it did not go through rather than seeing a scan vanish.
            log.exception("lane handler failed", extra={"sale_id": self._sale.id if self._sale else None})
            self._prompt = Prompt(PromptCode.NOT_RECORDED)
            self._events.append(ev.HandlingFailed(type(message).__name__, str(exc)))
        finally:
            self._publish()
            with self._idle:
                self._handled += 1
                self._idle.notify_all()

    def _publish(self) -> None:
        self._snapshot = self._build_snapshot()
        events, self._events = tuple(self._events), []
        self._bus.publish(self._snapshot, events)

    def _build_snapshot(self) -> LaneSnapshot:
        self._version += 1
        sale = self._sale
        currency = sale.currency if sale else self.settings.currency
        deadline = None
        if self._warned:
            deadline = (
                self._last_activity + self.settings.inactivity_warning_s + self.settings.inactivity_void_s
            )
        if sale is None:
            return LaneSnapshot(
                version=self._version,
                state=self._state,
                language=self._language,
                currency=currency,
                total=Money.zero(currency),
                paid=Money.zero(currency),
                balance_due=Money.zero(currency),
                prompt=self._prompt,
                devices=tuple(self._devices.values()),
                recovered_sale_id=self._recovered_sale_id,
            )
        totals = sale.totals()
        return LaneSnapshot(
            version=self._version,
            state=self._state,
            language=self._language,
            currency=currency,
            sale_id=sale.id,
            lines=sale.lines,
            line_count=totals.line_count,
            total=totals.gross,
            tax=totals.tax,
            tenders=sale.tenders,
            paid=Money(sale.paid_minor, currency),
            balance_due=sale.balance_due,
            prompt=self._prompt,
            devices=tuple(self._devices.values()),
            recovered_sale_id=self._recovered_sale_id,
            inactivity_deadline_s=deadline,
        )

    def _set_state(self, new: LaneState) -> None:
        if new is not self._state:
            self._events.append(ev.StateChanged(self._state, new))
            log.info(
                "lane state %s -> %s",
                self._state.value,
                new.value,
                extra={"sale_id": self._sale.id if self._sale else None},
            )
            self._state = new
            self._entered_at = self._clock.monotonic()

    def _touch(self) -> None:
        self._last_activity = self._clock.monotonic()
        if self._warned:
            self._warned = False
            if self._prompt and self._prompt.code is PromptCode.INACTIVITY_WARNING:
                self._prompt = None

    # -- shopper handlers ----------------------------------------------------------------------------
    def on_start_shopping(self, _: m.StartShopping) -> None:
        self._touch()
        self._set_state(LaneState.SCANNING)

    def on_code(self, message: m.BarcodeScanned | m.CodeKeyedIn) -> None:
        self._touch()
        code = message.code.strip()
        product = self._catalog.by_code(code) if code else None
        if self._state is LaneState.COMPLETE:
            self._end_sale_view()
        if self._state is LaneState.ATTRACT:
            self._set_state(LaneState.SCANNING)
        if product is None:
            self._prompt = Prompt(PromptCode.ITEM_NOT_FOUND, (("code", code),))
            self._events.append(ev.ItemNotFound(code))
            log.info("item not found", extra={"code": code, "sale_id": self._sale.id if self._sale else None})
            return
        refusal = self._refusal(product)
        if refusal is not None:
            self._prompt = Prompt(refusal, (("code", code), ("name", product.name_in(self._language))))
            self._events.append(ev.ItemRejected(code, refusal.value))
            return
        self._add_line(product, code if code != product.plu else None)

    def _refusal(self, product: Product) -> PromptCode | None:
        if not product.sco_allowed:
            return PromptCode.ITEM_NOT_FOR_SCO
        if product.age_min > 0:
            # Selling it needs an attendant's ID check, which this build does not have yet: refusing keeps
            # the store within the law instead of selling alcohol or tobacco unchecked.
            return PromptCode.ITEM_AGE_RESTRICTED
        if product.sold_by_weight:
            # No item scale is wired in this build: a per-kg item cannot be priced, so it is refused
            # visibly rather than added at a made-up weight.
            return PromptCode.ITEM_NEEDS_WEIGHT
        return None

    def _add_line(self, product: Product, barcode: str | None) -> None:
        sale = self._ensure_sale()
        line = Line(
            n=sale.next_line_number(),
            sku=product.sku,
            name=product.name,
            barcode=barcode,
            quantity=1,
            weight_g=None,
            unit_price=product.unit_price,
            amount=line_amount(product, 1, None, self.settings.rounding),
            tax_rate=product.tax_rate,
            names=tuple(sorted(product.names.items())),
        )
        # Journal first: if the write fails, the line is not shown as bought.
        self._journal.record_line(sale.id, line, self._clock.now())
        sale.add(line)
        self._prompt = None
        self._events.append(ev.ItemAdded(line))

    def _ensure_sale(self) -> Sale:
        if self._sale is None:
            sale_id = self._new_id()
            started = self._clock.now()
            self._journal.open_sale(sale_id, self.settings.currency, started)
            self._sale = Sale(sale_id, self.settings.currency, started, self.settings.rounding)
            self._events.append(ev.SaleStarted(sale_id))
        return self._sale

    def on_void_line(self, message: m.VoidLine) -> None:
        self._touch()
        sale = self._sale
        if sale is None or not 1 <= message.n <= sale.line_count or sale.line(message.n).voided:
            self._events.append(ev.MessageRejected("VoidLine", self._state, f"no active line {message.n}"))
            return
        self._journal.record_void(sale.id, message.n, self._clock.now())
        self._events.append(ev.LineVoided(sale.void(message.n)))

    def on_pay_requested(self, _: m.PayRequested) -> None:
        self._touch()
        if self._sale is None or self._sale.balance_due.minor <= 0:
            self._events.append(ev.MessageRejected("PayRequested", self._state, "nothing to pay"))
            return
        self._prompt = None
        self._set_state(LaneState.PAYMENT)

    def on_back_to_scanning(self, _: m.BackToScanning) -> None:
        self._touch()
        self._set_state(LaneState.SCANNING)

    def on_tender_chosen(self, message: m.TenderChosen) -> None:
        self._touch()
        sale = self._sale
        if sale is None:
            return
        due = sale.balance_due.minor
        amount = due if message.amount_minor is None else message.amount_minor
        if not 0 < amount <= due:
            self._events.append(
                ev.MessageRejected("TenderChosen", self._state, f"amount must be 0 < x <= {due}")
            )
            return
        try:
            provider = self._tenders.provider(message.method)
        except UnknownTender as exc:
            self._events.append(ev.MessageRejected("TenderChosen", self._state, str(exc)))
            return
        attempt_id = self._new_id()
        # The attempt id is chosen and journaled before the provider hears of it (recoverable, idempotent).
        self._journal.record_payment_intent(attempt_id, sale.id, message.method, amount, self._clock.now())
        self._pending_attempt = attempt_id
        sale.record_tender(
            Tender(attempt_id, message.method, Money(amount, sale.currency), TenderStatus.PENDING)
        )
        self._prompt = None
        self._set_state(LaneState.PAYMENT_PENDING)
        provider.start(attempt_id, sale.id, amount, sale.currency, self._on_tender_result)

    def _on_tender_result(self, result: TenderResult) -> None:
        """Called by a provider on any thread: turn the answer into a message for the inbox."""
        if result.approved:
            self.post(
                m.PaymentApproved(
                    result.attempt_id,
                    result.amount_minor,
                    result.auth_code,
                    result.reference,
                    result.masked_pan,
                )
            )
        else:
            self.post(m.PaymentDeclined(result.attempt_id, result.reason or "declined"))

    def on_payment_approved(self, message: m.PaymentApproved) -> None:
        sale = self._sale
        if sale is None or message.attempt_id != self._pending_attempt:
            log.warning("approval for an unknown attempt ignored", extra={"attempt_id": message.attempt_id})
            return
        now = self._clock.now()
        self._journal.record_payment_result(
            message.attempt_id, "approved", now, message.masked_pan, message.auth_code, message.reference
        )
        self._pending_attempt = None
        pending = next(t for t in sale.tenders if t.attempt_id == message.attempt_id)
        sale.record_tender(
            replace(
                pending,
                amount=Money(message.amount_minor, sale.currency),
                status=TenderStatus.APPROVED,
                masked_pan=message.masked_pan,
                auth_code=message.auth_code,
                reference=message.reference,
            )
        )
        self._events.append(ev.PaymentAccepted(message.attempt_id, message.amount_minor))
        if sale.balance_due.minor > 0:
            self._set_state(LaneState.PAYMENT)
            return
        self._set_state(LaneState.FINALIZING)
        self._journal.close_sale(sale.id, "completed", "paid", now)
        self._events.append(ev.SaleCompleted(sale.id, sale.total.minor))
        self._set_state(LaneState.COMPLETE)

    def on_payment_declined(self, message: m.PaymentDeclined) -> None:
        sale = self._sale
        if sale is None or message.attempt_id != self._pending_attempt:
            log.warning("decline for an unknown attempt ignored", extra={"attempt_id": message.attempt_id})
            return
        pending = next(t for t in sale.tenders if t.attempt_id == message.attempt_id)
        sale.record_tender(replace(pending, status=TenderStatus.DECLINED))
        self._journal.record_payment_result(message.attempt_id, "declined", self._clock.now())
        self._pending_attempt = None
        self._prompt = Prompt(PromptCode.PAYMENT_DECLINED, (("reason", message.reason),))
        self._events.append(ev.PaymentRefused(message.attempt_id, message.reason))
        self._set_state(LaneState.PAYMENT)

    def on_finish(self, _: m.FinishRequested) -> None:
        self._end_sale_view()
        self._set_state(LaneState.ATTRACT)

    def _end_sale_view(self) -> None:
        self._sale = None
        self._prompt = None
        self._warned = False

    def on_still_here(self, _: m.StillHere) -> None:
        self._touch()

    def on_prompt_dismissed(self, _: m.PromptDismissed) -> None:
        if self._prompt is not None and self._prompt.code is not PromptCode.RECOVERED_SALE:
            self._prompt = None
        self._touch()

    def on_help(self, _: m.HelpRequested) -> None:
        self._touch()
        self._prompt = Prompt(PromptCode.HELP_REQUESTED)
        self._events.append(ev.HelpCalled())
        log.info("shopper asked for help", extra={"sale_id": self._sale.id if self._sale else None})

    def on_language(self, message: m.LanguageChanged) -> None:
        if message.language not in self.settings.languages:
            self._events.append(
                ev.MessageRejected("LanguageChanged", self._state, f"no {message.language!r}")
            )
            return
        self._touch()
        self._language = message.language

    # -- attendant -----------------------------------------------------------------------------------
    def on_resume_recovered(self, _: m.ResumeRecoveredSale) -> None:
        if self._sale is None or self._recovered_sale_id is None:
            return
        self._events.append(ev.SaleResumed(self._sale.id))
        self._recovered_sale_id = None
        self._prompt = None
        self._touch()
        self._set_state(self._selling_state())

    def on_void_recovered(self, _: m.VoidRecoveredSale) -> None:
        if self._sale is None or self._recovered_sale_id is None:
            return
        self._void_sale("attendant")
        self._recovered_sale_id = None

    def _selling_state(self) -> LaneState:
        if self.missing_required():
            self._resume_state = LaneState.SCANNING
            return LaneState.OUT_OF_SERVICE
        return LaneState.SCANNING

    # -- world ---------------------------------------------------------------------------------------
    def on_tick(self, _: m.Tick) -> None:
        now = self._clock.monotonic()
        if self._state is LaneState.COMPLETE and now - self._entered_at >= self.settings.thank_you_s:
            self._end_sale_view()
            self._set_state(LaneState.ATTRACT)
            return
        if self._state not in (LaneState.SCANNING, LaneState.PAYMENT):
            return
        idle = now - self._last_activity
        sale = self._sale
        if sale is None or sale.line_count == 0:
            if self._state is LaneState.SCANNING and idle >= self.settings.empty_sale_timeout_s:
                self._set_state(LaneState.ATTRACT)
            return
        if sale.paid_minor > 0:
            return  # a part-paid basket is never voided by a timer: staff must settle it
        if idle >= self.settings.inactivity_warning_s + self.settings.inactivity_void_s:
            self._void_sale("inactivity")
        elif idle >= self.settings.inactivity_warning_s and not self._warned:
            self._warned = True
            left = int(self.settings.inactivity_void_s)
            self._prompt = Prompt(PromptCode.INACTIVITY_WARNING, (("seconds", str(left)),))
            self._events.append(ev.InactivityWarned(left))

    def _void_sale(self, reason: str) -> None:
        sale = self._sale
        if sale is None:
            return
        self._journal.close_sale(sale.id, "voided", reason, self._clock.now())
        self._events.append(ev.SaleVoided(sale.id, reason))
        log.info("sale voided", extra={"sale_id": sale.id, "reason": reason})
        self._end_sale_view()
        self._set_state(LaneState.ATTRACT if not self.missing_required() else LaneState.OUT_OF_SERVICE)
        self._resume_state = LaneState.ATTRACT

    def missing_required(self) -> tuple[str, ...]:
        return tuple(d.name for d in self._devices.values() if d.required and not d.available)

    def on_device_availability(self, message: m.DeviceAvailabilityChanged) -> None:
        before = self._devices.get(message.device)
        required = before.required if before else False
        self._devices[message.device] = DeviceStatus(
            message.device, required, message.available, message.detail
        )
        if before is not None and before.available == message.available:
            return
        if message.available:
            self._events.append(ev.DeviceCameBack(message.device))
        else:
            self._events.append(ev.DeviceWentMissing(message.device, message.detail))
        if not required:
            return
        missing = self.missing_required()
        if missing and self._state is not LaneState.OUT_OF_SERVICE:
            if self._state is not LaneState.ATTENDANT_REQUIRED:
                self._resume_state = (
                    LaneState.SCANNING
                    if self._state in (LaneState.SCANNING, LaneState.PAYMENT)
                    else LaneState.ATTRACT
                )
                if self._state is LaneState.COMPLETE:
                    self._end_sale_view()
                self._set_state(LaneState.OUT_OF_SERVICE)
        elif not missing and self._state is LaneState.OUT_OF_SERVICE:
            self._set_state(self._resume_state if self._sale is not None else LaneState.ATTRACT)

    def on_device_input_rejected(self, message: m.DeviceInputRejected) -> None:
        # The shopper sees "not read, scan again": a bad frame is never turned into a guessed item.
        self._prompt = Prompt(PromptCode.SCAN_NOT_READ, (("device", message.device),))
        self._events.append(ev.DeviceInputDiscarded(message.device, message.code))
