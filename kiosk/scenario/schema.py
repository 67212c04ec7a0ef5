"""Parsing and validating scenario files into typed steps, before anything runs.

A file with a typo must never half-run: every step is checked first, and an invalid file is reported with the
step index and the key (exit code 2). Steps the spec defines but this build cannot play yet are refused the
same way, by name, rather than ignored. The configuration overrides and the catalog are checked here too, so
a bad one is an invalid file (exit 2), not a run that fails half-way. The YAML itself is read with bounded
time, memory and message size (:mod:`kiosk.scenario.source`); values in messages go through ``show``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kiosk.domain import Money, MoneyError, TaxRate
from kiosk.errors import BadInput
from kiosk.scenario.catalog_check import check_catalog
from kiosk.scenario.source import SourceError, read_yaml, show

if TYPE_CHECKING:
    from kiosk.config import KioskConfig


class ScenarioInvalid(BadInput):
    """The scenario file is not valid. ``str()`` names the step index and key where there is one."""

    kind = "invalid scenario"

    def __init__(self, reason: str, index: int | None = None, key: str | None = None) -> None:
        where = []
        if index is not None:
            where.append(f"step {index}")
        if key:
            where.append(f"key {key!r}")
        super().__init__(f"{', '.join(where)}: {reason}" if where else reason)
        self.index = index
        self.key = key
        self.reason = reason


# The spec's full step vocabulary; those not in PLAYABLE are refused by name until their issue lands.
SPEC_STEPS = frozenset(
    {
        "scan", "key_in", "lookup", "quantity", "place", "lift", "bag", "unbag", "own_bag", "skip_bagging",
        "help", "void", "pay", "insert_cash", "language", "survey", "wait", "attendant", "approve", "reject",
        "verify_age", "override_price", "cancel_sale", "suspend", "resume", "logout", "printer", "device",
        "power_cut", "fiscal", "expect",
    }
)  # fmt: skip
PLAYABLE = frozenset(
    {"scan", "key_in", "void", "pay", "wait", "help", "language", "device", "power_cut", "expect"}
)
SPEC_EXPECT_KEYS = frozenset(
    {
        "state", "lines", "total", "tax", "paid", "change", "interventions", "resolved", "light",
        "receipt_contains", "fiscal", "charged", "screen",
    }
)  # fmt: skip
CHECKABLE_EXPECT_KEYS = frozenset({"state", "lines", "total", "tax", "paid", "charged"})
TOP_LEVEL_KEYS = frozenset({"name", "catalog", "config", "staff", "steps"})
PAY_OUTCOMES = frozenset(
    {"approve", "decline", "timeout", "cancel", "comms_loss_before_auth", "comms_loss_after_auth"}
)
# Played by the runner's tender desk (kiosk/scenario/lane_process.py) until the terminal simulator is wired.
PLAYABLE_OUTCOMES = frozenset({"approve", "decline", "timeout", "comms_loss_after_auth"})
_DURATION = re.compile(r"(\d{1,9}(?:\.\d{1,9})?)\s*(ms|s|m|h)?", re.ASCII)
CODE_MAX: Final = 512  # what a scanner frame may hold (drivers.scanner.framing max_frame_len)
NAME_MAX: Final = 200


@dataclass(frozen=True, slots=True)
class Step:
    index: int
    kind: str
    args: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    path: Path
    steps: tuple[Step, ...]
    catalog: Path | None = None
    config: Mapping[str, Any] = field(default_factory=dict)


def parse_duration(value: object, index: int, key: str) -> float:
    """``"30s"``, ``"2m"``, ``"500ms"`` or a number of seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ScenarioInvalid(f"not a duration: {show(value)}", index, key)
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.fullmatch(value.strip())
        if match is None:
            raise ScenarioInvalid(f"not a duration: {show(value)} (use 30s, 2m or seconds)", index, key)
        number, unit = float(match.group(1)), match.group(2) or "s"
        seconds = number * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    if not math.isfinite(seconds) or seconds < 0 or seconds > 24 * 3600:
        raise ScenarioInvalid(f"duration out of range: {show(value)}", index, key)
    return seconds


def _mapping(value: object, index: int, key: str, allowed: frozenset[str]) -> dict[str, Any]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ScenarioInvalid(f"expected a mapping, got {type(value).__name__}", index, key)
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise ScenarioInvalid(
            f"unknown key {show(unknown[0])} (allowed: {', '.join(sorted(allowed))})", index, key
        )
    return {str(k): v for k, v in value.items()}


def _amount(value: object, index: int, key: str) -> str:
    if not isinstance(value, str):
        raise ScenarioInvalid(f'amounts are decimal strings like "12.34", got {show(value)}', index, key)
    try:
        Money.parse(value)
    except MoneyError as exc:
        raise ScenarioInvalid(str(exc), index, key) from None
    return value


def _code(value: object, index: int, key: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ScenarioInvalid(f"expected a code, got {show(value)}", index, key)
    text = str(value).strip()
    if not text:
        raise ScenarioInvalid("empty code", index, key)
    if len(text) > CODE_MAX:
        raise ScenarioInvalid(f"a code of {len(text)} characters (at most {CODE_MAX})", index, key)
    return text


def _positive_int(value: object, index: int, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ScenarioInvalid(f"expected a whole number ≥ 1, got {show(value)}", index, key)
    return value


def _validate_step(index: int, kind: str, value: object) -> dict[str, Any]:
    """Return the step's normalised arguments, or raise ScenarioInvalid naming the index and key."""
    if kind == "scan":
        if isinstance(value, dict):
            args = _mapping(value, index, "scan", frozenset({"code", "via"}))
            if "code" not in args:
                raise ScenarioInvalid("missing 'code'", index, "scan")
            via = args.get("via", "serial")
            if via not in {"serial", "hid", "camera", "scanner_scale"}:
                raise ScenarioInvalid(f"unknown scanner {show(via)}", index, "scan.via")
            if via != "serial":
                raise ScenarioInvalid(
                    f"scanning via {show(via)} is not supported by this build yet", index, "scan.via"
                )
            return {"code": _code(args["code"], index, "scan.code"), "via": via}
        return {"code": _code(value, index, "scan"), "via": "serial"}
    if kind == "key_in":
        return {"code": _code(value, index, "key_in")}
    if kind == "void":
        args = _mapping(value, index, "void", frozenset({"line"}))
        if "line" not in args:
            raise ScenarioInvalid("missing 'line'", index, "void")
        return {"line": _positive_int(args["line"], index, "void.line")}
    if kind == "wait":
        return {"seconds": parse_duration(value, index, "wait")}
    if kind in ("help", "power_cut"):
        _mapping(value, index, kind, frozenset())
        return {}
    if kind == "language":
        if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2}", value):
            raise ScenarioInvalid(
                f"expected a two-letter language code, got {show(value)}", index, "language"
            )
        return {"language": value}
    if kind == "pay":
        args = _mapping(value, index, "pay", frozenset({"method", "amount", "outcome"}))
        method = args.get("method")
        if method not in {"card", "qr", "cash", "gift", "loyalty"}:
            raise ScenarioInvalid(f"unknown tender method {show(method)}", index, "pay.method")
        if method != "card":
            raise ScenarioInvalid(
                f"tender {method!r} is not supported by this build yet", index, "pay.method"
            )
        outcome = args.get("outcome", "approve")
        if outcome not in PAY_OUTCOMES:
            raise ScenarioInvalid(f"unknown outcome {show(outcome)}", index, "pay.outcome")
        if outcome not in PLAYABLE_OUTCOMES:
            raise ScenarioInvalid(
                f"outcome {outcome!r} needs the card terminal simulator", index, "pay.outcome"
            )
        amount = _amount(args["amount"], index, "pay.amount") if "amount" in args else None
        return {"method": method, "amount": amount, "outcome": outcome}
    if kind == "device":
        args = _mapping(value, index, "device", frozenset({"role", "fault"}))
        role, fault = args.get("role"), args.get("fault")
        if role not in {"scale", "scanner", "terminal", "light", "printer"}:
            raise ScenarioInvalid(f"unknown device role {show(role)}", index, "device.role")
        if role != "scanner":
            raise ScenarioInvalid(f"device {role!r} is not simulated by this build yet", index, "device.role")
        if fault not in {"disconnect", "reconnect", "garbage"}:
            raise ScenarioInvalid(f"unknown fault {show(fault)}", index, "device.fault")
        return {"role": role, "fault": fault}
    if kind == "expect":
        return _validate_expect(index, value)
    raise AssertionError(kind)  # PLAYABLE and this function are kept in step


def _validate_expect(index: int, value: object) -> dict[str, Any]:
    args = _mapping(value, index, "expect", SPEC_EXPECT_KEYS)
    for key in args:
        if key not in CHECKABLE_EXPECT_KEYS:
            raise ScenarioInvalid(
                f"expect key {key!r} is not supported by this build yet", index, f"expect.{key}"
            )
    if "state" in args:
        from kiosk.lane.states import LaneState

        if not isinstance(args["state"], str) or args["state"] not in LaneState.__members__:
            raise ScenarioInvalid(f"unknown state {show(args['state'])}", index, "expect.state")
    if "lines" in args and (isinstance(args["lines"], bool) or not isinstance(args["lines"], int)):
        raise ScenarioInvalid("expected a whole number", index, "expect.lines")
    for key in ("total", "charged"):
        if key in args:
            _amount(args[key], index, f"expect.{key}")
    if "paid" in args and not isinstance(args["paid"], bool):
        raise ScenarioInvalid("expected true or false", index, "expect.paid")
    if "tax" in args:
        tax = _mapping_any(args["tax"], index, "expect.tax")
        normalised = {}
        for rate, amount in tax.items():
            try:
                key = TaxRate.parse(str(rate)).key
            except ValueError as exc:
                raise ScenarioInvalid(str(exc)[:120], index, f"expect.tax.{show(rate)}") from None
            normalised[key] = _amount(amount, index, f"expect.tax.{show(rate)}")
        args["tax"] = normalised
    return args


def _mapping_any(value: object, index: int, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioInvalid(f"expected a mapping, got {type(value).__name__}", index, key)
    return {str(k): v for k, v in value.items()}


def load_scenario(path: Path, config_dir: Path | None = None) -> Scenario:
    """Parse and check ``path`` against the configuration in ``config_dir`` (None: built-in defaults) that the
    run will use: its ``config:`` overrides and its ``catalog:`` are validated here, before anything runs."""
    try:
        raw = read_yaml(path)
    except SourceError as exc:
        raise ScenarioInvalid(str(exc)) from None
    if not isinstance(raw, dict):
        raise ScenarioInvalid("a scenario file is a mapping with 'name' and 'steps'")
    unknown = sorted(str(k) for k in raw if k not in TOP_LEVEL_KEYS)
    if unknown:
        raise ScenarioInvalid(f"unknown top-level key {show(unknown[0])}", key=unknown[0][:40])
    if raw.get("staff"):
        raise ScenarioInvalid("staff accounts are not supported by this build yet", key="staff")
    config = raw.get("config") or {}
    if not isinstance(config, dict):
        raise ScenarioInvalid("expected a mapping of config sections", key="config")
    steps = tuple(_steps(raw.get("steps")))
    name = raw.get("name", path.stem)
    if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX:
        raise ScenarioInvalid(f"expected a name of 1 to {NAME_MAX} characters, got {show(name)}", key="name")
    lane_config = _config(config_dir, config)
    catalog_path = _catalog(path, raw.get("catalog"))
    if catalog_path is not None:
        problem = check_catalog(catalog_path, lane_config)
        if problem is not None:
            raise ScenarioInvalid(f"{catalog_path.name}: {problem}", key="catalog")
    return Scenario(name, path, steps, catalog_path, config)


def _steps(steps_raw: object) -> list[Step]:
    if not isinstance(steps_raw, list) or not steps_raw:
        raise ScenarioInvalid("'steps' must be a non-empty list", key="steps")
    steps = []
    for index, item in enumerate(steps_raw):
        if not isinstance(item, dict) or len(item) != 1:
            raise ScenarioInvalid("every step is a mapping with exactly one key", index)
        ((kind, value),) = item.items()
        if not isinstance(kind, str) or kind not in SPEC_STEPS:
            raise ScenarioInvalid(f"unknown step {show(kind)}", index, str(kind)[:40])
        if kind not in PLAYABLE:
            raise ScenarioInvalid(f"step {kind!r} is not supported by this build yet", index, kind)
        steps.append(Step(index, kind, _validate_step(index, kind, value)))
    return steps


def _config(config_dir: Path | None, overrides: dict[str, Any]) -> KioskConfig:
    """The configuration the run will use; a bad override is this file's error, under ``config.<key>``."""
    from kiosk.config import ConfigError, load_config

    try:
        return load_config(config_dir, overrides)
    except ConfigError as exc:
        if exc.file != "overrides":
            raise
        raise ScenarioInvalid(exc.reason[:200], key=f"config.{exc.key}") from None


def _catalog(path: Path, catalog: object) -> Path | None:
    """The catalog file: relative to the scenario and inside its folder, so a scenario cannot point the
    importer (and its error messages) at any other file on the machine."""
    if catalog is None:
        return None
    if not isinstance(catalog, str) or not catalog.strip():
        raise ScenarioInvalid(f"expected a file name, got {show(catalog)}", key="catalog")
    folder = path.parent.resolve()
    target = (folder / catalog).resolve()
    if Path(catalog).is_absolute() or not target.is_relative_to(folder):
        raise ScenarioInvalid(f"{show(catalog)} is not inside the scenario's folder {folder}", key="catalog")
    if not target.is_file():
        raise ScenarioInvalid(f"catalog file not found: {show(catalog)}", key="catalog")
    return target
