"""Plays a validated scenario against a real lane, real drivers and the simulators, on a simulated clock.

Each step acts only through the ways a person or the world would: a simulator on the wire (scans, device
faults), a message the UI would post (keyed codes, voids, tender choice), or time passing (``wait``).

Processes (shared/specs/scenario.md): the lane runs in a child process (:mod:`kiosk.scenario.lane_host`);
the simulators, the tender desk's ledger and the simulated clock live here, so ``power_cut`` can SIGKILL the
lane and start a new one on the same data and the same world. A step ends when the lane says nothing it
caused is in flight (:meth:`LaneProcess.quiesce`), never after a sleep.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.domain import Money, MoneyError
from kiosk.lane import events as ev
from kiosk.lane import messages as m
from kiosk.lane.events import LaneEvent
from kiosk.lane.states import LaneState
from kiosk.scenario.lane_host import HostSpec
from kiosk.scenario.lane_process import LaneDied, LaneProcess, TenderDesk
from kiosk.scenario.observer import LaneObserver
from kiosk.scenario.report import StepResult, sale_json
from kiosk.scenario.schema import Scenario
from kiosk.simulated import start_simulators
from kiosk.simulation import RunningSimulator, symbology_for
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
        simulators = start_simulators(config)
        spec = HostSpec(
            config_dir=self.config_dir,
            overrides=self.scenario.config,
            data_dir=data_dir,
            device_ports={name: simulator.url for name, simulator in simulators.items()},
            catalog_csv=self.scenario.catalog,
            elapsed_s=0.0,
        )
        lane = LaneProcess(spec, TenderDesk())
        try:
            lane.start()
            return _Play(lane, simulators, self.scenario).run()
        except LaneDied as exc:
            raise StepFailed(str(exc)) from exc
        finally:
            lane.close()
            for simulator in simulators.values():
                simulator.close()
            if self.keep_dir is None:
                shutil.rmtree(data_dir, ignore_errors=True)


class _Play:
    def __init__(
        self, lane: LaneProcess, simulators: Mapping[str, RunningSimulator], scenario: Scenario
    ) -> None:
        self.lane = lane
        self.scenario = scenario
        assert lane.observer is not None  # set by the child's "ready"
        self.observer: LaneObserver = lane.observer
        sim = simulators.get("scanner")
        if not isinstance(sim, SerialScannerSimulator):
            raise StepFailed("the scanner is not simulated by a serial scanner simulator")
        self.scanner = sim
        self.actions: Mapping[str, Callable[[Mapping[str, Any]], None]] = {
            "scan": self.scan,
            "key_in": lambda a: self.post_and_check(m.CodeKeyedIn(a["code"])),
            "void": lambda a: self.post_and_check(m.VoidLine(a["line"])),
            "pay": self.pay,
            "wait": self.wait,
            "help": lambda a: self.post_and_check(m.HelpRequested()),
            "language": lambda a: self.post_and_check(m.LanguageChanged(a["language"])),
            "device": self.device,
            "power_cut": self.power_cut,
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
            except (StepFailed, LaneDied) as exc:
                error = str(exc)
            result.steps.append(StepResult(step.index, step.kind, error is None, _ms(started), error))
            if error is not None:
                break
        result.report = self.report(result)
        return result

    # -- plumbing ------------------------------------------------------------------------------------
    def await_devices(self) -> None:
        """A frame sent before the driver opened its port is lost, as on real hardware: wait for them."""
        snapshot = self.observer.wait_snapshot(lambda s: not s.missing_devices, DEVICE_TIMEOUT_S)
        if snapshot.missing_devices:
            raise StepFailed(f"devices did not come online: {', '.join(snapshot.missing_devices)}")
        self.settle()

    def settle(self) -> None:
        if not self.lane.quiesce(DEVICE_TIMEOUT_S):
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
        if self.observer.snapshot.state is LaneState.SCANNING:
            self.post_and_check(m.PayRequested())
        currency = self.observer.snapshot.currency
        amount = Money.parse(args["amount"], currency).minor if args["amount"] is not None else None
        self.lane.desk.next_outcome = args["outcome"]
        self.post_and_check(m.TenderChosen(args["method"], amount))

    def wait(self, args: Mapping[str, Any]) -> None:
        remaining = float(args["seconds"])
        while remaining > 0:
            step = min(1.0, remaining)
            self.lane.advance(step)
            remaining -= step
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

    def power_cut(self, _args: Mapping[str, Any]) -> None:
        """SIGKILL the lane mid-whatever, start a new one on the same data and simulators."""
        self.lane.power_cut()
        self.await_devices()

    def expect(self, args: Mapping[str, Any]) -> None:
        view = self.observer.sale_view()
        state = self.observer.snapshot.state.value
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
            charged = self.lane.desk.charged.get(view.sale_id or "", 0)
            problems += _money_mismatch("charged", args["charged"], Money(charged, view.currency))
        if problems:
            raise StepFailed("; ".join(problems))

    # -- report --------------------------------------------------------------------------------------
    def report(self, result: RunResult) -> dict[str, Any]:
        view = self.observer.sale_view()
        return {
            "scenario": self.scenario.name,
            "ok": result.ok,
            "steps": [s.to_json() for s in result.steps],
            "sale": sale_json(view, self.observer.status(view), self.observer.snapshot.state.value),
            "light_history": [],
            "devices": self.lane.devices(DEVICE_TIMEOUT_S),
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
