"""The finalizing part: the jobs a paid sale waits for before it is closed (fiscal document, receipt).

Each job has an id chosen before it is asked for, so a repeat after a crash is recognisable. Until the
receipts and fiscal issue, both jobs are no-ops that finish at once; FINALIZING is still a real waiting state:
the sale is closed in the journal only when every job is done, and a crash before that finalizes it again at
start-up (the sale is paid, so it can only go forward).
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.lane.outbound import DeviceCommand, PrintReceipt, RegisterFiscal


class Finalizing:
    def __init__(self, new_id: Callable[[], str]) -> None:
        self._new_id = new_id
        self._pending: set[str] = set()
        self.sale_id: str | None = None

    @property
    def pending(self) -> frozenset[str]:
        return frozenset(self._pending)

    def start(self, sale_id: str) -> tuple[DeviceCommand, ...]:
        """The jobs for ``sale_id``, fiscal document first (a receipt shows the fiscal block)."""
        self.sale_id = sale_id
        fiscal, receipt = RegisterFiscal(self._new_id(), sale_id), PrintReceipt(self._new_id(), sale_id)
        self._pending = {fiscal.job_id, receipt.job_id}
        return fiscal, receipt

    def done(self, job_id: str) -> bool:
        """Mark ``job_id`` finished; True when it was the last one of the sale."""
        if job_id not in self._pending:
            return False
        self._pending.discard(job_id)
        return not self._pending
