"""Render every main kiosk screen offscreen to PNG, at 1920×1080 and 1024×768, into docs/screenshots/.

Each picture is reached the way a shopper would reach it: real lane messages on a real lane (in-memory
catalog and journal), so the screenshots show what the product shows.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshot.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from kiosk.lane import messages as m
from kiosk.lane.actor import Lane
from tests.ui.lanes import make_lane
from tests.ui.products import BREAD, CHOCOLATE, COFFEE, EGGS, KEFIR, MILK, WATER
from ui.app import main_window_for

SIZES = ((1920, 1080), (1024, 768))
BASKET = (MILK, BREAD, COFFEE, KEFIR, CHOCOLATE, EGGS, WATER, MILK)


def _scan_basket(lane: Lane) -> None:
    for item in BASKET:
        lane.post(m.BarcodeScanned(item.barcodes[0]))
    lane.post(m.VoidLine(4))


def _pay(lane: Lane) -> None:
    _scan_basket(lane)
    lane.post(m.PayRequested())


# name → messages that bring a fresh lane to that screen
SCENES: dict[str, Callable[[Lane], None]] = {
    "attract": lambda lane: None,
    "basket": _scan_basket,
    "payment": _pay,
    "thank_you": lambda lane: (_pay(lane), lane.post(m.TenderChosen("card"))),
    "item_not_found": lambda lane: (_scan_basket(lane), lane.post(m.BarcodeScanned("4600000000017"))),
    "out_of_service": lambda lane: lane.post(
        m.DeviceAvailabilityChanged("scanner", False, "serial port /dev/ttyUSB0 closed")
    ),
}


def render(out: Path) -> list[Path]:
    app = QApplication.instance() or QApplication([])
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, scene in SCENES.items():
        for width, height in SIZES:
            lane = make_lane()
            window = main_window_for(lane, size=(width, height))
            window.show()
            scene(lane)
            for _ in range(3):  # deliver queued publications, then lay out and paint
                app.processEvents()
            path = out / f"{name}_{width}x{height}.png"
            window.grab().save(str(path))
            window.close()
            window.deleteLater()
            written.append(path)
    app.processEvents()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    for path in render(parser.parse_args().out):
        print(path)


if __name__ == "__main__":
    main()
