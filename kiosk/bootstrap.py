"""The production composition root: builds every service of a lane from the validated configuration.

``build_services`` returns a frozen :class:`Services` record; nothing else in the project constructs drivers,
databases or the lane, and there are no module globals. Order matters and is the durability order: the
lane lock, the database and journal, then recovery of an unfinished sale, then devices, then the lane's
thread.

This module is what ``kiosk run`` starts, so it imports no simulator and no test tender (an import-linter
contract keeps it so): a production lane offers a tender only where a provider drives a configured device.
The demo, scenarios and tests put stand-ins in place of the world through :mod:`kiosk.simulated`, which
hands them in as :class:`StandIns`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from drivers.base import Device
from drivers.contracts import LaneLight
from drivers.registry import DriverRegistry
from kiosk.catalog.demo import import_seed_catalog
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
from payments.tender import TenderProvider, TenderRouter

if TYPE_CHECKING:  # types only: a production start-up never loads a simulator or the test tender
    from kiosk.simulation import RunningSimulator
    from payments.test_tender import InstantTestTender

log = logging.getLogger(__name__)

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
class StandIns:
    """What a demo, a scenario or a test puts in place of the world (built by :mod:`kiosk.simulated`).

    ``device_ports``: device name → the port URL of the simulator standing in for it. ``tenders``: the
    providers to offer. ``seed_catalog``: imported when the catalog is empty. The simulators are closed with
    the services, after the devices talking to them.
    """

    device_ports: Mapping[str, str]
    simulators: Mapping[str, RunningSimulator]
    tenders: Mapping[str, TenderProvider]
    test_tender: InstantTestTender | None
    seed_catalog: Path | None


@dataclass(frozen=True)
class Services:
    config: KioskConfig
    database: Database
    catalog_database: Database
    catalog: CatalogRepository
    journal: SaleJournal
    lane: Lane
    clock: Clock
    devices: Mapping[str, Device]
    test_tender: InstantTestTender | None = None
    simulators: Mapping[str, RunningSimulator] = field(default_factory=dict)
    _closers: list[Callable[[], None]] = field(default_factory=list)

    @property
    def scanner_simulator(self) -> RunningSimulator | None:
        """The simulator behind the primary scanner, when simulated (the demo's control panel uses it)."""
        return self.simulators.get("scanner")

    @property
    def printer_simulator(self) -> RunningSimulator | None:
        """The simulator behind the receipt printer, when simulated (the control panel sets its faults)."""
        return self.simulators.get("printer")

    @property
    def camera_simulator(self) -> RunningSimulator | None:
        """The simulator behind the camera scanner, when simulated (the control panel holds codes up to it)."""
        return self.simulators.get("camera")

    @property
    def terminal_simulator(self) -> RunningSimulator | None:
        """The simulator behind the card terminal, when simulated (the control panel scripts its outcomes)."""
        return self.simulators.get("terminal")

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
    clock: Clock | None = None,
    tick: bool = True,
    catalog_csv: Path | None = None,
    registry: DriverRegistry | None = None,
    stand_ins: StandIns | None = None,
) -> Services:
    """Build and start a lane on the configured devices (or on ``stand_ins``, see :mod:`kiosk.simulated`).

    One lane per data folder: ``lock`` (taken early by the CLI) or else a lock on ``data_dir`` (default: the
    data folder) is held from before the journal opens until :meth:`Services.close`; a folder another live
    process holds raises :class:`~kiosk.datafolder.DataFolderInUse` before anything is opened.

    ``catalog_csv``: import this file first (scenarios). ``tick``: run the real-time ticker (off when a
    scenario drives a manual clock).
    """
    closers: list[Callable[[], None]] = []
    if stand_ins is not None:
        closers.extend(simulator.close for simulator in stand_ins.simulators.values())
    try:
        lock = lock or DataFolderLock.acquire(data_dir or data_folder())
        closers.append(lock.release)
        return _build(
            config, closers, database_url, lock.folder, clock or SystemClock(), tick, catalog_csv,
            registry or DriverRegistry.default(), stand_ins,
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
    clock: Clock,
    tick: bool,
    catalog_csv: Path | None,
    registry: DriverRegistry,
    stand_ins: StandIns | None,
) -> Services:
    sales_url, catalog_url = storage_urls(config, database_url, folder)
    database = Database.open(sales_url)
    closers.append(database.close)
    catalog_database = database if catalog_url == sales_url else Database.open(catalog_url)
    if catalog_database is not database:
        closers.append(catalog_database.close)
    currency = config.lane.currency
    seed = stand_ins.seed_catalog if stand_ins is not None else None
    source = catalog_csv or (seed if seed is not None and product_count(catalog_database) == 0 else None)
    if source is not None:  # the seed (demo) catalog's prices in the lane's currency, whatever its decimals
        load: Callable[..., object] = import_catalog_csv if catalog_csv is not None else import_seed_catalog
        load(
            catalog_database,
            source,
            currency=currency,
            default_tax_rate=config.taxes.rate,
            default_weight_tol_g=config.taxes.default_weight_tol_g,
        )
    catalog = CatalogRepository(catalog_database)
    closers.append(catalog.close)
    journal = SaleJournal(database, config.lane.id)
    closers.append(journal.close)
    device_ports = stand_ins.device_ports if stand_ins is not None else {}
    devices: dict[str, Device] = {}
    for name, device_config in config.devices.items():
        port = device_ports.get(name, device_config.port)
        settings = {"port": port, **device_config.settings} if port else dict(device_config.settings)
        try:
            devices[name] = registry.create(device_config.driver, name, settings)
        except ValueError as exc:
            raise ValueError(f"devices.{name}: {exc}") from exc
        closers.append(devices[name].close)
    light = devices.get("light")
    # A production lane offers a tender only where a provider drives a configured device. None does yet
    # (the card tender over the terminal comes with the payments capability), so `kiosk run` offers none.
    lane = Lane(
        settings=lane_settings(config),
        catalog=catalog,
        journal=journal,
        tenders=TenderRouter(stand_ins.tenders if stand_ins is not None else {}),
        clock=clock,
        light=light if isinstance(light, LaneLight) else None,  # driven through the lane's device port
    )
    lane.recover()  # reconcile before any device can post a scan
    for device in devices.values():
        forward_device_events(device, lane.post)
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
        devices=devices,
        test_tender=stand_ins.test_tender if stand_ins is not None else None,
        simulators=stand_ins.simulators if stand_ins is not None else {},
        _closers=closers,
    )
