"""Plays a validated scenario against a real lane, real drivers and the simulators, on a manual clock.

Each step acts only through the ways a person or the world would: a simulator on the wire (scans, device
faults), a message the UI would post (keyed codes, voids, tender choice), or time passing (``wait``).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.bootstrap import Services
from kiosk.config import load_config
from kiosk.domain import Money, MoneyError
from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.clock import ManualClock
from kiosk.lane.events import LaneEvent
from kiosk.lane.states import LaneState
from kiosk.scenario.observer import LaneObserver
from kiosk.scenario.report import StepResult, devices_json, sale_json
from kiosk.scenario.schema import Scenario
from kiosk.simulated import build_simulated_services
from kiosk.simulation import symbology_for
from simulators.scanner import SerialScannerSimulator

DEVICE_TIMEOUT_S = 10.0
RECONNECT_TIMEOUT_S = 40.0  # the driver's reconnect back-off may be at its 30 s ceiling


class StepFailed(Exception):
    """A step ran but the lane did not do what it says (exit code 1)."""


@dataclass
class RunResult:
    scenario: Scenario
    steps: list[StepResult] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (
            bool(self.steps) and all(s.ok for s in self.steps) and len(self.steps) == len(self.scenario.steps)
        )


class ScenarioRunner:
    def __init__(self, scenario: Scenario, config_dir: Path | None, keep_dir: Path | None = None) -> None:
        self.scenario = scenario
        self.config_dir = config_dir
        self.keep_dir = keep_dir

    def run(self) -> RunResult:
        config = load_config(self.config_dir, self.scenario.config)
        if "scanner" not in config.devices:
            raise StepFailed("the configuration has no 'scanner' device to play scans through")
        data_dir = self.keep_dir or Path(tempfile.mkdtemp(prefix="kiosk-scenario-"))
        data_dir.mkdir(parents=True, exist_ok=True)
        services = build_simulated_services(
            config,
            database_url=f"sqlite:///{data_dir / 'kiosk.db'}",
            data_dir=data_dir,
            clock=ManualClock(),
            tick=False,
            catalog_csv=self.scenario.catalog,
        )
        try:
            return _Play(services, self.scenario).run()
        finally:
            services.close()
            if self.keep_dir is None:
                shutil.rmtree(data_dir, ignore_errors=True)


class _Play:
    def __init__(self, services: Services, scenario: Scenario) -> None:
        self.services = services
        self.scenario = scenario
        self.lane = services.lane
        self.observer = LaneObserver(self.lane.snapshot())
        self.lane.subscribe(self.observer)
        clock = services.clock
        assert isinstance(clock, ManualClock)
        self.clock = clock
        sim = services.simulators.get("scanner")
        if not isinstance(sim, SerialScannerSimulator):
            raise StepFailed("the scanner is not simulated by a serial scanner simulator")
        self.scanner = sim
        if services.test_tender is None:
            raise StepFailed("no test tender: scenarios pay through the simulated tender")
        self.test_tender = services.test_tender
        self.actions: Mapping[str, Callable[[Mapping[str, Any]], None]] = {
            "scan": self.scan,
            "key_in": lambda a: self.post_and_check(m.CodeKeyedIn(a["code"])),
            "void": lambda a: self.post_and_check(m.VoidLine(a["line"])),
            "pay": self.pay,
            "wait": self.wait,
            "help": lambda a: self.post_and_check(m.HelpRequested()),
            "language": lambda a: self.post_and_check(m.LanguageChanged(a["language"])),
            "device": self.device,
            "expect": self.expect,
        }

    def run(self) -> RunResult:
        result = RunResult(self.scenario)
        self.await_devices()
        for step in self.scenario.steps:
            started = time.perf_counter()
            error = None
            try:
                self.actions[step.kind](step.args)
            except StepFailed as exc:
                error = str(exc)
            result.steps.append(StepResult(step.index, step.kind, error is None, _ms(started), error))
            if error is not None:
                break
        result.report = self.report(result)
        return result

    # -- plumbing ------------------------------------------------------------------------------------
    def await_devices(self) -> None:
        missing = self.services.wait_for_devices(DEVICE_TIMEOUT_S)
        if missing:
            raise StepFailed(f"devices did not come online: {', '.join(missing)}")

    def settle(self) -> None:
        if not self.lane.wait_idle(DEVICE_TIMEOUT_S):
            raise StepFailed("the lane did not finish handling the step in time")

    def rejection(self, mark: int, message: type[m.Message]) -> ev.MessageRejected | None:
        return next(
            (
                e
                for e in self.observer.since(mark)
                if isinstance(e, ev.MessageRejected) and e.message == message.__name__
            ),
            None,
        )

    def post_and_check(self, message: m.Message) -> None:
        mark = self.observer.mark()
        self.lane.post(message)
        self.settle()
        rejected = self.rejection(mark, type(message))
        if rejected is not None:
            raise StepFailed(
                f"the lane refused {type(message).__name__} in {rejected.state.value}: {rejected.reason}"
            )

    def await_event(
        self, mark: int, match: Callable[[LaneEvent], bool], what: str, timeout_s: float
    ) -> LaneEvent:
        event = self.observer.wait_for(mark, match, timeout_s)
        if event is None:
            raise StepFailed(f"timed out after {timeout_s:.0f}s waiting for {what}")
        self.settle()
        return event

    # -- steps ---------------------------------------------------------------------------------------
    def scan(self, args: Mapping[str, Any]) -> None:
        code = args["code"]
        mark = self.observer.mark()
        try:
            self.scanner.scan(code, symbology_for(code))
        except Exception as exc:  # the simulator says why it could not send (e.g. no driver connected)
            raise StepFailed(f"the scanner simulator could not send {code}: {exc}") from exc
        outcome = (ev.ItemAdded, ev.ItemNotFound, ev.ItemRejected, ev.DeviceInputDiscarded)

        def handled(e: LaneEvent) -> bool:
            return isinstance(e, outcome) or (
                isinstance(e, ev.MessageRejected) and e.message == "BarcodeScanned"
            )

        event = self.await_event(mark, handled, f"the lane to handle the scan of {code}", DEVICE_TIMEOUT_S)
        if isinstance(event, ev.MessageRejected):
            raise StepFailed(f"the lane refused the scan in {event.state.value}: {event.reason}")

    def pay(self, args: Mapping[str, Any]) -> None:
        snapshot = self.lane.snapshot()
        if snapshot.state is LaneState.SCANNING:
            self.post_and_check(m.PayRequested())
        currency = self.lane.snapshot().currency
        amount = Money.parse(args["amount"], currency).minor if args["amount"] is not None else None
        self.test_tender.next_outcome = args["outcome"]
        self.post_and_check(m.TenderChosen(args["method"], amount))

    def wait(self, args: Mapping[str, Any]) -> None:
        remaining = float(args["seconds"])
        while remaining > 0:
            step = min(1.0, remaining)
            self.clock.advance(step)
            remaining -= step
            self.lane.post(m.Tick())
            self.settle()

    def device(self, args: Mapping[str, Any]) -> None:
        fault = args["fault"]
        mark = self.observer.mark()
        if fault == "garbage":
            self.scanner.send_garbage()
            self.await_event(
                mark, lambda e: isinstance(e, ev.DeviceInputDiscarded), "the garbage frame to be discarded",
                DEVICE_TIMEOUT_S,
            )  # fmt: skip
        elif fault == "disconnect":
            self.scanner.refuse_connections(True)
            self.scanner.disconnect()
            self.await_event(
                mark, lambda e: isinstance(e, ev.DeviceWentMissing), "the scanner to be reported missing",
                DEVICE_TIMEOUT_S,
            )  # fmt: skip
        else:
            self.scanner.refuse_connections(False)
            self.await_event(
                mark,
                lambda e: isinstance(e, ev.DeviceCameBack),
                "the scanner to come back",
                RECONNECT_TIMEOUT_S,
            )

    def expect(self, args: Mapping[str, Any]) -> None:
        view = self.observer.sale_view()
        state = self.lane.snapshot().state.value
        problems = []
        if "state" in args and args["state"] != state:
            problems.append(f"state: expected {args['state']}, got {state}")
        if "lines" in args and args["lines"] != view.line_count:
            problems.append(f"lines: expected {args['lines']}, got {view.line_count}")
        if "total" in args:
            problems += _money_mismatch("total", args["total"], view.total)
        if "tax" in args:
            got = {rate.key: amount.to_decimal_string() for rate, amount in view.tax}
            if _normalise_amounts(args["tax"], view.currency) != got:
                problems.append(f"tax: expected {args['tax']}, got {got}")
        if "paid" in args:
            paid = view.sale_id is not None and view.sale_id in self.observer.completed
            if args["paid"] != paid:
                problems.append(f"paid: expected {str(args['paid']).lower()}, got {str(paid).lower()}")
        if "charged" in args:
            charged = self.test_tender.approved_minor.get(view.sale_id or "", 0)
            problems += _money_mismatch("charged", args["charged"], Money(charged, view.currency))
        if problems:
            raise StepFailed("; ".join(problems))

    # -- report --------------------------------------------------------------------------------------
    def report(self, result: RunResult) -> dict[str, Any]:
        view = self.observer.sale_view()
        completed = view.sale_id is not None and view.sale_id in self.observer.completed
        return {
            "scenario": self.scenario.name,
            "ok": result.ok,
            "steps": [s.to_json() for s in result.steps],
            "sale": sale_json(view, completed),
            "light_history": [],
            "devices": devices_json(self.services.devices),
        }


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _money_mismatch(key: str, expected: str, got: Money) -> list[str]:
    try:
        want = Money.parse(expected, got.currency)
    except MoneyError as exc:
        return [f"{key}: {exc}"]
    return (
        [] if want == got else [f"{key}: expected {want.to_decimal_string()}, got {got.to_decimal_string()}"]
    )


def _normalise_amounts(amounts: Mapping[str, str], currency: str) -> dict[str, str]:
    return {rate: Money.parse(value, currency).to_decimal_string() for rate, value in amounts.items()}
