"""The composition for ``kiosk demo``, scenarios and tests: the production lane on simulated devices.

Every configured device with a ``simulator`` key gets that simulator (``kiosk.simulation.SIMULATORS``)
started, and its real driver is pointed at the simulator's port URL; the in-process test tender stands in
for card payment; an empty catalog is seeded with the demo catalog. Everything else is exactly what
``kiosk run`` builds (:func:`kiosk.bootstrap.build_services`): this module only chooses the stand-ins, so
the production root never imports a simulator.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kiosk.bootstrap import Services, StandIns, build_services
from kiosk.config.model import KioskConfig
from kiosk.datafolder import DataFolderLock
from kiosk.lane.clock import Clock
from kiosk.simulation import SIMULATORS, RunningSimulator
from payments.test_tender import InstantTestTender

DEMO_CATALOG = Path(__file__).resolve().parent / "catalog" / "demo_catalog.csv"


def start_simulators(
    config: KioskConfig, control_ports: Mapping[str, int] | None = None
) -> dict[str, RunningSimulator]:
    """Start the simulator of every device that names one; ``control_ports``: device name → control port."""
    started: dict[str, RunningSimulator] = {}
    try:
        for name, device in config.devices.items():
            if not device.simulator:
                continue
            spec = SIMULATORS.get(device.simulator)
            if spec is None:
                raise ValueError(f"devices.{name}.simulator: unknown simulator {device.simulator!r}")
            started[name] = spec.start(device.settings, (control_ports or {}).get(name))
    except BaseException:
        for simulator in started.values():
            simulator.close()
        raise
    return started


def simulated_stand_ins(
    simulators: Mapping[str, RunningSimulator], test_tender: InstantTestTender
) -> StandIns:
    return StandIns(
        device_ports={name: simulator.url for name, simulator in simulators.items()},
        simulators=simulators,
        tenders={"card": test_tender},
        test_tender=test_tender,
        seed_catalog=DEMO_CATALOG,
    )


def build_simulated_services(
    config: KioskConfig,
    *,
    control_ports: Mapping[str, int] | None = None,
    database_url: str | None = None,
    data_dir: Path | None = None,
    lock: DataFolderLock | None = None,
    clock: Clock | None = None,
    tick: bool = True,
    catalog_csv: Path | None = None,
) -> Services:
    """:func:`~kiosk.bootstrap.build_services` on simulators (closed with the services, also on failure)."""
    return build_services(
        config,
        database_url=database_url,
        data_dir=data_dir,
        lock=lock,
        clock=clock,
        tick=tick,
        catalog_csv=catalog_csv,
        stand_ins=simulated_stand_ins(start_simulators(config, control_ports), InstantTestTender()),
    )
