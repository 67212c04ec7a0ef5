"""Render every main kiosk screen offscreen to PNG, at 1920×1080 and 1024×768, in Russian and English.

Files go to docs/screenshots/ as ``<screen>_<size>.png`` (Russian, the lane's language) and
``<screen>_<size>_en.png``.

Each picture shows what ``kiosk demo`` shows: real services on the simulators with the demo catalog (a fresh
database per picture), reached the way a shopper would reach it — through lane messages.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshot.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from kiosk.bootstrap import Services
from kiosk.config import load_config
from kiosk.lane import messages as m
from kiosk.lane.clock import ManualClock
from kiosk.simulated import DEMO_CATALOG, build_simulated_services
from ui.app import main_window_for

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1920, 1080), (1024, 768))


def _basket_codes() -> list[str]:
    """Eight everyday packaged goods from the demo catalog (no age-restricted ones, which are refused)."""
    with DEMO_CATALOG.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["barcodes"] and r["age_min"] in ("", "0")]
    return [rows[i]["barcodes"].split("|")[0] for i in (0, 12, 30, 44, 55, 80, 101, 0)]


def _scan_basket(services: Services) -> None:
    for code in _basket_codes():
        services.lane.post(m.BarcodeScanned(code))
    services.lane.post(m.VoidLine(4))


def _pay(services: Services) -> None:
    _scan_basket(services)
    services.lane.post(m.PayRequested())


def _unplug(services: Services) -> None:
    simulator = services.scanner_simulator
    assert simulator is not None
    simulator.refuse_connections(True)  # type: ignore[attr-defined]
    simulator.disconnect()  # type: ignore[attr-defined]
    deadline = time.monotonic() + 5
    while not services.lane.snapshot().missing_devices and time.monotonic() < deadline:
        time.sleep(0.02)


# name → what brings a fresh lane to that screen
SCENES: dict[str, Callable[[Services], None]] = {
    "attract": lambda services: None,
    "basket": _scan_basket,
    "payment": _pay,
    "thank_you": lambda services: (_pay(services), services.lane.post(m.TenderChosen("card"))),
    "item_not_found": lambda services: (
        _scan_basket(services),
        services.lane.post(m.BarcodeScanned("4600000000017")),
    ),
    "out_of_service": _unplug,
    "device_lost_mid_sale": lambda services: (_scan_basket(services), _unplug(services)),
    "age_restricted": lambda services: (
        _scan_basket(services),
        services.lane.post(m.BarcodeScanned(_age_restricted_code())),
    ),
}
LANGUAGES = ("ru", "en")


def _age_restricted_code() -> str:
    with DEMO_CATALOG.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["barcodes"] and r["age_min"] not in ("", "0")]
    return rows[0]["barcodes"].split("|")[0]


def _services(data_dir: Path) -> Services:
    config = load_config(ROOT / "config")
    services = build_simulated_services(
        config,
        database_url=f"sqlite:///{data_dir / 'kiosk.db'}",
        data_dir=data_dir,
        clock=ManualClock(),
        tick=False,
    )
    services.wait_for_devices()
    return services


def render(out: Path) -> list[Path]:
    app = QApplication.instance() or QApplication([])
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, scene in SCENES.items():
        for (width, height), language in itertools.product(SIZES, LANGUAGES):
            with tempfile.TemporaryDirectory(prefix="kiosk-shot-") as data_dir:
                services = _services(Path(data_dir))
                try:
                    window = main_window_for(
                        services.lane, size=(width, height), store_name=services.config.store.name
                    )
                    window.show()
                    if language != services.config.lane.language:
                        services.lane.post(m.LanguageChanged(language))
                    scene(services)
                    services.lane.wait_idle()
                    for _ in range(3):  # deliver queued publications, then lay out and paint
                        app.processEvents()
                    suffix = "" if language == services.config.lane.language else f"_{language}"
                    path = out / f"{name}_{width}x{height}{suffix}.png"
                    window.grab().save(str(path))
                    window.close()
                    window.deleteLater()
                    written.append(path)
                finally:
                    services.close()
    app.processEvents()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    for path in render(parser.parse_args().out):
        print(path)


if __name__ == "__main__":
    main()
