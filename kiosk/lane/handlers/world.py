"""Handlers of the world: time passing (the timers), devices coming and going, language, prompts."""

from __future__ import annotations

from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.core import LaneCore
from kiosk.lane.handlers.attending import void_sale
from kiosk.lane.handlers.paying import abort_unanswered, ask_abort, query_again
from kiosk.lane.interventions import Blocking, InterventionType
from kiosk.lane.snapshot import DeviceStatus, Prompt, PromptCode
from kiosk.lane.states import LaneState as S
from kiosk.lane.timers import Timer


def tick(core: LaneCore, _: m.Tick) -> S | None:
    """Fire the timers that are due. Only the current state's timers are armed (see ``LaneCore.enter``)."""
    for timer in core.timers.due(core.mono()):
        if timer is Timer.THANK_YOU:
            core.end_sale_view()
            return core.idle_state()
        if timer is Timer.EMPTY_SALE:
            return core.idle_state()
        if timer is Timer.INACTIVITY_WARNING:
            left = int(core.settings.inactivity_void_s)
            core.warned = True
            core.timers.set(Timer.INACTIVITY_VOID, core.mono() + core.settings.inactivity_void_s)
            core.prompt = Prompt(PromptCode.INACTIVITY_WARNING, (("seconds", str(left)),))
            core.emit(ev.InactivityWarned(left))
        elif timer is Timer.INACTIVITY_VOID:
            return void_sale(core, "inactivity")
        elif timer is Timer.PAYMENT:
            ask_abort(core, "timeout")
        elif timer is Timer.PAYMENT_ABORT:
            abort_unanswered(core)
        elif timer is Timer.PAYMENT_QUERY:
            query_again(core)
    return None


def device_availability(core: LaneCore, message: m.DeviceAvailabilityChanged) -> S | None:
    """A required device missing stops selling (the basket is kept); back → where the shopper was.

    A payment or finalizing in flight is never interrupted: it does not need the scanner, and leaving it
    would strand an attempt. The lane rests out of service when it next would rest.
    """
    before = core.devices.get(message.device)
    required = before.required if before else False
    core.devices[message.device] = DeviceStatus(message.device, required, message.available, message.detail)
    if before is not None and before.available == message.available:
        return None
    detail = (("device", message.device),)
    if message.available:
        core.emit(ev.DeviceCameBack(message.device))
        core.resolve_intervention(InterventionType.DEVICE_FAULT, "device", "came_back", detail)
    else:
        core.emit(ev.DeviceWentMissing(message.device, message.detail))
    if not required:
        return None
    if not message.available:  # it was there (unchanged reports returned above): staff must look at it
        core.raise_intervention(InterventionType.DEVICE_FAULT, Blocking.NOW, detail, lane_level=True)
    missing = core.missing_required()
    if missing and core.state in (S.ATTRACT, S.SCANNING, S.PAYMENT, S.COMPLETE):
        core.resume_state = S.SCANNING if core.state in (S.SCANNING, S.PAYMENT) else S.ATTRACT
        if core.state is S.COMPLETE:
            core.end_sale_view()
        return S.OUT_OF_SERVICE
    if not missing and core.state is S.OUT_OF_SERVICE:
        return core.resume_state if core.sale is not None else S.ATTRACT
    return None


def device_input_rejected(core: LaneCore, message: m.DeviceInputRejected) -> None:
    # The shopper sees "not read, scan again": a bad frame is never turned into a guessed item.
    core.prompt = Prompt(PromptCode.SCAN_NOT_READ, (("device", message.device),))
    core.emit(ev.DeviceInputDiscarded(message.device, message.code))


def language_guard(core: LaneCore, message: m.LanguageChanged) -> str | None:
    return None if message.language in core.settings.languages else f"no {message.language!r}"


def language_changed(core: LaneCore, message: m.LanguageChanged) -> None:
    core.language = message.language


def prompt_dismissed(core: LaneCore, _: m.PromptDismissed) -> None:
    """The shopper closed the prompt. A recovered sale's prompt is the attendant's, and stays."""
    if core.prompt is not None and core.prompt.code is not PromptCode.RECOVERED_SALE:
        core.prompt = None
