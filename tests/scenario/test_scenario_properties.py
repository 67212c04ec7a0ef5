"""Property: any YAML gives either a scenario ready to run or ``ScenarioInvalid`` (exit code 2) with a short
message, in bounded memory — fragments of real steps, anchors and aliases, odd scalars and deep nesting
included (issue 7)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.scenario.schema import Scenario, ScenarioInvalid, load_scenario

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"

SCALARS = ["1", "-1", "0", "1.5", ".nan", ".inf", "true", "null", "~", '"4006381333931"', "4006381333931",
           "9" * 60, '"30s"', "2m", "ATTRACT", "[SCANNING]", "{}", "[]", '"12.34"', "card", "approve", "ru",
           "*a", "&a [x, y, z]", "&a [*a]", "!!binary aGk=", "!!python/object:os.system x", "'", '"\\x00"',
           "{code: '1', via: hid}", "{line: 1}", "{method: card}", "{state: ATTRACT, lines: 0}"]  # fmt: skip
KEYS = ["scan", "key_in", "void", "pay", "wait", "help", "language", "device", "expect", "place", "nope", "1"]
TOP = ["name", "catalog", "config", "staff", "steps", "x"]

scalar = st.sampled_from(SCALARS)
step = st.builds(lambda k, v: f"  - {k}: {v}\n", st.sampled_from(KEYS), scalar)
document = st.builds(
    lambda top, steps, extra: "".join(f"{k}: {v}\n" for k, v in top) + "steps:\n" + "".join(steps) + extra,
    st.lists(st.tuples(st.sampled_from(TOP), scalar), max_size=3),
    st.lists(step, max_size=6),
    st.sampled_from(["", "[[[[", "\t", ": :", "- - -", "\n---\nx: 1\n", "&b " + "[*a, *a] " * 3]),
)


def check(path: Path, text: str | bytes) -> None:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    tracemalloc.start()
    try:
        scenario = load_scenario(path, CONFIG)
    except ScenarioInvalid as exc:
        assert len(str(exc)) <= 600, str(exc)[:200]
        return
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 20_000_000
    assert isinstance(scenario, Scenario) and scenario.steps and isinstance(scenario.name, str)


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scenario") / "s.yaml"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=document)
@example(text="steps:\n  - expect: {state: [SCANNING]}\n")
@example(text="name: [1]\nsteps:\n  - wait: 1s\n")
def test_any_yaml_is_a_scenario_or_a_short_refusal(path: Path, text: str) -> None:
    check(path, text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=80))
def test_any_bytes_are_a_scenario_or_a_short_refusal(path: Path, raw: bytes) -> None:
    check(path, raw)
