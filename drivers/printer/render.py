"""A :class:`drivers.contracts.ReceiptDocument` as the ESC/POS bytes of one job, built with python-escpos.

python-escpos's ``Dummy`` printer collects what its API would send (the design guide's example 1): it picks
the ``ESC t`` number of the configured code page from the printer's capability profile (PC866 is 17 on Epson,
other numbers on other models), and emits native ``GS ( k`` QR codes. Two things are written here instead:
1-D barcodes, because python-escpos 3.1 ``barcode()`` prints "Using hardware barcode renderer" to stdout
(which would corrupt ``kiosk diag``'s JSON), and the blank line around the QR code, which printers do not add
(without that quiet zone phones fail to read it). python-escpos is imported lazily: it costs ~165 ms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drivers.contracts import Align, ReceiptCode, ReceiptDocument, TextLine

INIT = b"\x1b@"  # ESC @
GS_R_PAPER = b"\x1dr\x01"  # GS r 1: transmit paper sensor status, answered in queue order


@dataclass(frozen=True, slots=True)
class RenderSettings:
    profile: str = "TM-T88V"  # python-escpos capability profile (code page numbers, columns, cutter)
    codepage: str = "CP866"
    qr_module: int = 6  # dots per QR module: 6 reads well from 80 mm paper
    feed_before_cut: int = 4


class ReceiptRenderer:
    def __init__(self, settings: RenderSettings) -> None:
        self.settings = settings

    def _printer(self) -> Any:
        from escpos.printer import Dummy  # lazily: python-escpos is a slow import

        printer = Dummy(profile=self.settings.profile)
        printer._raw(INIT)  # first: ESC @ resets the code table, so ESC t must come after it
        printer.charcode(self.settings.codepage)
        return printer

    def render(self, document: ReceiptDocument) -> bytes:
        p = self._printer()
        for block in document.blocks:
            if isinstance(block, TextLine):
                p.set(
                    align=block.align.value,
                    bold=block.bold,
                    double_width=block.double,
                    double_height=block.double,
                    normal_textsize=not block.double,
                )
                p.textln(block.text)
            else:
                p.set(align=block.align.value, bold=False, normal_textsize=True)
                self._code(p, block)
        if document.cut:
            p.set(align="left", bold=False, normal_textsize=True)
            p._raw(b"\x1bd" + bytes([self.settings.feed_before_cut]) + b"\x1dV\x00")  # ESC d n, GS V 0
        return bytes(p.output)

    def _code(self, p: Any, code: ReceiptCode) -> None:
        if code.kind == "qr":
            p.ln()
            p.qr(code.data, native=True, size=self.settings.qr_module)
            p.ln(2)
            return
        p._raw(barcode_bytes(code.kind, code.data))


def barcode_bytes(kind: str, data: str) -> bytes:
    """GS H 2 (HRI below), GS h 80 (10 mm), GS w 2, then GS k function B (counted data):
    m = 67 EAN-13 (12 or 13 digits), m = 73 CODE128 with code set B selected (``{B``)."""
    if kind == "ean13":
        if not (data.isdigit() and len(data) in (12, 13)):
            raise ValueError(f"EAN-13 needs 12 or 13 digits, got {data!r}")
        m, payload = 67, data.encode("ascii")
    elif kind == "code128":
        m, payload = 73, b"{B" + data.encode("ascii")
    else:
        raise ValueError(f"unknown code kind {kind!r}; known: qr, ean13, code128")
    if len(payload) > 255:
        raise ValueError("bar code data too long")
    return b"\x1dH\x02\x1dh\x50\x1dw\x02\x1dk" + bytes([m, len(payload)]) + payload + b"\n"


def health_ticket(name: str, port: str) -> ReceiptDocument:
    """The EXTERNAL health check's test ticket: both alphabets, so a wrong code page shows at once."""
    return ReceiptDocument(
        (
            TextLine("TEST / ТЕСТ", Align.CENTER, bold=True, double=True),
            TextLine(f"{name} on {port}", Align.CENTER),
            TextLine("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"),
            TextLine("0123456789 abcdefghijklmnopqrstuvwxyz"),
        )
    )
