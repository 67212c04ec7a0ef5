"""An in-process lane light for tests and headless runs: no port, no thread, the real driver's events.

It keeps what a person would see (``shown``: each lamp's state, ``buzzing``) and lets a test ``unplug`` and
``replug`` it. Like the real light it goes dark when unplugged and shows the wanted state again when back;
requests while unplugged fail with ``ErrorOccurred(error=OFFLINE)``. Events are emitted synchronously.
"""

from __future__ import annotations

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
from drivers.light.lamps import DARK, LampLight, LampState
from drivers.light.settings import FakeLightSettings


class FakeLaneLight(LampLight):
    def __init__(self, name: str, settings: FakeLightSettings | None = None) -> None:
        super().__init__(name, (LightColour.RED, LightColour.YELLOW, LightColour.GREEN))
        self._plugged = (settings or FakeLightSettings()).present
        self.shown = self.wanted()

    @property
    def buzzing_now(self) -> bool:
        return self.buzzing(self.shown)

    # -- the world -----------------------------------------------------------------------------------
    def _on_claim(self, timeout_s: float) -> None:
        if self._plugged:
            self._mark_available()
        else:
            self._lost("fake light not plugged in")

    def unplug(self) -> None:
        self._plugged = False
        self.shown = dict.fromkeys(self.lights, DARK)
        if self._claimed:
            self._lost("fake light unplugged")

    def replug(self) -> None:
        self._plugged = True
        if self._claimed:
            if self.power is PowerState.OFFLINE:
                self._count("reconnects")
            self._mark_available()
            self.shown = self.wanted()

    def _lost(self, reason: str) -> None:
        self._count("communication_errors")
        self._mark_unavailable(reason)

    # -- contract --------------------------------------------------------------------------------------
    def _apply(self, request: str, light: LightColour, lamps: dict[LightColour, LampState]) -> None:
        if not (self._plugged and self.power is PowerState.ONLINE):
            self._fail_request(request, "offline", "fake light unplugged", ErrorCode.OFFLINE)
            return
        self.shown = lamps
        self._switched(request, light, lamps[light])

    def check_health(self, level: HealthLevel) -> HealthResult:
        label = level.name.capitalize()
        if self.state is DeviceState.CLOSED:
            return HealthResult(False, level, f"{label} HCheck: Failed (device is closed)")
        ok = self._plugged and self.power is PowerState.ONLINE
        return HealthResult(ok, level, f"{label} HCheck: {'Successful' if ok else 'Failed'} (fake light)")

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(
            category=DeviceCategory.LANE_LIGHT, manufacturer="fake", model="FakeLaneLight", port="fake:"
        )
