"""The JSON report of a scenario run, exactly as shared/specs/scenario.md describes it. Money as strings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from drivers.base import Device
from kiosk.domain import Money
from kiosk.lane.snapshot import LaneSnapshot


@dataclass(frozen=True, slots=True)
class StepResult:
    index: int
    step: str
    ok: bool
    ms: float
    error: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "step": self.step,
            "ok": self.ok,
            "ms": round(self.ms, 3),
            "error": self.error,
        }


def sale_json(view: LaneSnapshot, status: str, lane_state: str) -> dict[str, Any]:
    """``status``: open, paid, voided or suspended. ``state``: COMPLETE for a paid sale, else the lane's
    state now (a voided basket's lane is back in ATTRACT, not in the SCANNING it was voided from)."""
    currency = view.currency
    zero = Money.zero(currency).to_decimal_string()
    return {
        "id": view.sale_id,
        "status": status,
        "state": "COMPLETE" if status == "paid" else lane_state,
        "currency": currency,
        "lines": [
            {
                "n": line.n,
                "sku": line.sku,
                "name": line.name,
                "barcode": line.barcode,
                "quantity": line.quantity,
                "weight_g": line.weight_g,
                "unit_price": line.unit_price.to_decimal_string(),
                "amount": line.amount.to_decimal_string(),
                "tax_rate": line.tax_rate.key,
                "voided": line.voided,
            }
            for line in view.lines
        ],
        "totals": {
            "gross": view.total.to_decimal_string(),
            "tax": {rate.key: amount.to_decimal_string() for rate, amount in view.tax},
            "discount": zero,
        },
        "tenders": [
            {
                "method": t.method,
                "amount": t.amount.to_decimal_string(),
                "status": t.status.value,
                "masked_pan": t.masked_pan,
                "auth_code": t.auth_code,
                "reference": t.reference,
            }
            for t in view.tenders
        ],
        "change": zero,
        "interventions": [],
        "fiscal": [],
        "receipt_text": "",
        "survey": None,
    }


def devices_json(devices: Mapping[str, Device]) -> dict[str, Any]:
    return {name: {"state": d.state.value, "power": d.power.value} for name, d in devices.items()}
