"""A scenario's ``catalog:`` checked when the file is loaded, by importing it into a throwaway in-memory
database: a bad catalog is an invalid scenario (exit 2, key ``catalog``), not a run that breaks at start.

The message names the line, the column and the reason, never a value from the file: a scenario names the
file, and whatever it names must not be echoed into a report or a CI log.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.config import KioskConfig

REASON_MAX = 80


def check_catalog(path: Path, config: KioskConfig) -> str | None:
    """None if ``path`` imports cleanly with ``config``'s currency and defaults, else what is wrong."""
    from kiosk.catalog.csvrows import OPTIONAL, REQUIRED, CatalogImportError
    from kiosk.catalog.importer import import_catalog_csv
    from kiosk.persistence import Database

    with Database.open("sqlite://") as database:
        try:
            import_catalog_csv(
                database,
                path,
                currency=config.lane.currency,
                default_tax_rate=config.taxes.rate,
                default_weight_tol_g=config.taxes.default_weight_tol_g,
                workers=1,
            )
        except CatalogImportError as exc:
            if not exc.errors:
                return "refused"
            first = exc.errors[0]
            known = first.column in (*REQUIRED, *OPTIONAL) or re.fullmatch(
                r"name_[a-z]{2,3}", first.column or ""
            )
            where = f"line {first.line}" + (f", column {first.column}" if known else "")
            reason = first.reason.split(":")[0][:REASON_MAX]  # reasons may quote the value after a colon
            more = f" (and {len(exc.errors) - 1} more)" if len(exc.errors) > 1 else ""
            return f"{where}: {reason}{more}"
    return None
