"""The lane's own settings, as plain frozen data (built from the validated TOML config by the bootstrap)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain import Rounding


@dataclass(frozen=True, slots=True)
class LaneSettings:
    lane_id: str = "lane-1"
    currency: str = "RUB"
    language: str = "ru"
    languages: tuple[str, ...] = ("ru", "en")
    inactivity_warning_s: float = 60.0  # unpaid basket untouched this long → "are you still there?"
    inactivity_void_s: float = 30.0  # then this long without an answer → the basket is voided
    empty_sale_timeout_s: float = 45.0  # started but nothing scanned → back to attract
    thank_you_s: float = 8.0  # thank-you screen → attract
    # Waiting for the tender longer than this → ask it to abort. Longer than a terminal's own timeout
    # (payments.md §14: an issuer may take 120–150 s), so the lane never cuts off a payment still running.
    payment_timeout_s: float = 180.0
    payment_abort_s: float = 30.0  # no answer to the abort either → the attempt is uncertain: ask its status
    payment_query_retry_s: float = 5.0  # an uncertain attempt still unknown → ask again after this long
    rounding: Rounding = field(default_factory=Rounding)
    required_devices: tuple[str, ...] = ("scanner",)
