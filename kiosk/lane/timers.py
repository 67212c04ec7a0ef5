"""The lane's timers: named deadlines on the injected clock's monotonic time, fired by ``Tick``.

Nothing here sleeps or starts a thread: a ``Tick`` asks :meth:`Timers.due`, which returns the timers whose
deadline has passed (each fires once). Waiting is therefore a state plus a deadline — scenarios advance a
manual clock and the same code runs.
"""

from __future__ import annotations

import enum


class Timer(enum.StrEnum):
    INACTIVITY_WARNING = "inactivity_warning"  # unpaid basket untouched → "are you still there?"
    INACTIVITY_VOID = "inactivity_void"  # no answer to the warning → the basket is voided
    EMPTY_SALE = "empty_sale"  # started, nothing scanned → back to attract
    THANK_YOU = "thank_you"  # thank-you screen → attract
    PAYMENT = "payment"  # no answer from the tender → ask it to abort
    PAYMENT_ABORT = "payment_abort"  # no answer to the abort either → the attempt is uncertain
    PAYMENT_QUERY = "payment_query"  # ask an uncertain attempt's provider again


class Timers:
    def __init__(self) -> None:
        self._deadlines: dict[Timer, float] = {}

    def set(self, timer: Timer, deadline: float) -> None:
        self._deadlines[timer] = deadline

    def cancel(self, *timers: Timer) -> None:
        for timer in timers:
            self._deadlines.pop(timer, None)

    def deadline(self, timer: Timer) -> float | None:
        return self._deadlines.get(timer)

    def due(self, now: float) -> tuple[Timer, ...]:
        """The timers whose deadline is at or before ``now``, in declaration order; each is removed."""
        if not self._deadlines:
            return ()
        fired = tuple(t for t in Timer if self._deadlines.get(t, now + 1) <= now)
        self.cancel(*fired)
        return fired
