"""The vocabulary shared by the benchmarks and the report: settings, one figure, one benchmark's outcome."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.child import ROOT

DATA_DIR = ROOT / "benchmarks" / ".data"


class Verdict(enum.Enum):
    PASS = "pass"
    MISS = "**MISS**"
    INFO = "info"  # context, no target of its own
    NOT_MEASURED = "**not measured**"

    @classmethod
    def of(cls, passed: bool) -> Verdict:
        return cls.PASS if passed else cls.MISS


@dataclass(frozen=True, slots=True)
class Figure:
    """One row of the results table."""

    name: str
    target: str
    result: str
    verdict: Verdict
    method: str


@dataclass(slots=True)
class Outcome:
    """What one benchmark contributes: its table rows and a markdown section with the details."""

    title: str
    figures: list[Figure] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # markdown paragraphs/tables

    @classmethod
    def failed(cls, title: str, name: str, target: str, error: Exception) -> Outcome:
        """A benchmark that could not run still gets its row: a figure never silently disappears."""
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
        return cls(
            title,
            [Figure(name, target, "–", Verdict.NOT_MEASURED, f"failed: {reason[:200]}")],
            [f"The run failed: `{reason[:500]}`"],
        )


@dataclass(frozen=True, slots=True)
class Settings:
    """Command-line knobs; the defaults are the figures' definitions, smaller values are for trying things."""

    rows: int = 1_000_000
    seed: int = 1
    lookups: int = 100_000
    samples: int = 200
    sizes: tuple[int, ...] = (100, 500, 10_000)
    starts: int = 7
    skip_import: bool = False
    data_dir: Path = DATA_DIR


def fmt_ms(value_s: float) -> str:
    return f"{value_s * 1000:.1f} ms"


def fmt_mb(value_kb: int) -> str:
    return f"{value_kb / 1024:.0f} MB"
