"""The provider interface and the router from tender method to provider.

A provider carries one attempt at a time per id the lane chose (and journaled) before calling it. What a
provider's failure means depends on whether anything left the kiosk: :class:`TenderNotSent` says nothing was
sent (the attempt is simply declined); any other exception from ``start`` means the request may have reached
the terminal or host, so the attempt is *uncertain* and its outcome is asked of the provider
(:meth:`TenderProvider.status`) — never retried blindly, never assumed (payments.md §9–10).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class TenderResult:
    """The outcome of one attempt. ``masked_pan`` is BIN + last four at most; never a full card number.

    ``uncertain``: the provider cannot say yet (the request is in progress, the link broke); ask again.
    """

    attempt_id: str
    approved: bool
    amount_minor: int
    auth_code: str = ""
    reference: str = ""
    masked_pan: str = ""
    reason: str = ""  # why it was declined (or is uncertain), as a short code
    uncertain: bool = False


ResultCallback = Callable[[TenderResult], None]


class TenderNotSent(Exception):
    """Raised by a provider that failed before anything reached the terminal or host: nothing was charged."""


class TenderProvider(Protocol):
    def start(
        self, attempt_id: str, sale_id: str, amount_minor: int, currency: str, on_result: ResultCallback
    ) -> None:
        """Begin an authorisation. Must not block for long: answer later through ``on_result``."""

    def abort(self, attempt_id: str) -> None:
        """Ask to stop the attempt if it has not completed. Its result still arrives through ``on_result`` of
        :meth:`start` — an abort can lose the race against an approval (payments.md §5.5)."""

    def status(self, attempt_id: str, on_result: ResultCallback) -> None:
        """How did ``attempt_id`` end? Approved or declined with the original data; an attempt the provider
        never received is declined (``reason="not_found"``, safe to pay again); still running: uncertain."""


class UnknownTender(LookupError):
    """No provider is configured for the tender method the shopper chose."""


class TenderRouter:
    def __init__(self, providers: Mapping[str, TenderProvider]) -> None:
        self._providers = dict(providers)

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(self._providers)

    def provider(self, method: str) -> TenderProvider:
        try:
            return self._providers[method]
        except KeyError:
            raise UnknownTender(f"no provider for tender method {method!r}") from None
