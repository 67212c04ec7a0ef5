"""The Magellan's two logical devices on one :class:`~drivers.magellan.link.MagellanLink`, and the pair the
``scanner_scale`` role is configured as.

The scale part weighs through the ``S14`` monitor (stable / unstable / over capacity / under zero / no zero),
polled on the link's worker. The single-cable protocol has no zero or tare command (devices.md §2.2 lists
none; ``S10`` reset is unverified), so zero and tare are kept on the host: zero only for a stable weight
within ``zero_range_g`` of the last zero, tare only for a stable weight (or a preset), and weights are then
reported as ``grams - zero - tare`` with ``net`` set while a tare is active.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass

from drivers.base import (
    Device,
    DeviceCategory,
    DeviceInfo,
    DeviceState,
    DeviceStatistics,
    ErrorCode,
    ErrorLocus,
    ErrorOccurred,
    HealthLevel,
    HealthResult,
    Listener,
    PowerState,
)
from drivers.contracts import Scale, Scanner, ScanReceived, WeightChanged, WeightStatus
from drivers.magellan.link import MagellanLink
from drivers.magellan.protocol import BadMessage, LabelRead, MonitorStatus, ScaleReading
from drivers.magellan.settings import MagellanSettings

PROBE_S = 1.0

_STATUS = {
    MonitorStatus.NO_ZERO: WeightStatus.NOT_READY,
    MonitorStatus.UNSTABLE: WeightStatus.MOTION,
    MonitorStatus.OVER_CAPACITY: WeightStatus.OVER_CAPACITY,
    MonitorStatus.STABLE_ZERO: WeightStatus.STABLE,
    MonitorStatus.STABLE_NON_ZERO: WeightStatus.STABLE,
    MonitorStatus.UNDER_ZERO: WeightStatus.UNDER_ZERO,
}


class LinkedPart(Device):
    """Lifecycle and power of a device that shares a :class:`MagellanLink` (worker-thread callbacks)."""

    def __init__(self, name: str, link: MagellanLink) -> None:
        super().__init__(name)
        self._link = link

    def _on_claim(self, timeout_s: float) -> None:
        self._link.acquire(self, timeout_s)

    def _on_release(self) -> None:
        self._link.release(self)

    def link_up(self) -> None:
        if self.power is PowerState.OFFLINE:
            self._count("reconnects")
        self._mark_available()

    def link_down(self, reason: str) -> None:
        """Every failed open or lost link counts, as for the other serial drivers."""
        self._count("communication_errors")
        self._mark_unavailable(reason)

    def reject(self, message: BadMessage) -> None:
        if not self.enabled:
            return
        self._count("partial_frames" if message.code == "partial_frame" else "garbage_frames")
        self._log.info("%s: %s: %s", self.name, message.code, message.detail, extra={"device": self.name})
        self._emit(
            ErrorOccurred(
                device=self.name, locus=ErrorLocus.INPUT_DATA, code=message.code, detail=message.detail
            )
        )

    def _health(self, level: HealthLevel, what: str) -> HealthResult:
        """INTERNAL: the port is open and the unit answered; EXTERNAL/INTERACTIVE also ask it (an ``S14``
        poll) and need its answer — proof of the unit itself, not just of the cable or USB adapter."""
        label = level.name.capitalize()
        if self.state is DeviceState.CLOSED:
            return HealthResult(False, level, f"{label} HCheck: Failed (device is closed)")
        if not (self._link.online and self.power is PowerState.ONLINE):
            return HealthResult(False, level, f"{label} HCheck: Failed (offline: {self._link.last_error})")
        if level is HealthLevel.INTERNAL:
            return HealthResult(
                True, level, f"Internal HCheck: Successful (port {self._link.settings.port} open)"
            )
        if not self._link.probe(PROBE_S):
            return HealthResult(False, level, f"{label} HCheck: Failed (no answer to a scale monitor poll)")
        return HealthResult(True, level, f"{label} HCheck: Successful (the unit answered; {what})")

    def _info(self, category: DeviceCategory) -> DeviceInfo:
        s = self._link.settings
        return DeviceInfo(category=category, manufacturer=s.manufacturer, model=s.model, port=s.port)


class MagellanScanner(LinkedPart, Scanner):
    """The scanner half: ``S08`` reads become ``ScanReceived`` (UPC-E already expanded to UPC-A)."""

    def __init__(self, name: str, link: MagellanLink) -> None:
        super().__init__(name, link)
        link.scanner = self

    def label(self, read: LabelRead) -> None:
        if not self.enabled:
            return
        self._count("good_scans")
        self._emit(ScanReceived(device=self.name, label=read.label, symbology=read.symbology))

    def beep(self) -> None:
        """No-op: the good-read beep command (``S334``) is unverified; the scanner beeps on its own reads."""

    def check_health(self, level: HealthLevel) -> HealthResult:
        return self._health(level, "scan a test label to check the reader")

    def device_info(self) -> DeviceInfo:
        return self._info(DeviceCategory.SCANNER)


@dataclass(frozen=True, slots=True)
class _Request:
    kind: str  # "zero", "tare", "clear_tare"
    output_id: str
    grams: int | None = None


class MagellanScale(LinkedPart, Scale):
    """The scale half: monitor polls become ``WeightChanged`` on every change; zero and tare on the host."""

    def __init__(self, name: str, link: MagellanLink) -> None:
        super().__init__(name, link)
        link.scale = self
        self._weight: WeightChanged | None = None
        self._gross: ScaleReading | None = None  # the last reading, before zero and tare
        self._zero_g = 0
        self._tare_g = 0
        self._requests: queue.SimpleQueue[_Request] = queue.SimpleQueue()

    @property
    def weight(self) -> WeightChanged | None:
        return self._weight

    @property
    def capacity_g(self) -> int:
        return self._link.settings.capacity_g

    @property
    def polling(self) -> bool:
        return self.enabled

    def zero(self, output_id: str | None = None) -> str:
        return self._submit("zero", output_id)

    def tare(self, grams: int | None = None, output_id: str | None = None) -> str:
        return self._submit("tare", output_id, grams)

    def clear_tare(self, output_id: str | None = None) -> str:
        return self._submit("clear_tare", output_id)

    def _submit(self, kind: str, output_id: str | None, grams: int | None = None) -> str:
        request = self._accept_request(output_id)
        self._requests.put(_Request(kind, request, grams))
        return request

    # -- worker thread ---------------------------------------------------------------------------------
    def tick(self) -> None:
        """Carry out queued zero/tare requests against the last reading (on the link's worker)."""
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            refusal = self._carry_out(request)
            if refusal is None:
                self._complete_request(request.output_id)
                if self._gross is not None:
                    self._publish(self._gross)
            else:
                self._fail_request(request.output_id, f"{request.kind}_refused", refusal, ErrorCode.ILLEGAL)

    def _carry_out(self, request: _Request) -> str | None:
        gross = self._gross
        stable = (
            gross is not None and gross.grams is not None and _STATUS[gross.status] is WeightStatus.STABLE
        )
        if request.kind == "clear_tare":
            self._tare_g = 0
            return None
        if request.kind == "tare" and request.grams is not None:
            if not 0 <= request.grams <= self.capacity_g:
                return f"preset tare {request.grams} g is outside 0..{self.capacity_g} g"
            self._tare_g = request.grams
            return None
        if not stable or gross is None or gross.grams is None:
            return "the weight is not stable"
        if request.kind == "tare":
            self._tare_g = gross.grams - self._zero_g
            return None
        if abs(gross.grams - self._zero_g) > self._link.settings.zero_range_g:
            return f"{gross.grams - self._zero_g} g is outside the zero range of ±{self._link.settings.zero_range_g} g"
        self._zero_g, self._tare_g = gross.grams, 0
        return None

    def reading(self, reading: ScaleReading) -> None:
        self._gross = reading
        if self.enabled:
            self._publish(reading)

    def _publish(self, reading: ScaleReading) -> None:
        status = _STATUS[reading.status]
        grams = None if reading.grams is None else reading.grams - self._zero_g - self._tare_g
        if status is WeightStatus.STABLE and grams is not None and grams < 0 and not self._tare_g:
            status, grams = WeightStatus.UNDER_ZERO, None  # below the host-side zero
        kind = {WeightStatus.STABLE: "good_weight_reads", WeightStatus.MOTION: "unstable_reads"}
        self._count(kind.get(status, "invalid_reads"))
        event = WeightChanged(device=self.name, status=status, grams=grams, net=bool(self._tare_g))
        last = self._weight
        if last is not None and (last.status, last.grams, last.net) == (event.status, event.grams, event.net):
            return
        self._weight = event
        self._emit(event)

    def check_health(self, level: HealthLevel) -> HealthResult:
        return self._health(level, "place a test weight to check the load cell")

    def device_info(self) -> DeviceInfo:
        return self._info(DeviceCategory.SCALE)


class MagellanScannerScale(Device):
    """The ``scanner_scale`` role: one configured device that is the Magellan's scanner *and* its scale.

    ``scanner`` and ``scale`` are full devices (claim, enable, health and statistics of their own) sharing
    one port; this pair drives both through one lifecycle and forwards both event streams to a subscriber,
    so the composition root and ``kiosk diag`` treat the unit like any other device. Its own health is both
    parts' health; its counters are the scanner's plus the scale's (prefixed ``scale_``).
    """

    category = DeviceCategory.SCANNER

    def __init__(self, name: str, settings: MagellanSettings) -> None:
        super().__init__(name)
        self.settings = settings
        link = MagellanLink(name, settings)
        self.scanner = MagellanScanner(f"{name}.scanner", link)
        self.scale = MagellanScale(f"{name}.scale", link)
        self._parts: tuple[Device, ...] = (self.scanner, self.scale)

    def subscribe(self, listener: Listener) -> None:
        for part in self._parts:
            part.subscribe(listener)

    @property
    def power(self) -> PowerState:
        return self.scanner.power

    def _on_open(self) -> None:
        for part in self._parts:
            part.open()

    def _on_claim(self, timeout_s: float) -> None:
        for part in self._parts:
            part.claim(timeout_s)

    def _on_enable(self) -> None:
        for part in self._parts:
            part.enable()

    def _on_disable(self) -> None:
        for part in self._parts:
            part.disable()

    def _on_release(self) -> None:
        for part in self._parts:
            part.release()

    def close(self) -> None:
        """Close both parts, also when they were opened one by one rather than through the pair."""
        super().close()
        for part in self._parts:
            part.close()

    def check_health(self, level: HealthLevel) -> HealthResult:
        results = [part.check_health(level) for part in self._parts]
        ok = all(r.ok for r in results)
        text = "; ".join(f"{part.name}: {r.text}" for part, r in zip(self._parts, results, strict=True))
        return HealthResult(
            ok, level, f"{level.name.capitalize()} HCheck: {'Successful' if ok else 'Failed'} ({text})"
        )

    def device_info(self) -> DeviceInfo:
        s = self.settings
        return DeviceInfo(
            category=DeviceCategory.SCANNER, manufacturer=s.manufacturer, model=s.model, port=s.port
        )

    def statistics(self) -> DeviceStatistics:
        scanner, scale = self.scanner.statistics(), self.scale.statistics()
        counters = dict(scanner.counters) | {f"scale_{k}": v for k, v in scale.counters.items()}
        return DeviceStatistics(self.device_info(), counters)
