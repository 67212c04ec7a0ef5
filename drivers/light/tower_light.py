"""Driver for a USB-serial tower light (one-byte commands, devices.md §5) under UnifiedPOS Lights semantics.

The light never answers, so what the driver knows is what it asked for: it remembers each lamp's wanted
state and, because a USB light loses power with its link, sends the whole state again every time the link
comes back. A request is complete when its bytes are written (``LightChanged`` + ``OutputCompleted``); if the
link is down or drops first it fails with ``ErrorOccurred(error=OFFLINE)`` — the wanted state still stands
and is shown once the light is back. The hardware blinks at its own fixed rate: the requested on/off times are
recorded and reported, not sent.
"""

from __future__ import annotations

import time

from drivers.base import (
    DeviceCategory,
    DeviceInfo,
    DeviceState,
    ErrorCode,
    HealthLevel,
    HealthResult,
    PowerState,
)
from drivers.contracts import LightColour
from drivers.light.lamps import LampLight, LampState
from drivers.light.protocol import Action, Output, TowerLightProtocol, buzzer_command, command
from drivers.light.settings import TowerLightSettings
from drivers.serial_worker import Backoff, LinkCallbacks, PortSettings, SerialWorker

HEALTH_STEP_S = 0.3
"""How long each lamp stays lit during the EXTERNAL/INTERACTIVE colour cycle."""


class TowerLight(LampLight):
    """A tower light on a pyserial port URL. Counters: ``switch_commands`` (requests written),
    ``communication_errors`` (failed opens, lost links), ``reconnects``."""

    def __init__(self, name: str, settings: TowerLightSettings) -> None:
        super().__init__(name, tuple(LightColour(lamp) for lamp in settings.lamps))
        self.settings = settings
        self.protocol = TowerLightProtocol(
            baudrate=settings.baudrate,
            bytesize=settings.bytesize,
            parity=settings.parity,
            stopbits=settings.stopbits,
            lamps=tuple(Output[lamp.upper()] for lamp in settings.lamps),
        )
        self._backoff = Backoff(settings.reconnect_min_s, settings.reconnect_max_s)
        self._worker: SerialWorker | None = None
        self._last_error = "not connected yet"

    # -- lifecycle hooks -----------------------------------------------------------------------------
    def _on_claim(self, timeout_s: float) -> None:
        settings = PortSettings(
            url=self.settings.port,
            baudrate=self.protocol.baudrate,
            bytesize=self.protocol.bytesize,
            parity=self.protocol.parity,
            stopbits=self.protocol.stopbits,
            read_timeout_s=0.05,  # bounds how late a command is written
        )
        callbacks = LinkCallbacks(up=self._link_up, down=self._link_down, data=self._data, idle=lambda: None)
        self._worker = SerialWorker(self.name, settings, self._backoff, callbacks)
        self._worker.start()
        self._worker.wait_first_attempt(timeout_s)

    def _on_release(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    # -- worker callbacks ------------------------------------------------------------------------------
    def _link_up(self) -> None:
        if self.power is PowerState.OFFLINE:
            self._count("reconnects")
        self._mark_available()
        if self._worker is not None:
            self._worker.send(self._state_bytes())  # the light came back dark: show what is wanted

    def _link_down(self, reason: str) -> None:
        self._last_error = reason
        self._count("communication_errors")
        self._mark_unavailable(reason)

    def _data(self, data: bytes) -> None:
        self._log.debug(
            "%s: ignored %d bytes from a light", self.name, len(data), extra={"device": self.name}
        )

    # -- encoding ----------------------------------------------------------------------------------------
    def _lamp_bytes(self, light: LightColour, state: LampState) -> bytes:
        output = Output[light.name]
        if not state.on:
            return command(Action.OFF, output)
        return command(Action.BLINK if state.blinking else Action.ON, output)

    def _buzzer_bytes(self, lamps: dict[LightColour, LampState]) -> bytes:
        return buzzer_command(self.buzzing(lamps)) if self.settings.buzzer else b""

    def _state_bytes(self) -> bytes:
        lamps = self.wanted()
        return b"".join(self._lamp_bytes(li, st) for li, st in lamps.items()) + self._buzzer_bytes(lamps)

    # -- contract --------------------------------------------------------------------------------------
    def _apply(self, request: str, light: LightColour, lamps: dict[LightColour, LampState]) -> None:
        def done(written: bool) -> None:
            if written:
                self._switched(request, light, lamps[light])
            else:
                reason = f"light not reachable: {self._last_error}"
                self._fail_request(request, "offline", reason, ErrorCode.OFFLINE)

        data = self._lamp_bytes(light, lamps[light]) + self._buzzer_bytes(lamps)
        worker = self._worker
        if worker is None:
            done(False)
        else:
            worker.send(data, done)

    # -- diagnostics -----------------------------------------------------------------------------------
    def _link_ok(self) -> bool:
        worker = self._worker
        return worker is not None and worker.is_open and self.power is PowerState.ONLINE

    def check_health(self, level: HealthLevel) -> HealthResult:
        """INTERNAL: the port is open and the link up. EXTERNAL/INTERACTIVE: each lamp lit in turn, then the
        wanted state restored; a light cannot say it lit, so INTERACTIVE asks the technician to confirm."""
        label = level.name.capitalize()
        if self.state is DeviceState.CLOSED:
            return HealthResult(False, level, f"{label} HCheck: Failed (device is closed)")
        if not self._link_ok():
            return HealthResult(False, level, f"{label} HCheck: Failed (offline: {self._last_error})")
        if level is HealthLevel.INTERNAL:
            return HealthResult(True, level, f"Internal HCheck: Successful (port {self.settings.port} open)")
        ok = self._colour_cycle()
        cycle = ", ".join(self._lights)
        if not ok:
            return HealthResult(False, level, f"{label} HCheck: Failed (link lost during the {cycle} cycle)")
        ask = "; confirm each lamp lit in that order" if level is HealthLevel.INTERACTIVE else ""
        return HealthResult(True, level, f"{label} HCheck: Successful (lit {cycle} in turn{ask})")

    def _colour_cycle(self) -> bool:
        worker = self._worker
        if worker is None:
            return False
        outputs = [Output[light.name] for light in self._lights]
        for output in outputs:
            worker.send(b"".join(command(Action.ON if o is output else Action.OFF, o) for o in outputs))
            if not worker.wait_sent(2.0):
                return False
            time.sleep(HEALTH_STEP_S)
        worker.send(self._state_bytes())
        return worker.wait_sent(2.0) and self._link_ok()

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(
            category=DeviceCategory.LANE_LIGHT,
            manufacturer=self.settings.manufacturer,
            model=self.settings.model,
            port=self.settings.port,
        )
