"""The provider interface and the router from tender method to provider."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class TenderResult:
    """The outcome of one attempt. ``masked_pan`` is BIN + last four at most; never a full card number."""

    attempt_id: str
    approved: bool
    amount_minor: int
    auth_code: str = ""
    reference: str = ""
    masked_pan: str = ""
    reason: str = ""  # why it was declined, as a short code


ResultCallback = Callable[[TenderResult], None]


class TenderProvider(Protocol):
    def start(
        self, attempt_id: str, sale_id: str, amount_minor: int, currency: str, on_result: ResultCallback
    ) -> None:
        """Begin an authorisation. Must not block for long: answer later through ``on_result``."""


class UnknownTender(LookupError):
    """No provider is configured for the tender method the shopper chose."""


class TenderRouter:
    def __init__(self, providers: Mapping[str, TenderProvider]) -> None:
        self._providers = dict(providers)

    def provider(self, method: str) -> TenderProvider:
        try:
            return self._providers[method]
        except KeyError:
            raise UnknownTender(f"no provider for tender method {method!r}") from None
