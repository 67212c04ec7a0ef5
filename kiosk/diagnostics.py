"""``kiosk diag``: what a technician asks of each configured device — state, power, health, statistics.

Runs without the lane: each device is opened, given a moment to connect, checked and closed. With
``simulate`` every device with a simulator is checked against it (a self-test of the driver stack);
``unplug`` names roles whose simulator is unplugged before the check, so a technician (and the tests) can
see what a missing device looks like: the report marks it unhealthy and names it in ``unhealthy``.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import asdict
from typing import Any

from drivers.base import Device, DeviceEvent, HealthLevel, PowerState, StatusUpdated
from drivers.registry import DriverRegistry
from kiosk.config.model import KioskConfig
from kiosk.simulation import SIMULATORS

CONNECT_WAIT_S = 3.0


def _start_and_settle(device: Device, timeout_s: float) -> None:
    """Start the device and wait until it has said whether it is reachable (its first power report)."""
    reported = threading.Event()

    def on_event(event: DeviceEvent) -> None:
        if isinstance(event, StatusUpdated):
            reported.set()

    device.subscribe(on_event)
    device.start()
    if device.power is PowerState.UNKNOWN:
        reported.wait(timeout_s)


def diagnose(device: Device, external: bool) -> dict[str, Any]:
    levels = [HealthLevel.INTERNAL] + ([HealthLevel.EXTERNAL] if external else [])
    results = [device.check_health(level) for level in levels]
    stats = device.statistics()
    info = asdict(stats.info)
    info["category"] = str(stats.info.category)
    return {
        "state": device.state.value,
        "power": device.power.value,
        "health": {
            "ok": all(r.ok for r in results),
            "checks": [{"level": r.level.name, "ok": r.ok, "text": r.text} for r in results],
        },
        "info": info,
        "counters": stats.counters,
    }


def run_diagnostics(
    config: KioskConfig, *, simulate: bool, external: bool, unplug: Collection[str] = ()
) -> dict[str, Any]:
    unknown = sorted(set(unplug) - set(config.devices))
    if unknown:
        raise ValueError(f"--unplug: no device role {unknown[0]!r}; configured: {', '.join(config.devices)}")
    if unplug and not simulate:
        raise ValueError("--unplug needs --simulate: only a simulator can be unplugged from here")
    registry = DriverRegistry.default()
    report: dict[str, Any] = {"lane": config.lane.id, "devices": {}}
    for name, device_config in config.devices.items():
        simulator = None
        port = device_config.port
        spec = SIMULATORS.get(device_config.simulator or "")
        if simulate and spec is not None:
            simulator = spec.start(device_config.settings, None)
            port = simulator.url
            if name in unplug:  # stop it: its port is simply not there, as with a pulled USB cable
                simulator.close()
                simulator = None
        try:
            device = registry.create(device_config.driver, name, {"port": port, **device_config.settings})
            try:
                _start_and_settle(device, CONNECT_WAIT_S)
                report["devices"][name] = diagnose(device, external)
            finally:
                device.close()
        except ValueError as exc:
            report["devices"][name] = {"health": {"ok": False, "checks": [], "error": str(exc)}}
        finally:
            if simulator is not None:
                simulator.close()
    report["unhealthy"] = [name for name, device in report["devices"].items() if not device["health"]["ok"]]
    return report
