"""The composition root: builds every service of a lane from the validated configuration, in one place.

``build_services`` returns a frozen :class:`Services` record; nothing else in the project constructs drivers,
databases or the lane, and there are no module globals. Order matters and is the durability order: the
database and journal first, then recovery of an unfinished sale, then devices, then the lane's thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from drivers.base import Device
from drivers.registry import DriverRegistry
from kiosk.catalog.importer import import_catalog_csv
from kiosk.catalog.repository import CatalogRepository, product_count
from kiosk.config.loader import lane_settings
from kiosk.config.model import KioskConfig
from kiosk.datafolder import DataFolderLock, data_folder
from kiosk.lane import messages as m
from kiosk.lane.actor import Lane
from kiosk.lane.clock import Clock, SystemClock
from kiosk.lane.device_adapter import forward_device_events
from kiosk.persistence import Database, SaleJournal, default_database_url
from kiosk.simulation import SIMULATORS, RunningSimulator
from payments.tender import TenderRouter
from payments.test_tender import InstantTestTender

log = logging.getLogger(__name__)

DEMO_CATALOG = Path(__file__).resolve().parent / "catalog" / "demo_catalog.csv"


CATALOG_FILE_NAME = "catalog.sqlite3"


def storage_urls(
    config: KioskConfig, database_url: str | None = None, folder: Path | None = None
) -> tuple[str, str]:
    """(sales journal URL, catalog URL). A SQLite journal gets its catalog in a sibling file, because SQLite
    has one writer at a time and a million-row import must not make a scan wait. Without a URL the journal
    is a SQLite file in ``folder`` (default: the lane's data folder)."""
    sales = database_url or config.storage.database_url or default_database_url(folder)
    if config.storage.catalog_url:
        return sales, config.storage.catalog_url
    url = make_url(sales)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return sales, str(url.set(database=str(Path(url.database).with_name(CATALOG_FILE_NAME))))
    return sales, sales


class Ticker:
    """Posts a ``Tick`` to the lane every ``period_s`` of real time (timeouts are read from the clock)."""

    def __init__(self, post: Callable[[m.Message], None], period_s: float = 0.5) -> None:
        self._post = post
        self._period_s = period_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lane-ticker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._period_s):
            self._post(m.Tick())

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2)


@dataclass(frozen=True)
class Services:
    config: KioskConfig
    database: Database
    catalog_database: Database
    catalog: CatalogRepository
    journal: SaleJournal
    lane: Lane
    clock: Clock
    test_tender: InstantTestTender
    devices: Mapping[str, Device]
    simulators: Mapping[str, RunningSimulator]
    _closers: list[Callable[[], None]] = field(default_factory=list)

    @property
    def scanner_simulator(self) -> RunningSimulator | None:
        """The simulator behind the primary scanner, when simulated (the demo's control panel uses it)."""
        return self.simulators.get("scanner")

    def wait_for_devices(self, timeout_s: float = 10.0) -> tuple[str, ...]:
        """Block until every required device is online (or the time is up); returns those still missing.

        For headless callers (scenarios, tools, tests) that must not act before the scanner is connected: a
        frame sent before the driver opened its port is lost, as on real hardware.
        """
        deadline = time.monotonic() + timeout_s
        while (missing := self.lane.snapshot().missing_devices) and time.monotonic() < deadline:
            self.lane.wait_idle(0.05)
            time.sleep(0.01)
        return missing

    def close(self) -> None:
        """Stop in reverse order of start; safe to call twice."""
        while self._closers:
            closer = self._closers.pop()
            try:
                closer()
            except Exception:
                log.exception("error while shutting down")


def build_services(
    config: KioskConfig,
    *,
    database_url: str | None = None,
    data_dir: Path | None = None,
    lock: DataFolderLock | None = None,
    simulate: bool = False,
    clock: Clock | None = None,
    tick: bool = True,
    catalog_csv: Path | None = None,
    control_ports: Mapping[str, int] | None = None,
    registry: DriverRegistry | None = None,
) -> Services:
    """Build and start a lane. ``simulate``: every device with a ``simulator`` is replaced by one.

    One lane per data folder: ``lock`` (taken early by the CLI) or else a lock on ``data_dir`` (default: the
    data folder) is held from before the journal opens until :meth:`Services.close`; a folder another live
    process holds raises :class:`~kiosk.datafolder.DataFolderInUse` before anything is opened.

    ``catalog_csv``: import this file first (scenarios); with ``simulate`` and an empty catalog the demo
    catalog is imported. ``tick``: run the real-time ticker (off when a scenario drives a manual clock).
    """
    closers: list[Callable[[], None]] = []
    try:
        lock = lock or DataFolderLock.acquire(data_dir or data_folder())
        closers.append(lock.release)
        return _build(
            config, closers, database_url, lock.folder, simulate, clock or SystemClock(), tick, catalog_csv,
            control_ports or {}, registry or DriverRegistry.default(),
        )  # fmt: skip
    except BaseException:
        for closer in reversed(closers):
            closer()
        raise


def _build(
    config: KioskConfig,
    closers: list[Callable[[], None]],
    database_url: str | None,
    folder: Path,
    simulate: bool,
    clock: Clock,
    tick: bool,
    catalog_csv: Path | None,
    control_ports: Mapping[str, int],
    registry: DriverRegistry,
) -> Services:
    sales_url, catalog_url = storage_urls(config, database_url, folder)
    database = Database.open(sales_url)
    closers.append(database.close)
    catalog_database = database if catalog_url == sales_url else Database.open(catalog_url)
    if catalog_database is not database:
        closers.append(catalog_database.close)
    currency = config.lane.currency
    if catalog_csv is not None or (simulate and product_count(catalog_database) == 0):
        import_catalog_csv(
            catalog_database,
            catalog_csv or DEMO_CATALOG,
            currency=currency,
            default_tax_rate=config.taxes.rate,
            default_weight_tol_g=config.taxes.default_weight_tol_g,
        )
    catalog = CatalogRepository(catalog_database)
    closers.append(catalog.close)
    journal = SaleJournal(database, config.lane.id)
    closers.append(journal.close)
    test_tender = InstantTestTender()
    lane = Lane(
        settings=lane_settings(config),
        catalog=catalog,
        journal=journal,
        tenders=TenderRouter({"card": test_tender}),
        clock=clock,
    )
    lane.recover()  # reconcile before any device can post a scan

    simulators: dict[str, RunningSimulator] = {}
    devices: dict[str, Device] = {}
    for name, device_config in config.devices.items():
        port = device_config.port
        if simulate and device_config.simulator:
            spec = SIMULATORS.get(device_config.simulator)
            if spec is None:
                raise ValueError(f"devices.{name}.simulator: unknown simulator {device_config.simulator!r}")
            simulator = spec.start(device_config.settings, control_ports.get(name))
            closers.append(simulator.close)
            simulators[name] = simulator
            port = simulator.url
        settings = {"port": port, **device_config.settings} if port else dict(device_config.settings)
        try:
            device = registry.create(device_config.driver, name, settings)
        except ValueError as exc:
            raise ValueError(f"devices.{name}: {exc}") from exc
        forward_device_events(device, lane.post)
        devices[name] = device
        closers.append(device.close)
        device.start()  # subscribed first, so its first "online" (or "offline") reaches the lane

    lane.start_thread()
    closers.append(lane.stop)
    if tick:
        ticker = Ticker(lane.post)
        ticker.start()
        closers.append(ticker.stop)
    return Services(
        config=config,
        database=database,
        catalog_database=catalog_database,
        catalog=catalog,
        journal=journal,
        lane=lane,
        clock=clock,
        test_tender=test_tender,
        devices=devices,
        simulators=simulators,
        _closers=closers,
    )
