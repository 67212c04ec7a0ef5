"""Parsing and validating scenario files into typed steps, before anything runs.

A file with a typo must never half-run: every step is checked first, and an invalid file is reported with the
step index and the key (exit code 2). Steps the spec defines but this build cannot play yet are refused the
same way, by name, rather than ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk.domain import Money, MoneyError, TaxRate
from kiosk.errors import BadInput


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
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h)?")


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
    if isinstance(value, bool):
        raise ScenarioInvalid(f"not a duration: {value!r}", index, key)
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.fullmatch(str(value).strip())
        if match is None:
            raise ScenarioInvalid(f"not a duration: {value!r} (use 30s, 2m or seconds)", index, key)
        number, unit = float(match.group(1)), match.group(2) or "s"
        seconds = number * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    if seconds < 0 or seconds > 24 * 3600:
        raise ScenarioInvalid(f"duration out of range: {value!r}", index, key)
    return seconds


def _mapping(value: object, index: int, key: str, allowed: frozenset[str]) -> dict[str, Any]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ScenarioInvalid(f"expected a mapping, got {type(value).__name__}", index, key)
    unknown = sorted(set(map(str, value)) - allowed)
    if unknown:
        raise ScenarioInvalid(
            f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})", index, key
        )
    return {str(k): v for k, v in value.items()}


def _amount(value: object, index: int, key: str) -> str:
    if not isinstance(value, str):
        raise ScenarioInvalid(f'amounts are decimal strings like "12.34", got {value!r}', index, key)
    try:
        Money.parse(value)
    except MoneyError as exc:
        raise ScenarioInvalid(str(exc), index, key) from None
    return value


def _code(value: object, index: int, key: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ScenarioInvalid(f"expected a code, got {value!r}", index, key)
    text = str(value).strip()
    if not text:
        raise ScenarioInvalid("empty code", index, key)
    return text


def _positive_int(value: object, index: int, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ScenarioInvalid(f"expected a whole number ≥ 1, got {value!r}", index, key)
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
                raise ScenarioInvalid(f"unknown scanner {via!r}", index, "scan.via")
            if via != "serial":
                raise ScenarioInvalid(
                    f"scanning via {via!r} is not supported by this build yet", index, "scan.via"
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
            raise ScenarioInvalid(f"expected a two-letter language code, got {value!r}", index, "language")
        return {"language": value}
    if kind == "pay":
        args = _mapping(value, index, "pay", frozenset({"method", "amount", "outcome"}))
        method = args.get("method")
        if method not in {"card", "qr", "cash", "gift", "loyalty"}:
            raise ScenarioInvalid(f"unknown tender method {method!r}", index, "pay.method")
        if method != "card":
            raise ScenarioInvalid(
                f"tender {method!r} is not supported by this build yet", index, "pay.method"
            )
        outcome = args.get("outcome", "approve")
        if outcome not in PAY_OUTCOMES:
            raise ScenarioInvalid(f"unknown outcome {outcome!r}", index, "pay.outcome")
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
            raise ScenarioInvalid(f"unknown device role {role!r}", index, "device.role")
        if role != "scanner":
            raise ScenarioInvalid(f"device {role!r} is not simulated by this build yet", index, "device.role")
        if fault not in {"disconnect", "reconnect", "garbage"}:
            raise ScenarioInvalid(f"unknown fault {fault!r}", index, "device.fault")
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

        if args["state"] not in LaneState.__members__:
            raise ScenarioInvalid(f"unknown state {args['state']!r}", index, "expect.state")
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
                raise ScenarioInvalid(str(exc), index, f"expect.tax.{rate}") from None
            normalised[key] = _amount(amount, index, f"expect.tax.{rate}")
        args["tax"] = normalised
    return args


def _mapping_any(value: object, index: int, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioInvalid(f"expected a mapping, got {type(value).__name__}", index, key)
    return {str(k): v for k, v in value.items()}


def load_scenario(path: Path) -> Scenario:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioInvalid(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ScenarioInvalid(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ScenarioInvalid("a scenario file is a mapping with 'name' and 'steps'")
    unknown = sorted(set(map(str, raw)) - TOP_LEVEL_KEYS)
    if unknown:
        raise ScenarioInvalid(f"unknown top-level key {unknown[0]!r}", key=unknown[0])
    if raw.get("staff"):
        raise ScenarioInvalid("staff accounts are not supported by this build yet", key="staff")
    config = raw.get("config") or {}
    if not isinstance(config, dict):
        raise ScenarioInvalid("expected a mapping of config sections", key="config")
    catalog = raw.get("catalog")
    catalog_path = None
    if catalog is not None:
        if not isinstance(catalog, str):
            raise ScenarioInvalid("expected a file name", key="catalog")
        catalog_path = (path.parent / catalog).resolve()
        if not catalog_path.is_file():
            raise ScenarioInvalid(f"catalog file not found: {catalog_path}", key="catalog")
    steps_raw = raw.get("steps")
    if not isinstance(steps_raw, list) or not steps_raw:
        raise ScenarioInvalid("'steps' must be a non-empty list", key="steps")
    steps = []
    for index, item in enumerate(steps_raw):
        if not isinstance(item, dict) or len(item) != 1:
            raise ScenarioInvalid("every step is a mapping with exactly one key", index)
        ((kind, value),) = item.items()
        kind = str(kind)
        if kind not in SPEC_STEPS:
            raise ScenarioInvalid(f"unknown step {kind!r}", index, kind)
        if kind not in PLAYABLE:
            raise ScenarioInvalid(f"step {kind!r} is not supported by this build yet", index, kind)
        steps.append(Step(index, kind, _validate_step(index, kind, value)))
    name = raw.get("name") or path.stem
    return Scenario(str(name), path, tuple(steps), catalog_path, config)
