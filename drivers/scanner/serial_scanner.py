"""Driver for a serial (RS-232 or USB-COM) barcode scanner that sends ``[prefix][AIM id][data][suffix]``.

The scanner is receive-only: the host never writes to it. One worker thread owns the port (see
:mod:`drivers.serial_worker`); bad input becomes an ``ErrorOccurred`` and a counter, a lost link becomes power
OFFLINE and a background reconnect, so nothing here ever raises into the lane after ``start()``.
"""

from __future__ import annotations

import time

from drivers.base import (
    DeviceCategory,
    DeviceInfo,
    DeviceState,
    ErrorLocus,
    ErrorOccurred,
    HealthLevel,
    HealthResult,
    PowerState,
)
from drivers.contracts import Scanner, ScanReceived
from drivers.scanner.framing import DecodedScan, Frame, FrameDecoder, SerialScannerProtocol
from drivers.scanner.settings import SerialScannerSettings
from drivers.serial_worker import Backoff, LinkCallbacks, PortSettings, SerialWorker


class SerialScanner(Scanner):
    """A serial scanner on a pyserial port URL (``/dev/ttyUSB0``, ``socket://host:port``, ``rfc2217://…``).

    Events arrive on the worker thread. ``ScanReceived.at`` is stamped when the frame's suffix was read, so it
    already is the time of arrival; the lane needs no clock of its own for that.

    Counters: ``good_scans``, ``garbage_frames`` (every rejected frame except partial ones),
    ``partial_frames``, ``communication_errors`` (failed opens and lost links), ``reconnects`` (links
    re-established after being unavailable).
    """

    def __init__(self, name: str, settings: SerialScannerSettings) -> None:
        super().__init__(name)
        self.settings = settings
        self.port = settings.port
        self.protocol = SerialScannerProtocol(
            baudrate=settings.baudrate,
            bytesize=settings.bytesize,
            parity=settings.parity,
            stopbits=settings.stopbits,
            prefix=settings.prefix.encode(),
            suffix=settings.suffix.encode(),
            aim_ids=settings.aim_ids,
            max_frame_len=settings.max_frame_len,
        )
        self._inter_char_timeout_s = settings.inter_char_timeout_s
        self._backoff = Backoff(settings.reconnect_min_s, settings.reconnect_max_s)
        self._worker: SerialWorker | None = None
        self._decoder = FrameDecoder(self.protocol, timeout_s=settings.inter_char_timeout_s)
        self._last_error = "not connected yet"

    # -- lifecycle hooks -----------------------------------------------------------------------------
    def _on_claim(self, timeout_s: float) -> None:
        """Start the worker and wait for its first open attempt: afterwards power is ONLINE or OFFLINE.

        Never raises for a missing port: the device goes OFFLINE and keeps retrying in the background.
        """
        settings = PortSettings(
            url=self.port,
            baudrate=self.protocol.baudrate,
            bytesize=self.protocol.bytesize,
            parity=self.protocol.parity,
            stopbits=self.protocol.stopbits,
            read_timeout_s=min(self._inter_char_timeout_s / 2, 0.1),
        )
        callbacks = LinkCallbacks(up=self._link_up, down=self._link_down, data=self._data, idle=self._idle)
        self._decoder = FrameDecoder(self.protocol, timeout_s=self._inter_char_timeout_s)
        self._worker = SerialWorker(self.name, settings, self._backoff, callbacks)
        self._worker.start()
        self._worker.wait_first_attempt(timeout_s)

    def _on_release(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    # -- worker callbacks (worker thread) ------------------------------------------------------------
    def _link_up(self) -> None:
        if self.power is PowerState.OFFLINE:
            self._count("reconnects")
        self._mark_available()

    def _link_down(self, reason: str) -> None:
        self._end_burst()
        self._last_error = reason
        self._count("communication_errors")
        self._mark_unavailable(reason)

    def _data(self, data: bytes) -> None:
        self._log.debug("%s RX %s", self.name, data.hex(" "), extra={"device": self.name})
        for frame in self._decoder.feed(data, time.monotonic()):
            self._deliver(frame)

    def _idle(self) -> None:
        for frame in self._decoder.idle(time.monotonic()):
            self._deliver(frame)

    def _end_burst(self) -> None:
        partial = self._decoder.flush()
        if partial is not None:
            self._deliver(partial)

    def _deliver(self, frame: Frame) -> None:
        if not self.enabled:
            self._log.debug("%s: frame dropped while disabled", self.name, extra={"device": self.name})
            return
        if isinstance(frame, DecodedScan):
            self._count("good_scans")
            self._emit(
                ScanReceived(
                    device=self.name, label=frame.label, symbology=frame.symbology, aim_id=frame.aim_id
                )
            )
            return
        self._count("partial_frames" if frame.code == "partial_frame" else "garbage_frames")
        self._log.info("%s: %s: %s", self.name, frame.code, frame.detail, extra={"device": self.name})
        self._emit(
            ErrorOccurred(device=self.name, locus=ErrorLocus.INPUT_DATA, code=frame.code, detail=frame.detail)
        )

    # -- contract --------------------------------------------------------------------------------------
    def beep(self) -> None:
        """No-op: a serial scanner beeps by itself on a good read and has no command channel to ask it to."""

    def check_health(self, level: HealthLevel) -> HealthResult:
        """INTERNAL: the port is open and the link up. EXTERNAL/INTERACTIVE cannot act on a receive-only
        scanner, so they send nothing and report the link, telling the technician to scan a test label."""
        label = level.name.capitalize()
        if self.state is DeviceState.CLOSED:
            return HealthResult(False, level, f"{label} HCheck: Failed (device is closed)")
        worker = self._worker
        ok = worker is not None and worker.is_open and self.power is PowerState.ONLINE
        link = f"port {self.port} open, online" if ok else f"offline: {self._last_error}"
        if level is HealthLevel.INTERNAL:
            return HealthResult(ok, level, f"Internal HCheck: {'Successful' if ok else 'Failed'} ({link})")
        return HealthResult(
            ok,
            level,
            f"{label} HCheck: nothing sent, this scanner is receive-only (no command channel); "
            f"scan a test label to check the reader ({link})",
        )

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(
            category=DeviceCategory.SCANNER,
            manufacturer=self.settings.manufacturer,
            model=self.settings.model,
            port=self.port,
        )
