"""Golden vectors for the simulated printer's status replies (``simulators.printer.status``).

Values are the Epson ESC/POS Command Reference bit tables, written as literal hex: ``DLE EOT n`` (fixed bits
1 and 4 → 0x12 idle), ``GS r n`` (bit 4 fixed 0) and ``GS a`` Automatic Status Back (devices.md §4.1–4.2).
"""

from __future__ import annotations

import pytest

from simulators.printer.status import (
    Paper,
    PrinterState,
    automatic_status,
    real_time_status,
    transmit_status,
)

IDLE = PrinterState()


@pytest.mark.parametrize(
    ("section", "n", "state", "reply"),
    [
        ("DLE EOT 1 printer status, online", 1, IDLE, "12"),
        ("DLE EOT 1 bit 2 drawer pin 3 high", 1, PrinterState(drawer_pin3_high=True), "16"),
        ("DLE EOT 1 bit 3 offline", 1, PrinterState(offline_switch=True), "1a"),
        ("DLE EOT 1 offline because the cover is open", 1, PrinterState(cover_open=True), "1a"),
        ("DLE EOT 2 offline cause, none", 2, IDLE, "12"),
        ("DLE EOT 2 bit 2 cover open, bit 6 error", 2, PrinterState(cover_open=True), "56"),
        ("DLE EOT 2 bit 5 stopped by paper end, bit 6 error", 2, PrinterState(paper=Paper.OUT), "72"),
        ("DLE EOT 3 error cause, none", 3, IDLE, "12"),
        ("DLE EOT 3 bit 3 autocutter error", 3, PrinterState(autocutter_error=True), "1a"),
        ("DLE EOT 4 roll paper sensor, paper adequate", 4, IDLE, "12"),
        ("DLE EOT 4 bits 2+3 near end", 4, PrinterState(paper=Paper.NEAR_END), "1e"),
        ("DLE EOT 4 bits 2+3 and 5+6 paper end", 4, PrinterState(paper=Paper.OUT), "7e"),
    ],
)
def test_real_time_status(section: str, n: int, state: PrinterState, reply: str) -> None:
    assert real_time_status(n, state) == bytes.fromhex(reply), section


def test_paper_end_also_reports_near_end_bits() -> None:
    """A roll that is out has passed the near-end sensor too: Epson sets bits 2, 3, 5 and 6 (0x7E).
    devices.md §4.1 quotes 0x72 for "paper out" (near-end bits clear, as on printers without that sensor);
    the driver must read both as paper out, which its own tests check."""
    assert real_time_status(4, PrinterState(paper=Paper.OUT))[0] & 0x60 == 0x60


def test_unknown_n_is_not_answered() -> None:
    assert real_time_status(5, IDLE) == b""


@pytest.mark.parametrize(
    ("n", "state", "reply"),
    [
        (1, IDLE, "00"),
        (49, PrinterState(paper=Paper.NEAR_END), "03"),
        (1, PrinterState(paper=Paper.OUT), "0f"),
        (2, PrinterState(drawer_pin3_high=True), "01"),
        (50, IDLE, "00"),
    ],
)
def test_gs_r_transmit_status(n: int, state: PrinterState, reply: str) -> None:
    assert transmit_status(n, state) == bytes.fromhex(reply)


def test_automatic_status_back() -> None:
    assert automatic_status(IDLE) == bytes.fromhex("10 00 00 00")
    assert automatic_status(PrinterState(cover_open=True)) == bytes.fromhex("38 00 00 00")
    assert automatic_status(PrinterState(paper=Paper.OUT, autocutter_error=True)) == bytes.fromhex(
        "18 08 0f 00"
    )
