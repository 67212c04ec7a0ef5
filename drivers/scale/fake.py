"""An in-process scale for tests and headless runs: no port, no thread, the same events as the real drivers.

The test acts as the world: ``put`` a weight (stable, in motion, under zero, over capacity), ``unplug`` and
``replug``. Requests are answered at once, on the calling thread, following the same rules as a scale:
zero and tare are refused while the weight is not stable.
"""

from __future__ import annotations

from drivers.base import DeviceCategory, DeviceInfo, DeviceState, HealthLevel, HealthResult, PowerState
from drivers.contracts import Scale, WeightChanged, WeightStatus
from drivers.scale.settings import FakeScaleSettings


class FakeScale(Scale):
    def __init__(self, name: str, settings: FakeScaleSettings | None = None) -> None:
        super().__init__(name)
        self.settings = settings or FakeScaleSettings()
        self.calls: list[str] = []
        self._plugged = self.settings.present
        self._gross = 0  # what the scale shows before tare: the load minus the zero offset
        self._offset = 0
        self._tare = 0
        self._status = WeightStatus.STABLE
        self._weight: WeightChanged | None = None

    # -- lifecycle hooks -----------------------------------------------------------------------------
    def _on_claim(self, timeout_s: float) -> None:
        if self._plugged:
            self._mark_available()
        else:
            self._link_lost("fake scale not plugged in")

    def _on_enable(self) -> None:
        self._publish()  # the base marks the device enabled before this hook, so the weight goes out

    # -- the world -----------------------------------------------------------------------------------
    def put(self, grams: int, status: WeightStatus = WeightStatus.STABLE) -> None:
        """The platter now holds ``grams`` gross, reported with ``status`` (over capacity is applied)."""
        self._gross = grams - self._offset
        self._status = status
        self._publish()

    def unplug(self) -> None:
        self._plugged = False
        if self._claimed:
            self._link_lost("fake scale unplugged")

    def replug(self) -> None:
        self._plugged = True
        if self._claimed:
            if self.power is PowerState.OFFLINE:
                self._count("reconnects")
            self._mark_available()
            self._publish()

    def _link_lost(self, reason: str) -> None:
        self._count("communication_errors")
        self._mark_unavailable(reason)

    def _publish(self) -> None:
        if not (self.enabled and self._plugged):
            return
        net = self._gross - self._tare
        status = self._status
        grams: int | None = net
        if self._gross > self.settings.capacity_g:
            status, grams = WeightStatus.OVER_CAPACITY, None
        elif net < 0:
            status, grams = WeightStatus.UNDER_ZERO, None
        event = WeightChanged(device=self.name, status=status, grams=grams, net=self._tare != 0)
        if self._weight is not None and (self._weight.status, self._weight.grams, self._weight.net) == (
            event.status,
            event.grams,
            event.net,
        ):
            return
        self._weight = event
        if event.stable:
            self._count("good_weight_reads")
        self._emit(event)

    # -- contract --------------------------------------------------------------------------------------
    @property
    def weight(self) -> WeightChanged | None:
        return self._weight

    @property
    def capacity_g(self) -> int:
        return self.settings.capacity_g

    def zero(self, output_id: str | None = None) -> str:
        return self._request("zero", output_id)

    def tare(self, grams: int | None = None, output_id: str | None = None) -> str:
        return self._request("tare", output_id, grams)

    def clear_tare(self, output_id: str | None = None) -> str:
        return self._request("clear_tare", output_id)

    def _request(self, command: str, output_id: str | None, tare_g: int | None = None) -> str:
        self.calls.append(command)
        request_id = self._accept_request(output_id)
        if not self._plugged:
            self._fail_request(request_id, "no_reply", "fake scale unplugged")
            return request_id
        if self._status is not WeightStatus.STABLE and command != "clear_tare":
            self._fail_request(request_id, f"{command}_refused", f"scale reports {self._status}")
            return request_id
        if command == "zero" and (self._tare or abs(self._gross) > self.capacity_g // 50):
            self._fail_request(
                request_id, "zero_refused", "outside the zero range (±2 % of capacity) or tared"
            )
            return request_id
        if command == "zero":
            self._offset += self._gross
            self._gross = 0
        elif command == "tare":
            self._tare = self._gross if tare_g is None else tare_g
        else:
            self._tare = 0
        self._complete_request(
            request_id
        )  # as on a wire: the answer first, the new weight with the next poll
        self._publish()
        return request_id

    def check_health(self, level: HealthLevel) -> HealthResult:
        label = level.name.capitalize()
        if self.state is DeviceState.CLOSED:
            return HealthResult(False, level, f"{label} HCheck: Failed (device is closed)")
        ok = self._plugged and self.power is PowerState.ONLINE
        return HealthResult(ok, level, f"{label} HCheck: {'Successful' if ok else 'Failed'} (fake scale)")

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(category=DeviceCategory.SCALE, manufacturer="fake", model="FakeScale", port="fake:")
