"""What is on the platter and what a scale would say about it, as a function of time.

A change of load starts a motion period of ``settle_s`` during which readings carry ±``noise_g`` of noise and
are not stable; ``motion`` forces motion (a shopper leaning on the bagging area). Gross below minus one
division is under zero; above capacity plus nine divisions is over capacity (the usual legal-for-trade
limits). Zero is accepted only when stable, without tare and within ±2 % of capacity of the zero point.
Thread-safe: the control port and the wire thread both use it.
"""

from __future__ import annotations

import enum
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


class Condition(enum.StrEnum):
    STABLE = "stable"
    MOTION = "motion"
    UNDER_ZERO = "under_zero"
    OVER_CAPACITY = "over_capacity"


@dataclass(frozen=True, slots=True)
class Weighing:
    """One reading: ``net_g`` is what the display shows (gross minus tare)."""

    condition: Condition
    gross_g: int
    net_g: int
    tare_g: int

    @property
    def at_zero(self) -> bool:
        return self.condition is Condition.STABLE and self.gross_g == 0


class ScaleModel:
    def __init__(
        self,
        *,
        capacity_g: int = 15_000,
        division_g: int = 5,
        settle_s: float = 0.3,
        noise_g: int = 3,
        seed: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity_g = capacity_g
        self.division_g = division_g
        self.settle_s = settle_s
        self.noise_g = noise_g
        self._clock = clock
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._load_g = 0
        self._zero_g = 0
        self._tare_g = 0
        self._changed_at = -settle_s
        self.motion = False

    def put(self, grams: int) -> None:
        """The platter now carries ``grams`` (negative: lighter than when it was zeroed, e.g. tray lifted)."""
        with self._lock:
            self._load_g = grams
            self._changed_at = self._clock()

    def add(self, grams: int) -> None:
        with self._lock:
            self._load_g += grams
            self._changed_at = self._clock()

    @property
    def load_g(self) -> int:
        return self._load_g

    def read(self) -> Weighing:
        with self._lock:
            return self._read()

    def _read(self) -> Weighing:
        gross = self._load_g - self._zero_g
        if gross < -self.division_g:
            condition = Condition.UNDER_ZERO
        elif gross > self.capacity_g + 9 * self.division_g:
            condition = Condition.OVER_CAPACITY
        elif self.motion or self._clock() - self._changed_at < self.settle_s:
            condition = Condition.MOTION
            gross += self._random.randint(-self.noise_g, self.noise_g)
        else:
            condition = Condition.STABLE
        return Weighing(condition, gross, gross - self._tare_g, self._tare_g)

    def zero(self) -> bool:
        with self._lock:
            reading = self._read()
            if (
                reading.condition is not Condition.STABLE
                or self._tare_g
                or abs(reading.gross_g) > self.capacity_g // 50
            ):
                return False
            self._zero_g = self._load_g
            return True

    def tare(self, preset_g: int | None = None) -> bool:
        with self._lock:
            reading = self._read()
            if preset_g is None and (reading.condition is not Condition.STABLE or reading.gross_g <= 0):
                return False
            self._tare_g = reading.gross_g if preset_g is None else preset_g
            return True

    def clear_tare(self) -> None:
        with self._lock:
            self._tare_g = 0
