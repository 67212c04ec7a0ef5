"""Executors of the outbound device port: each carries out one kind of command and answers by message.

They run on the ``lane-devices`` worker (see :mod:`kiosk.lane.outbound`). A tender provider that raises is
answered here, once: :class:`~payments.tender.TenderNotSent` means nothing left the kiosk (declined); any other
exception from ``start`` means the request may have been sent (uncertain — asked of the provider later).
Receipt and fiscal jobs are no-ops that succeed until the receipts and fiscal issue gives them a device.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from drivers.contracts import LaneLight
from kiosk.lane import messages as m
from kiosk.lane.outbound import (
    AbortPayment,
    Authorize,
    DeviceCommand,
    Executor,
    Post,
    PrintReceipt,
    QueryPayment,
    RegisterFiscal,
    SetLight,
)
from payments.tender import TenderNotSent, TenderResult, TenderRouter, UnknownTender

log = logging.getLogger(__name__)


def result_message(result: TenderResult) -> m.Message:
    """A provider's answer as the lane message it means."""
    if result.approved:
        return m.PaymentApproved(
            result.attempt_id, result.amount_minor, result.auth_code, result.reference, result.masked_pan
        )
    if result.uncertain:
        return m.PaymentUncertain(result.attempt_id, result.reason or "unknown")
    return m.PaymentDeclined(result.attempt_id, result.reason or "declined")


class TenderExecutors:
    """Authorise, abort and status of the configured tenders."""

    def __init__(self, router: TenderRouter) -> None:
        self._router = router

    def authorize(self, command: Authorize, post: Post) -> None:
        def on_result(result: TenderResult) -> None:
            post(result_message(result))

        try:
            provider = self._router.provider(command.method)
            provider.start(
                command.attempt_id, command.sale_id, command.amount_minor, command.currency, on_result
            )
        except (TenderNotSent, UnknownTender) as exc:
            log.warning("payment not sent", extra={"attempt_id": command.attempt_id, "error": str(exc)})
            post(m.PaymentDeclined(command.attempt_id, "not_sent"))
        except Exception:
            log.exception("payment provider failed after sending", extra={"attempt_id": command.attempt_id})
            post(m.PaymentUncertain(command.attempt_id, "provider_error"))

    def abort(self, command: AbortPayment, post: Post) -> None:
        try:
            self._router.provider(command.method).abort(command.attempt_id)
        except Exception:
            # The attempt's own answer (or its abort timer) still decides; nothing to post here.
            log.exception("payment abort failed", extra={"attempt_id": command.attempt_id})

    def query(self, command: QueryPayment, post: Post) -> None:
        def on_result(result: TenderResult) -> None:
            post(result_message(result))

        try:
            self._router.provider(command.method).status(command.attempt_id, on_result)
        except Exception:
            log.exception("payment status enquiry failed", extra={"attempt_id": command.attempt_id})
            post(m.PaymentUncertain(command.attempt_id, "status_failed"))


def light_executor(light: LaneLight | None) -> Executor:
    def set_light(command: SetLight, post: Post) -> None:
        if light is not None:
            light.show(command.colour, blink=command.blink)

    return set_light


def finish_receipt(command: PrintReceipt, post: Post) -> None:
    post(m.FinalizingJobDone(command.job_id, ok=True))


def finish_fiscal(command: RegisterFiscal, post: Post) -> None:
    post(m.FinalizingJobDone(command.job_id, ok=True))


def default_executors(
    tenders: TenderRouter, light: LaneLight | None = None
) -> Mapping[type[DeviceCommand], Executor]:
    payments = TenderExecutors(tenders)
    return {
        Authorize: payments.authorize,
        AbortPayment: payments.abort,
        QueryPayment: payments.query,
        SetLight: light_executor(light),
        PrintReceipt: finish_receipt,
        RegisterFiscal: finish_fiscal,
    }
