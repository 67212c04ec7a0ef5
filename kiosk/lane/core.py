"""The lane's model: its parts and the little state that belongs to no part, as the handlers see it.

:class:`LaneCore` is what every transition handler receives. It holds the parts (basket, tendering,
interventions, finalizing, timers) and the lane-wide bits (devices, language, prompt), collects the events and
device commands a message causes, and builds the snapshot. It has no thread and no inbox (that is the actor
shell, :mod:`kiosk.lane.actor`), and it never changes the lane's state by itself: handlers *return* the next
state and the shell applies it through the transition table (:meth:`LaneCore.enter`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from drivers.contracts import LightColour
from kiosk.domain import Money, Sale
from kiosk.lane import events as ev
from kiosk.lane.basket import Basket
from kiosk.lane.clock import Clock
from kiosk.lane.events import LaneEvent
from kiosk.lane.finalizing import Finalizing
from kiosk.lane.interventions import Blocking, InterventionQueue, InterventionType
from kiosk.lane.outbound import DeviceCommand, SetLight
from kiosk.lane.ports import ProductLookup, SaleJournalPort
from kiosk.lane.settings import LaneSettings
from kiosk.lane.snapshot import DeviceStatus, LaneSnapshot, Prompt, PromptCode
from kiosk.lane.states import LaneState as S
from kiosk.lane.timers import Timer, Timers
from payments.tendering import Tendering

log = logging.getLogger(__name__)

# Which timers mean something in which state; entering a state cancels the others.
_TIMERS_OF: dict[S, frozenset[Timer]] = {
    S.SCANNING: frozenset({Timer.INACTIVITY_WARNING, Timer.INACTIVITY_VOID, Timer.EMPTY_SALE}),
    S.PAYMENT: frozenset({Timer.INACTIVITY_WARNING, Timer.INACTIVITY_VOID}),
    S.PAYMENT_PENDING: frozenset({Timer.PAYMENT, Timer.PAYMENT_ABORT, Timer.PAYMENT_QUERY}),
    S.COMPLETE: frozenset({Timer.THANK_YOU}),
}


class LaneCore:
    def __init__(
        self,
        settings: LaneSettings,
        catalog: ProductLookup,
        journal: SaleJournalPort,
        clock: Clock,
        new_id: Callable[[], str],
        tender_methods: tuple[str, ...] = (),
    ) -> None:
        self.settings = settings
        self.tender_methods = tender_methods
        self.clock = clock
        self.new_id = new_id
        self.state = S.OUT_OF_SERVICE
        self.basket = Basket(catalog, journal, settings.currency, settings.rounding, new_id)
        self.tendering = Tendering(journal)
        self.interventions = InterventionQueue()
        self.finalizing = Finalizing(new_id)
        self.timers = Timers()
        self.language = settings.language
        self.prompt: Prompt | None = None
        self.devices: dict[str, DeviceStatus] = {
            name: DeviceStatus(name, required=True, available=False, detail="not connected yet")
            for name in settings.required_devices
        }
        self.recovering = False  # start-up reconciliation of a journaled sale still under way
        self.recovered_sale_id: str | None = None  # offered back to an attendant
        self.resume_state = S.ATTRACT  # where to go when a missing device is back
        self.warned = False
        self.events: list[LaneEvent] = []
        self.commands: list[DeviceCommand] = []
        self._light: tuple[LightColour | None, bool] | None = None

    # -- what handlers use --------------------------------------------------------------------------
    @property
    def sale(self) -> Sale | None:
        return self.basket.sale

    def emit(self, event: LaneEvent) -> None:
        self.events.append(event)

    def command(self, command: DeviceCommand) -> None:
        self.commands.append(command)

    def mono(self) -> float:
        return self.clock.monotonic()

    def sale_id(self) -> str | None:
        sale = self.basket.sale
        return sale.id if sale else None

    def missing_required(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.devices.values() if d.required and not d.available)

    def idle_state(self) -> S:
        """Where the lane rests without a sale: attract, or out of service while a required device is missing."""
        return S.OUT_OF_SERVICE if self.missing_required() else S.ATTRACT

    def selling_state(self) -> S:
        """Scanning, or out of service (coming back to scanning) while a required device is missing."""
        if self.missing_required():
            self.resume_state = S.SCANNING
            return S.OUT_OF_SERVICE
        return S.SCANNING

    def touch(self) -> None:
        """The shopper did something: the inactivity countdown starts again and its warning goes away."""
        if self.warned:
            self.warned = False
            if self.prompt and self.prompt.code is PromptCode.INACTIVITY_WARNING:
                self.prompt = None
        if self.state in (S.SCANNING, S.PAYMENT):
            self._arm_inactivity()

    def raise_intervention(
        self,
        kind: InterventionType,
        blocking: Blocking,
        detail: tuple[tuple[str, str], ...] = (),
        lane_level: bool = False,
    ) -> None:
        sale_id = None if lane_level else self.sale_id()
        before = self.interventions.pending_of(kind, sale_id, detail)
        item = self.interventions.raise_(self.new_id(), kind, blocking, self.clock.now(), sale_id, detail)
        if before is None:
            self.emit(ev.InterventionRaised(item))
            log.info("intervention raised", extra={"type": kind.value, "sale_id": sale_id})

    def resolve_intervention(
        self, kind: InterventionType, by: str, how: str, detail: tuple[tuple[str, str], ...] | None = None
    ) -> None:
        item = self.interventions.resolve(kind, self.clock.now(), by, how, detail)
        if item is not None:
            self.emit(ev.InterventionResolved(item))

    def close_sale_record(self, sale: Sale) -> None:
        """The sale is closed in the journal: its pending advisories end with it."""
        for item in self.interventions.end_sale(sale.id, self.clock.now()):
            self.emit(ev.InterventionResolved(item))

    def end_sale_view(self) -> None:
        """Stop showing the sale (it is closed already, or is being let go by its closer)."""
        self.basket.forget()
        self.tendering.clear()
        self.prompt = None
        self.warned = False

    # -- used by the shell only ---------------------------------------------------------------------
    def enter(self, new: S) -> None:
        """Apply a state change the transition table allowed, and arm the new state's timers."""
        old, self.state = self.state, new
        self.emit(ev.StateChanged(old, new))
        log.info("lane state %s -> %s", old.value, new.value, extra={"sale_id": self.sale_id()})
        keep = _TIMERS_OF.get(new, frozenset())
        self.timers.cancel(*(t for t in Timer if t not in keep))
        now = self.mono()
        if new is S.COMPLETE:
            self.timers.set(Timer.THANK_YOU, now + self.settings.thank_you_s)
        elif new in (S.SCANNING, S.PAYMENT):
            self._arm_inactivity()

    def _arm_inactivity(self) -> None:
        now, sale = self.mono(), self.basket.sale
        self.timers.cancel(Timer.INACTIVITY_VOID, Timer.EMPTY_SALE, Timer.INACTIVITY_WARNING)
        if sale is None or sale.line_count == 0:
            if self.state is S.SCANNING:
                self.timers.set(Timer.EMPTY_SALE, now + self.settings.empty_sale_timeout_s)
        elif sale.paid_minor == 0:  # a part-paid basket is never voided by a timer: staff must settle it
            self.timers.set(Timer.INACTIVITY_WARNING, now + self.settings.inactivity_warning_s)

    def light(self) -> tuple[LightColour | None, bool]:
        """The lane light: red while out of service or an attendant must act (blinking for a person),
        yellow blinking while help or a payment check is pending, green in service (self-checkout.md §1.5)."""
        if self.state in (S.OUT_OF_SERVICE, S.CLOSED):
            return LightColour.RED, False
        if self.state is S.ATTENDANT_REQUIRED or self.interventions.blocking_now():
            return LightColour.RED, True
        if self.interventions.any_pending() or self.recovering:
            return LightColour.YELLOW, True
        return LightColour.GREEN, False

    def light_command(self) -> None:
        wanted = self.light()
        if wanted != self._light:
            self._light = wanted
            self.command(SetLight(wanted[0], blink=wanted[1]))

    def snapshot(self, version: int) -> LaneSnapshot:
        """The picture of the lane now. O(1) in the basket size: the lines are shared, never copied."""
        sale = self.basket.sale
        colour, blink = self._light or self.light()
        currency = sale.currency if sale else self.settings.currency
        totals = sale.totals() if sale else None
        zero = Money.zero(currency)
        return LaneSnapshot(
            version=version,
            state=self.state,
            language=self.language,
            currency=currency,
            sale_id=sale.id if sale else None,
            lines=sale.lines if sale else (),
            line_count=totals.line_count if totals else 0,
            total=totals.gross if totals else zero,
            tax=totals.tax if totals else (),
            tenders=sale.tenders if sale else (),
            paid=Money(sale.paid_minor, currency) if sale else zero,
            balance_due=sale.balance_due if sale else zero,
            prompt=self.prompt,
            devices=tuple(self.devices.values()),
            recovered_sale_id=self.recovered_sale_id,
            inactivity_deadline_s=self.timers.deadline(Timer.INACTIVITY_VOID) if self.warned else None,
            interventions=self.interventions.items,
            light=colour,
            light_blink=blink,
        )
