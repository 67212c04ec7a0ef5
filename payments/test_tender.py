"""An in-process tender that answers at once — the stand-in until the real card terminal arrives.

It is what ``kiosk demo`` and scenario ``pay: {method: card}`` use today. ``outcome`` lets a scenario script
a decline. It never sees card data; the masked PAN it reports is a fixed test value.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from payments.tender import ResultCallback, TenderResult

TEST_MASKED_PAN = "489537******1234"


@dataclass
class InstantTestTender:
    """Approves (or, when ``next_outcome`` says so, declines) every attempt immediately."""

    next_outcome: str = "approve"
    _sequence: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    approved_minor: dict[str, int] = field(default_factory=dict)  # sale id → total approved

    def start(
        self, attempt_id: str, sale_id: str, amount_minor: int, currency: str, on_result: ResultCallback
    ) -> None:
        outcome, self.next_outcome = self.next_outcome, "approve"
        number = next(self._sequence)
        if outcome == "approve":
            self.approved_minor[sale_id] = self.approved_minor.get(sale_id, 0) + amount_minor
            on_result(
                TenderResult(
                    attempt_id,
                    True,
                    amount_minor,
                    auth_code=f"{number:06d}",
                    reference=f"TEST{number:08d}",
                    masked_pan=TEST_MASKED_PAN,
                )
            )
        else:
            on_result(TenderResult(attempt_id, False, amount_minor, reason=outcome))
