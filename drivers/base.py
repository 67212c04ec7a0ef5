"""Common device model: lifecycle, state, power, typed events, health checks, statistics, error kinds.

Modelled on UnifiedPOS (see shared/reference/devices.md §1) in plain Python. A device owns one worker thread
that owns its port; callbacks registered with :meth:`Device.subscribe` are called *on that worker thread*, so
subscribers must only post a message somewhere (the lane's inbox) and return.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar


class DeviceError(Exception):
    """Base of the two error kinds a driver may raise to its caller."""


class DeviceUnavailable(DeviceError):
    """The device cannot be reached now (unplugged, port busy, timed out). Retry later; reconnect."""


class DeviceFault(DeviceError):
    """The device is reachable but needs a person (paper out, cover open, jammed, misconfigured)."""


class DeviceState(enum.StrEnum):
    CLOSED = "CLOSED"
    IDLE = "IDLE"
    BUSY = "BUSY"
    ERROR = "ERROR"


class PowerState(enum.StrEnum):
    UNKNOWN = "UNKNOWN"
    ONLINE = "ONLINE"
    OFF = "OFF"
    OFFLINE = "OFFLINE"


class HealthLevel(enum.IntEnum):
    INTERNAL = 1  # link alive, status readable; touches nothing
    EXTERNAL = 2  # may act on the device: test print, beep, zero the scale
    INTERACTIVE = 3  # technician screen only


class ErrorLocus(enum.IntEnum):
    OUTPUT = 1
    INPUT = 2
    INPUT_DATA = 3


class DeviceCategory(enum.StrEnum):
    SCANNER = "Scanner"
    SCALE = "Scale"
    RECEIPT_PRINTER = "POSPrinter"
    PAYMENT_TERMINAL = "CAT"
    LANE_LIGHT = "Lights"


@dataclass(frozen=True, slots=True)
class HealthResult:
    ok: bool
    level: HealthLevel
    text: str  # human-readable, shown on the technician screen ("Internal HCheck: Successful")


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    category: DeviceCategory
    manufacturer: str
    model: str
    serial_number: str = ""
    firmware: str = ""
    port: str = ""  # the pyserial URL or other address


@dataclass(frozen=True, slots=True)
class DeviceStatistics:
    info: DeviceInfo
    counters: dict[str, int] = field(default_factory=dict)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceEvent:
    device: str  # logical name from config ("scanner", "bagging_scale" …)
    at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusUpdated(DeviceEvent):
    """Power or device-specific status changed (``status`` is a short code such as ``"online"``)."""

    status: str
    power: PowerState


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorOccurred(DeviceEvent):
    locus: ErrorLocus
    code: str  # stable machine code, e.g. "garbage_frame", "partial_frame"
    detail: str  # human text for logs and the technician screen (never payment data)


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputCompleted(DeviceEvent):
    output_id: str


Listener = Callable[[DeviceEvent], None]


class Device:
    """Lifecycle and bookkeeping shared by every driver and fake.

    ``open → claim → enable → disable → release → close``. Subclasses implement the ``_on_*`` hooks and call
    :meth:`_emit` from their worker thread. State and power are readable from any thread.
    """

    category: DeviceCategory
    counter_names: ClassVar[tuple[str, ...]] = ("communication_errors",)
    """Counters :meth:`statistics` always reports (zero until counted); contracts add their own."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._state = DeviceState.CLOSED
        self._power = PowerState.UNKNOWN
        self._claimed = False
        self._enabled = False
        self._counters: dict[str, int] = dict.fromkeys(self.counter_names, 0)

    # -- observation ---------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def _emit(self, event: DeviceEvent) -> None:
        """Deliver to every listener; one that raises is logged and skipped so it cannot kill the worker."""
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                self._log.exception("%s: listener failed on %s", self.name, type(event).__name__)

    @property
    def state(self) -> DeviceState:
        return self._state

    @property
    def power(self) -> PowerState:
        return self._power

    @property
    def claimed(self) -> bool:
        return self._claimed

    @property
    def enabled(self) -> bool:
        return self._enabled

    def _count(self, counter: str, by: int = 1) -> None:
        with self._lock:
            self._counters[counter] = self._counters.get(counter, 0) + by

    def _set_power(self, power: PowerState, status: str) -> None:
        if power is not self._power:
            self._power = power
            self._emit(StatusUpdated(device=self.name, status=status, power=power))

    @property
    def _log(self) -> logging.Logger:
        """The logger of the concrete driver's module, so records say which driver spoke."""
        return logging.getLogger(type(self).__module__)

    def _mark_unavailable(self, reason: str) -> None:
        """Link lost or port absent: power OFFLINE. Logs "unavailable" and emits only on the transition.

        Called on every failed attempt; repeating it is harmless, which is what keeps retries quiet.
        """
        if self._power is not PowerState.OFFLINE:
            self._log.warning("%s unavailable: %s", self.name, reason, extra={"device": self.name})
        self._set_power(PowerState.OFFLINE, "offline")

    def _mark_available(self) -> None:
        """Link up: power ONLINE. Logs "back" once if the device had been unavailable."""
        if self._power is PowerState.OFFLINE:
            self._log.info("%s back online", self.name, extra={"device": self.name})
        self._set_power(PowerState.ONLINE, "online")

    # -- lifecycle -----------------------------------------------------------------------------------
    def open(self) -> None:
        if self._state is not DeviceState.CLOSED:
            return
        self._on_open()
        self._state = DeviceState.IDLE

    def claim(self, timeout_s: float = 5.0) -> None:
        self._require_open()
        if not self._claimed:
            self._on_claim(timeout_s)
            self._claimed = True

    def enable(self) -> None:
        self._require_open()
        if not self._claimed:
            raise DeviceFault(f"{self.name}: enable before claim")
        if not self._enabled:
            self._on_enable()
            self._enabled = True

    def disable(self) -> None:
        if self._enabled:
            self._on_disable()
            self._enabled = False

    def release(self) -> None:
        self.disable()
        if self._claimed:
            self._on_release()
            self._claimed = False

    def close(self) -> None:
        self.release()
        if self._state is not DeviceState.CLOSED:
            self._on_close()
            self._state = DeviceState.CLOSED
            self._power = PowerState.UNKNOWN

    def start(self) -> None:
        """open + claim + enable: what the application does at start-up."""
        self.open()
        self.claim()
        self.enable()

    def _require_open(self) -> None:
        if self._state is DeviceState.CLOSED:
            raise DeviceFault(f"{self.name}: device is closed")

    # -- hooks for subclasses --------------------------------------------------------------------------
    def _on_open(self) -> None:
        """Prepare resources (no I/O that can block for long)."""

    def _on_claim(self, timeout_s: float) -> None:
        """Take exclusive use of the port; start the worker thread."""

    def _on_enable(self) -> None:
        """Start delivering data events."""

    def _on_disable(self) -> None:
        """Stop delivering data events (the port stays claimed)."""

    def _on_release(self) -> None:
        """Stop the worker thread and give the port back."""

    def _on_close(self) -> None:
        """Free resources."""

    # -- diagnostics ---------------------------------------------------------------------------------
    def check_health(self, level: HealthLevel) -> HealthResult:
        raise NotImplementedError

    def device_info(self) -> DeviceInfo:
        raise NotImplementedError

    def statistics(self) -> DeviceStatistics:
        with self._lock:
            counters = dict(self._counters)
        return DeviceStatistics(self.device_info(), counters)
