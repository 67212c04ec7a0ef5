"""Starting the simulators that stand in for configured devices (``kiosk demo`` and scenarios).

A device's ``simulator`` key names an entry here. The simulator is programmed like the real device would be
(same prefix, suffix, AIM setting), and the driver is pointed at the simulator's port URL — so the real driver
code runs unchanged. Only the composition root (bootstrap, scenario runner) imports this module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from drivers.terminal.zvt_tables import currency_number
from simulators.camera import CameraSimulator
from simulators.hid_scanner import HidWedgeSimulator, WedgeProgramming
from simulators.light import TowerLightSimulator
from simulators.magellan import MagellanProgramming, MagellanSimulator
from simulators.printer import ReceiptPrinterSimulator
from simulators.scale import ScaleModel, ScaleSimulator
from simulators.scanner import ScannerProgramming, SerialScannerSimulator
from simulators.terminal import ZvtTerminalSimulator


class RunningSimulator(Protocol):
    @property
    def url(self) -> str: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class SimulatorSpec:
    """How a simulator is started for a device: from the device's driver settings."""

    start: Callable[[Mapping[str, Any], int | None], RunningSimulator]


def _as_bytes(value: object, default: bytes) -> bytes:
    if value is None:
        return default
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)  # type: ignore[call-overload]


def start_serial_scanner(settings: Mapping[str, Any], control_port: int | None) -> SerialScannerSimulator:
    programming = ScannerProgramming(
        prefix=_as_bytes(settings.get("prefix"), b""),
        suffix=_as_bytes(settings.get("suffix"), b"\r"),
        aim_ids=bool(settings.get("aim_ids", True)),
    )
    return SerialScannerSimulator(transport="tcp", programming=programming, control_port=control_port)


def start_tower_light(settings: Mapping[str, Any], control_port: int | None) -> TowerLightSimulator:
    return TowerLightSimulator(transport="tcp", control_port=control_port)


def start_camera(settings: Mapping[str, Any], control_port: int | None) -> CameraSimulator:
    """10 frames a second: enough for the demo and scenarios, and the driver's motion gate keeps a still
    view from being decoded, so an idle demo costs little CPU."""
    return CameraSimulator(fps=10, control_port=control_port)


def start_escpos_printer(settings: Mapping[str, Any], control_port: int | None) -> ReceiptPrinterSimulator:
    """A healthy printer on TCP; its faults are set from the control panel or the control port."""
    return ReceiptPrinterSimulator(transport="tcp", control_port=control_port)


def start_magellan(settings: Mapping[str, Any], control_port: int | None) -> MagellanSimulator:
    """TCP only: the single-cable protocol is 7O1, which a pty cannot carry (devices.md §7)."""
    programming = MagellanProgramming(
        prefix=_as_bytes(settings.get("prefix"), b"S"),
        suffix=_as_bytes(settings.get("suffix"), b"\r"),
        unit=settings.get("unit", "kg"),
    )
    return MagellanSimulator(programming=programming, control_port=control_port)


def start_zvt_terminal(settings: Mapping[str, Any], control_port: int | None) -> ZvtTerminalSimulator:
    """A ZVT terminal set up for the driver's currency; a shopper takes half a second per card."""
    currency = currency_number(str(settings.get("currency", "EUR")))
    return ZvtTerminalSimulator(currency=currency, card_delay_s=0.5, control_port=control_port)


def start_hid_wedge(settings: Mapping[str, Any], control_port: int | None) -> HidWedgeSimulator:
    """The wedge's key-event seam over TCP (no /dev/uinput to make a kernel keyboard from)."""
    programming = WedgeProgramming(
        gs_key=str(settings.get("gs_key", "ctrl+]")).lower(), aim_ids=bool(settings.get("aim_ids", False))
    )
    return HidWedgeSimulator(programming=programming, control_port=control_port)


def scale_simulator(protocol: str) -> Callable[[Mapping[str, Any], int | None], ScaleSimulator]:
    """A scale of ``protocol`` weighing in the configured unit, up to the configured capacity."""

    def start(settings: Mapping[str, Any], control_port: int | None) -> ScaleSimulator:
        model = ScaleModel(capacity_g=int(settings.get("capacity_g", 15_000)))
        unit = settings.get("unit")
        return ScaleSimulator(
            "toledo_8217" if protocol == "toledo_8217" else "mt_sics",
            model=model,
            unit=str(unit) if unit else None,
            control_port=control_port,
        )

    return start


SIMULATORS: Mapping[str, SimulatorSpec] = {
    "serial_scanner": SimulatorSpec(start_serial_scanner),
    "tower_light": SimulatorSpec(start_tower_light),
    "camera": SimulatorSpec(start_camera),
    "escpos_printer": SimulatorSpec(start_escpos_printer),
    "magellan": SimulatorSpec(start_magellan),
    "zvt_terminal": SimulatorSpec(start_zvt_terminal),
    "hid_wedge": SimulatorSpec(start_hid_wedge),
    "toledo_8217": SimulatorSpec(scale_simulator("toledo_8217")),
    "mt_sics": SimulatorSpec(scale_simulator("mt_sics")),
}


def symbology_for(code: str) -> str:
    """The symbology a scanner would report for a retail code (by length and content)."""
    if code.isdigit():
        return {8: "EAN8", 12: "UPCA", 13: "EAN13", 14: "ITF"}.get(len(code), "CODE128")
    return "CODE128"
