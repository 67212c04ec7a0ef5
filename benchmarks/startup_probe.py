"""The cold-start probe: one fresh ``kiosk demo`` process, timed from exec to the first painted attract frame.

It makes the same calls as ``kiosk demo`` (``kiosk.cli._screen``) in the same order — configuration,
``kiosk.bootstrap``, the ``kiosk.frontends`` entry point, ``build_simulated_services``, ``ui.app.run`` —
with a timestamp between them. ``Database.open``, the demo-catalog import and ``CatalogRepository`` are wrapped
in this process only, to split ``build_services``; ``ui.app.main_window_for`` is wrapped to install the frame
watch. Nothing else is changed, so the time is the product's. The parent passes its ``perf_counter`` from just
before the spawn (CLOCK_MONOTONIC, comparable across processes on Linux) in ``BENCH_SPAWNED_AT``.

Only the standard library is imported before the measured imports: anything else here would be charged to the
kiosk. Modes: ``start`` quits at the first attract frame; ``rss`` also scans 100 items through the simulator
and reports memory after start-up and after the basket is painted.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import os  # noqa: E402 - after the first timestamp on purpose
import sys  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable  # noqa: E402
from importlib.metadata import entry_points  # noqa: E402
from typing import Any  # noqa: E402

# Modules whose presence before the first paint is worth knowing (performance.md §7: import after the frame).
WATCHED_MODULES = ("sqlalchemy", "alembic", "pydantic", "rich", "babel", "yaml", "serial", "escpos", "numpy")
RSS_LINES = 100
SETTLE_S = 1.0  # after the first frame: run()'s deferred work (Babel warm-up, control panel) finishes


class Started:
    """The services, once the worker thread has built them (the window paints before that)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.services: Any = None

    def set(self, services: Any) -> None:
        self.services = services
        self._event.set()

    def wait(self, timeout_s: float) -> Any:
        if not self._event.wait(timeout_s):
            raise RuntimeError("the services did not start")
        return self.services


class Probe:
    def __init__(self, spawned_at: float) -> None:
        self.marks: list[tuple[str, float]] = [("spawned", spawned_at), ("interpreter ready", STARTED)]
        self.spans: dict[str, float] = {}
        self.result: dict[str, Any] = {}

    def mark(self, label: str) -> None:
        self.marks.append((label, time.perf_counter()))

    def time_calls(self, owner: object, name: str, label: str) -> None:
        """Replace ``owner.name`` by a wrapper that adds its duration to ``spans[label]``."""
        original: Callable[..., Any] = getattr(owner, name)
        spans = self.spans

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spans[label] = spans.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, timed)


def main() -> None:
    probe = Probe(float(os.environ["BENCH_SPAWNED_AT"]))
    mode = sys.argv[1] if len(sys.argv) > 1 else "start"

    from kiosk import cli

    probe.mark("import kiosk.cli")
    args = cli.build_parser().parse_args(["demo", "--size", "1920x1080"])
    from kiosk.config import load_config

    config = load_config(args.config if args.config is not None else cli.default_config_dir())
    probe.mark("load configuration")
    from kiosk.lane.deferred import DeferredLane

    run = {ep.name: ep for ep in entry_points(group="kiosk.frontends")}["qt"].load()
    probe.mark("import the Qt front-end")
    started = Started()

    def start() -> Any:
        """What ``kiosk demo`` runs on its worker thread after the first frame, timed step by step."""
        begun = time.perf_counter()
        from kiosk import bootstrap, simulated

        probe.spans["import kiosk.bootstrap + simulated"] = time.perf_counter() - begun
        from kiosk.persistence.database import Database

        probe.time_calls(Database, "open", "open + migrate databases")
        probe.time_calls(bootstrap, "import_catalog_csv", "import the demo catalog")
        probe.time_calls(bootstrap, "CatalogRepository", "open the catalog (warm-up)")
        services = simulated.build_simulated_services(config, database_url=args.database)
        probe.spans["services ready, after spawn"] = time.perf_counter() - probe.marks[0][1]
        started.set(services)
        return services

    _watch_window(probe, started, mode)
    run(
        DeferredLane(config.lane.language, config.lane.currency),
        start,
        languages=config.lane.languages,
        size=args.size,
        control_panel=True,
    )

    from benchmarks.child import emit

    probe.result["marks"] = probe.marks
    probe.result["spans"] = probe.spans
    emit(probe.result)


def _watch_window(probe: Probe, started: Started, mode: str) -> None:
    """Wrap ``ui.app.main_window_for``: timestamps around it, then the first-frame watch on its window."""
    import ui.app

    original = ui.app.main_window_for

    def main_window_for(lane: Any, **kwargs: Any) -> Any:
        from PySide6.QtWidgets import QApplication

        from benchmarks.qt_probe import FirstFrameWatch, RowPaintWatch

        probe.mark("create QApplication")
        window = original(lane, **kwargs)
        probe.mark("build the kiosk window")
        window.create()  # what show() would do first; lets the watch see the very first expose
        watch = FirstFrameWatch(window, window.attract)
        watch.watch_window_handle()
        rows = RowPaintWatch(window.scanning.view)

        def on_attract_frame() -> None:
            assert watch.first_frame_at is not None and watch.screen_frame_at is not None
            probe.marks.append(("first attract frame painted", watch.screen_frame_at))
            probe.result["first_frame_at"] = watch.first_frame_at
            probe.result["modules_before_paint"] = len(sys.modules)
            probe.result["watched_modules_before_paint"] = [
                name for name in WATCHED_MODULES if name in sys.modules
            ]
            app = QApplication.instance()
            assert app is not None
            _after_start(probe, started, rows, app, mode)

        watch.on_screen_frame.append(on_attract_frame)
        return window

    ui.app.main_window_for = main_window_for


def _after_start(probe: Probe, started: Started, rows: Any, app: Any, mode: str) -> None:
    """Wait for the services; then (start mode) scan one item as soon as the scanner is connected and time
    its row's paint — ready to sell — or, in RSS mode, once start-up settles, scan 100 sellable demo items
    through the simulator; then quit."""
    from PySide6.QtCore import QObject, Qt, Signal

    from benchmarks.child import memory_kb

    class Finished(QObject):
        done = Signal()

    finished = Finished(app)
    finished.done.connect(app.quit, Qt.ConnectionType.QueuedConnection)

    def shop() -> None:
        try:
            services = started.wait(30)
            products = [
                p
                for p in services.catalog.search("", 1000)
                if p.barcodes and p.sco_allowed and not p.sold_by_weight and p.age_min == 0
            ]
            scanner = services.scanner_simulator
            if not products or scanner is None or not scanner.wait_for_client(10):
                raise RuntimeError("no sellable demo products or no simulated scanner")
            if mode != "rss":  # ready to sell: the first scan the moment the scanner can send one
                rows.arm(1, after_reset=True)
                scanner.scan(products[0].barcodes[0])
                probe.result["ready_to_sell_at"] = rows.wait(30) - probe.marks[0][1]
                from kiosk.lane import messages as m

                for message in (m.PayRequested(), m.TenderChosen("card")):  # leave no sale to recover
                    services.lane.post(message)
                services.lane.wait_idle(10)
                return
            time.sleep(SETTLE_S)
            probe.result["memory_started_kb"] = memory_kb()
            rows.arm(RSS_LINES, after_reset=True)
            for i in range(RSS_LINES):
                scanner.scan(products[i % len(products)].barcodes[0])
            rows.wait(60)
            time.sleep(SETTLE_S)
            probe.result["memory_basket_kb"] = memory_kb()
        except Exception as exc:
            probe.result["error"] = repr(exc)
        finally:
            finished.done.emit()

    threading.Thread(target=shop, name="bench-shopper", daemon=True).start()


if __name__ == "__main__":
    main()
