"""An in-process tender that answers at once — the stand-in until the real card terminal arrives.

It is what ``kiosk demo``, scenarios and tests use. ``next_outcome`` scripts the next attempt the way a
scenario's ``pay: {outcome: …}`` does: ``approve``; ``timeout`` (no answer until aborted);
``comms_loss_before_auth`` (fails before sending: :class:`TenderNotSent`); ``comms_loss_after_auth`` (the
charge is made, then the link breaks: an exception after sending); anything else declines with that reason.
Its ledger (``approved_minor``) is what it actually charged, per sale — the ``charged`` a scenario expects.
It never sees card data; the masked PAN it reports is a fixed test value.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from payments.tender import ResultCallback, TenderNotSent, TenderResult

TEST_MASKED_PAN = "489537******1234"


class LinkLost(ConnectionError):
    """The scripted loss of the link after the request went out (``comms_loss_after_auth``)."""


@dataclass
class InstantTestTender:
    next_outcome: str = "approve"
    _sequence: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    approved_minor: dict[str, int] = field(default_factory=dict)  # sale id → total approved
    _results: dict[str, TenderResult] = field(default_factory=dict)  # attempt id → how it ended
    _waiting: dict[str, tuple[int, ResultCallback]] = field(default_factory=dict)  # held by ``timeout``

    def start(
        self, attempt_id: str, sale_id: str, amount_minor: int, currency: str, on_result: ResultCallback
    ) -> None:
        outcome, self.next_outcome = self.next_outcome, "approve"
        if outcome == "comms_loss_before_auth":
            raise TenderNotSent("the test tender's link is down")
        if outcome == "timeout":
            self._waiting[attempt_id] = (amount_minor, on_result)
            return
        if outcome in ("approve", "comms_loss_after_auth"):
            number = next(self._sequence)
            self.approved_minor[sale_id] = self.approved_minor.get(sale_id, 0) + amount_minor
            result = TenderResult(
                attempt_id,
                True,
                amount_minor,
                auth_code=f"{number:06d}",
                reference=f"TEST{number:08d}",
                masked_pan=TEST_MASKED_PAN,
            )
        else:
            result = TenderResult(attempt_id, False, amount_minor, reason=outcome)
        self._results[attempt_id] = result
        if outcome == "comms_loss_after_auth":
            raise LinkLost("the link broke after the request was sent")
        on_result(result)

    def abort(self, attempt_id: str) -> None:
        held = self._waiting.pop(attempt_id, None)
        if held is not None:
            amount_minor, on_result = held
            result = TenderResult(attempt_id, False, amount_minor, reason="aborted")
            self._results[attempt_id] = result
            on_result(result)

    def status(self, attempt_id: str, on_result: ResultCallback) -> None:
        if attempt_id in self._waiting:
            amount_minor, _ = self._waiting[attempt_id]
            on_result(TenderResult(attempt_id, False, amount_minor, reason="in_progress", uncertain=True))
            return
        known = self._results.get(attempt_id)
        on_result(known if known is not None else TenderResult(attempt_id, False, 0, reason="not_found"))
