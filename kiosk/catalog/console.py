"""The terminal face of ``kiosk catalog import``: a progress bar while it runs, a readable error list after."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kiosk.catalog.csvrows import CatalogImportError, RowError
from kiosk.catalog.importer import ImportReport, import_catalog_csv
from kiosk.catalog.writer import CatalogBusyError
from kiosk.domain import TaxRate
from kiosk.persistence.database import Database

ERRORS_SHOWN: Final = 50


def print_errors(console: Console, errors: tuple[RowError, ...], title: str) -> None:
    """The first :data:`ERRORS_SHOWN` errors, one per line, then how many more there are."""
    console.print(f"[bold red]{title}[/]")
    for error in errors[:ERRORS_SHOWN]:
        column = error.column or "(row)"
        value = f" [dim]{escape(error.shown)}[/]" if error.value else ""
        console.print(f"  line {error.line:>7}  {column:<14} {error.reason}{value}", highlight=False)
    if len(errors) > ERRORS_SHOWN:
        console.print(f"  … and {len(errors) - ERRORS_SHOWN} more")


def run_import(
    db: Database,
    path: str | Path,
    *,
    currency: str,
    default_tax_rate: TaxRate,
    default_weight_tol_g: int,
    skip_invalid: bool = False,
    ignore_unknown: bool = False,
    console: Console,
) -> ImportReport | None:
    """Import with a progress bar (rows read, then the write); returns the report, or ``None`` after printing
    why nothing was imported (the file was refused, or another writer kept the catalog locked)."""
    name = Path(path).name
    try:
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(f"Reading {name}", total=None)

            def show(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)
                if done == total:  # read and checked: the write follows, a few statements with no steps
                    bar.update(task, description=f"Writing {name}")

            report = import_catalog_csv(
                db,
                path,
                currency=currency,
                default_tax_rate=default_tax_rate,
                default_weight_tol_g=default_weight_tol_g,
                skip_invalid=skip_invalid,
                ignore_unknown=ignore_unknown,
                progress=show,
                notice=lambda text: bar.console.print(f"[yellow]{text}[/]", highlight=False),
            )
    except CatalogImportError as refused:
        rows = "" if refused.total_rows is None else f" in {refused.total_rows} row(s)"
        print_errors(console, refused.errors, f"Nothing imported: {len(refused.errors)} error(s){rows}.")
        return None
    except CatalogBusyError as busy:
        console.print(f"[bold red]Nothing imported:[/] {busy}", highlight=False)
        return None
    console.print(
        f"[green]Imported {report.imported} product(s)[/] from {report.total_rows} row(s) into "
        f"{report.database}: {report.created} new, {report.updated} changed, {report.unchanged} unchanged; "
        f"{report.barcodes_written} barcode(s) written, in {report.seconds:.1f} s.",
        highlight=False,
    )
    if report.skipped:
        print_errors(console, report.skipped, f"Skipped {len(report.skipped)} invalid value(s):")
    return report
