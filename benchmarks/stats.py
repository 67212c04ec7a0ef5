"""Latency summaries: medians and tail percentiles by nearest rank (no interpolation between samples).

Nearest rank is what a p99 over 200 samples honestly is: the second-worst sample, not a value in between.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0 < q ≤ 1) of already sorted values, by nearest rank."""
    if not sorted_values:
        raise ValueError("no samples")
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True, slots=True)
class Distribution:
    """Summary of one set of samples, in the unit they were given in."""

    n: int
    p50: float
    p90: float
    p99: float
    p999: float
    max: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Distribution:
        ordered = sorted(samples)
        return cls(
            n=len(ordered),
            p50=percentile(ordered, 0.5),
            p90=percentile(ordered, 0.9),
            p99=percentile(ordered, 0.99),
            p999=percentile(ordered, 0.999),
            max=ordered[-1],
        )

    def scaled(self, factor: float) -> Distribution:
        """The same summary in another unit (e.g. seconds → ms)."""
        return Distribution(
            self.n,
            self.p50 * factor,
            self.p90 * factor,
            self.p99 * factor,
            self.p999 * factor,
            self.max * factor,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Distribution:
        return cls(**data)
