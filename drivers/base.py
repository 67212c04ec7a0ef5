"""Common device model: lifecycle, state, power, typed events, health checks, statistics, error kinds.

Modelled on UnifiedPOS (see shared/reference/devices.md §1) in plain Python. A device owns one worker thread
that owns its port; callbacks registered with :meth:`Device.subscribe` are called *on that worker thread*, so
subscribers must only post a message somewhere (the lane's inbox) and return.

Two things are kept apart on purpose, as in UnifiedPOS:

- **Device state** (:class:`DeviceState`: CLOSED / IDLE / BUSY / ERROR) says what the *service* is doing:
  BUSY while an asynchronous request it accepted is outstanding, ERROR while a reported fault is uncleared.
- **Power state** (:class:`PowerState`) says whether the *hardware* answers. An unplugged printer is
  OFFLINE but still IDLE: nothing is running and nothing failed yet.

Commands never block the caller's thread on I/O. A command that talks to the device returns an *output id*
at once; the result arrives later as :class:`OutputCompleted` or as :class:`ErrorOccurred` carrying that id
(UnifiedPOS asynchronous output). Misusing the API (enable before claim, a command on a closed device) raises
:class:`DeviceUsageError`, which is a bug in the caller and deliberately *not* a :class:`DeviceError`.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import ClassVar

from drivers.model import (
    UPOS_COUNTER_NAMES,
    DeviceCategory,
    DeviceEvent,
    DeviceInfo,
    DeviceState,
    DeviceStatistics,
    ErrorCode,
    ErrorLocus,
    ErrorOccurred,
    HealthLevel,
    HealthResult,
    OutputCompleted,
    PowerState,
    PowerStatus,
    StatusCode,
    StatusUpdated,
    utcnow,
)

__all__ = [
    "UPOS_COUNTER_NAMES",
    "Device",
    "DeviceCategory",
    "DeviceError",
    "DeviceEvent",
    "DeviceFault",
    "DeviceInfo",
    "DeviceState",
    "DeviceStatistics",
    "DeviceUnavailable",
    "DeviceUsageError",
    "ErrorCode",
    "ErrorLocus",
    "ErrorOccurred",
    "HealthLevel",
    "HealthResult",
    "Listener",
    "OutputCompleted",
    "PowerState",
    "PowerStatus",
    "StatusCode",
    "StatusUpdated",
    "utcnow",
]


class DeviceUsageError(Exception):
    """The caller broke the device API's rules (a programming error; fix the code, do not retry).

    Kept outside :class:`DeviceError` so that ``except DeviceError`` around device I/O never swallows a bug.
    """

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


class DeviceError(Exception):
    """Base of the two error kinds a driver may raise to its caller about the *device*."""


class DeviceUnavailable(DeviceError):
    """The device cannot be reached now (unplugged, port busy, timed out). Retry later; reconnect."""


class DeviceFault(DeviceError):
    """The device is reachable but needs a person (paper out, cover open, jammed, misconfigured)."""


Listener = Callable[[DeviceEvent], None]

_output_ids = itertools.count(1)


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
        self._outstanding: set[str] = set()
        self._fault: ErrorOccurred | None = None
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

    @property
    def last_error(self) -> ErrorOccurred | None:
        """The uncleared fault that put the device in ERROR (None otherwise); for the technician screen."""
        return self._fault

    def _set_power(self, power: PowerState) -> None:
        if power is not self._power:
            self._power = power
            self._emit(StatusUpdated(device=self.name, status=PowerStatus.of(power), power=power))

    # -- device state: BUSY and ERROR ------------------------------------------------------------------
    def _refresh_state(self) -> None:
        """Derive IDLE/BUSY/ERROR: an uncleared fault wins, then outstanding requests (caller holds lock)."""
        if self._state is DeviceState.CLOSED:
            return
        if self._fault is not None:
            self._state = DeviceState.ERROR
        elif self._outstanding:
            self._state = DeviceState.BUSY
        else:
            self._state = DeviceState.IDLE

    def _accept_request(self, output_id: str | None = None) -> str:
        """Start an asynchronous request: checks the device may take it, marks BUSY, returns its id.

        Called by a command method on the caller's thread before handing the work to the worker; the worker
        later calls :meth:`_complete_request` or :meth:`_fail_request` with the id.
        """
        self._require_enabled()
        request_id = output_id or f"{self.name}-{next(_output_ids)}"
        with self._lock:
            if request_id in self._outstanding:
                raise DeviceUsageError(
                    ErrorCode.EXISTS, f"{self.name}: request {request_id!r} is already running"
                )
            self._outstanding.add(request_id)
            self._refresh_state()
        return request_id

    def _complete_request(self, output_id: str) -> None:
        with self._lock:
            self._outstanding.discard(output_id)
            self._refresh_state()
        self._emit(OutputCompleted(device=self.name, output_id=output_id))

    def _fail_request(
        self, output_id: str, code: str, detail: str, error: ErrorCode = ErrorCode.FAILURE, extended: int = 0
    ) -> None:
        """The request was refused or failed, but the device itself is fine (e.g. "zero refused: motion")."""
        with self._lock:
            self._outstanding.discard(output_id)
            self._refresh_state()
        self._emit(
            ErrorOccurred(
                device=self.name,
                locus=ErrorLocus.OUTPUT,
                code=code,
                detail=detail,
                error=error,
                extended=extended,
                output_id=output_id,
            )
        )

    def _enter_error(
        self,
        locus: ErrorLocus,
        code: str,
        detail: str,
        error: ErrorCode = ErrorCode.FAILURE,
        extended: int = 0,
    ) -> None:
        """A fault a person must clear (cover open, paper out, hardware error): state ERROR, one event.

        Repeating the same fault code is silent, so a driver may call this on every poll.
        """
        with self._lock:
            if self._fault is not None and self._fault.code == code:
                return
            fault = ErrorOccurred(
                device=self.name, locus=locus, code=code, detail=detail, error=error, extended=extended
            )
            self._fault = fault
            self._refresh_state()
        self._log.warning("%s error: %s: %s", self.name, code, detail, extra={"device": self.name})
        self._emit(fault)

    def _leave_error(self) -> None:
        """The fault condition went away (the device says so): back to IDLE or BUSY."""
        with self._lock:
            if self._fault is None:
                return
            self._fault = None
            self._refresh_state()
        self._log.info("%s error cleared", self.name, extra={"device": self.name})

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
        self._set_power(PowerState.OFFLINE)

    def _mark_available(self) -> None:
        """Link up: power ONLINE. Logs "back" once if the device had been unavailable."""
        if self._power is PowerState.OFFLINE:
            self._log.info("%s back online", self.name, extra={"device": self.name})
        self._set_power(PowerState.ONLINE)

    # -- lifecycle -----------------------------------------------------------------------------------
    def open(self) -> None:
        if self._state is not DeviceState.CLOSED:
            return
        self._on_open()
        with self._lock:
            self._state = DeviceState.IDLE
            self._refresh_state()

    def claim(self, timeout_s: float = 5.0) -> None:
        self._require_open()
        if not self._claimed:
            self._on_claim(timeout_s)
            self._claimed = True

    def enable(self) -> None:
        self._require_open()
        if not self._claimed:
            raise DeviceUsageError(ErrorCode.NOTCLAIMED, f"{self.name}: enable before claim")
        if not self._enabled:
            # Enabled *before* the hook: data the worker reads from here on is delivered (drivers gate on
            # ``self.enabled``), and a hook that pushes the current value at once (a scale's weight) may do so.
            self._enabled = True
            try:
                self._on_enable()
            except BaseException:
                self._enabled = False
                raise

    def disable(self) -> None:
        if self._enabled:
            self._enabled = False  # first: nothing is delivered once disable() has begun
            self._on_disable()

    def release(self) -> None:
        self.disable()
        if self._claimed:
            self._on_release()
            self._claimed = False

    def close(self) -> None:
        self.release()
        if self._state is not DeviceState.CLOSED:
            self._on_close()
            with self._lock:
                self._state = DeviceState.CLOSED
                self._outstanding.clear()
                self._fault = None
            self._power = PowerState.UNKNOWN

    def start(self) -> None:
        """open + claim + enable: what the application does at start-up."""
        self.open()
        self.claim()
        self.enable()

    def _require_open(self) -> None:
        if self._state is DeviceState.CLOSED:
            raise DeviceUsageError(ErrorCode.CLOSED, f"{self.name}: device is closed")

    def _require_enabled(self) -> None:
        """Commands need an enabled device (UnifiedPOS E_CLOSED / E_NOTCLAIMED / E_DISABLED)."""
        self._require_open()
        if not self._claimed:
            raise DeviceUsageError(ErrorCode.NOTCLAIMED, f"{self.name}: not claimed")
        if not self._enabled:
            raise DeviceUsageError(ErrorCode.DISABLED, f"{self.name}: not enabled")

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
