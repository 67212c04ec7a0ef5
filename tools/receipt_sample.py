"""Print the 40-line sample receipt through the real ESC/POS driver to the printer simulator, check its QR
code reads back with zxing-cpp, and save the simulator's PNG to docs/screenshots/receipt_sample.png.

    .venv/bin/python tools/receipt_sample.py [--out PATH]
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

import zxingcpp

from drivers.base import DeviceEvent, OutputCompleted
from drivers.contracts import ReceiptCode
from drivers.printer.escpos_printer import EscPosPrinter
from drivers.printer.sample import sample_receipt
from drivers.printer.settings import EscPosPrinterSettings
from simulators.printer import ReceiptPrinterSimulator

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "receipt_sample.png"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    document = sample_receipt()
    with ReceiptPrinterSimulator() as sim:
        printer = EscPosPrinter("printer", EscPosPrinterSettings(port=sim.url))
        printed = threading.Event()

        def on_event(event: DeviceEvent) -> None:
            if isinstance(event, OutputCompleted):
                printed.set()

        printer.subscribe(on_event)
        printer.start()
        try:
            printer.print_receipt("sample", document)
            if not printed.wait(30):
                raise SystemExit("the printer simulator did not confirm the sample receipt")
        finally:
            printer.close()
        receipt = sim.receipts[-1]
    expected = next(block.data for block in document.blocks if isinstance(block, ReceiptCode))
    read = [r.text for r in zxingcpp.read_barcodes(receipt.image)]
    if expected not in read:
        raise SystemExit(f"the QR code does not read back: {read}")
    receipt.save_png(args.out)
    print(f"wrote {args.out} ({receipt.image.width}×{receipt.image.height}, QR reads {expected!r})")


if __name__ == "__main__":
    main()
