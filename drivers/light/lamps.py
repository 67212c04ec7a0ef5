"""What every lamp-stack light does alike: validate a switch request, remember the wanted state, report it.

The real driver and the fake differ only in how a request reaches the lamps (:meth:`LampLight._apply`); the
bookkeeping that makes them behave alike under the contract suite is here once.
"""

from __future__ import annotations

import threading
from abc import abstractmethod
from dataclasses import dataclass

from drivers.base import DeviceUsageError, ErrorCode
from drivers.contracts import Alarm, LaneLight, LightChanged, LightColour


@dataclass(frozen=True, slots=True)
class LampState:
    on: bool = False
    blink_on_ms: int = 0
    blink_off_ms: int = 0
    alarm: Alarm = Alarm.NONE

    @property
    def blinking(self) -> bool:
        return self.on and self.blink_on_ms > 0 and self.blink_off_ms > 0


DARK = LampState()


class LampLight(LaneLight):
    """A :class:`LaneLight` with a fixed set of lamps and one buzzer shared by them."""

    def __init__(self, name: str, lights: tuple[LightColour, ...]) -> None:
        super().__init__(name)
        self._lights = lights
        self._wanted = dict.fromkeys(lights, DARK)
        self._wanted_lock = threading.Lock()

    @property
    def lights(self) -> tuple[LightColour, ...]:
        return self._lights

    def wanted(self) -> dict[LightColour, LampState]:
        """What each lamp should show now (what is restored after a reconnect)."""
        with self._wanted_lock:
            return dict(self._wanted)

    @staticmethod
    def buzzing(lamps: dict[LightColour, LampState]) -> bool:
        return any(state.on and state.alarm is not Alarm.NONE for state in lamps.values())

    def switch_on(
        self,
        light: LightColour,
        *,
        blink_on_ms: int = 0,
        blink_off_ms: int = 0,
        alarm: Alarm = Alarm.NONE,
        output_id: str | None = None,
    ) -> str:
        if blink_on_ms < 0 or blink_off_ms < 0:
            raise DeviceUsageError(ErrorCode.ILLEGAL, f"{self.name}: blink times must not be negative")
        return self._switch(light, LampState(True, blink_on_ms, blink_off_ms, alarm), output_id)

    def switch_off(self, light: LightColour, output_id: str | None = None) -> str:
        return self._switch(light, DARK, output_id)

    def _switch(self, light: LightColour, state: LampState, output_id: str | None) -> str:
        if light not in self._wanted:
            raise DeviceUsageError(ErrorCode.ILLEGAL, f"{self.name}: no {light} lamp on this light")
        request = self._accept_request(output_id)
        with self._wanted_lock:
            self._wanted[light] = state
            lamps = dict(self._wanted)
        self._apply(request, light, lamps)
        return request

    @abstractmethod
    def _apply(self, request: str, light: LightColour, lamps: dict[LightColour, LampState]) -> None:
        """Show ``lamps`` (``light`` changed); end with :meth:`_switched` or ``_fail_request(request, …)``."""

    def _switched(self, request: str, light: LightColour, state: LampState) -> None:
        """The lamp took the request: count it, report the change, complete the request."""
        self._count("switch_commands")
        self._emit(
            LightChanged(
                device=self.name,
                light=light,
                on=state.on,
                blink_on_ms=state.blink_on_ms,
                blink_off_ms=state.blink_off_ms,
                alarm=state.alarm,
            )
        )
        self._complete_request(request)
