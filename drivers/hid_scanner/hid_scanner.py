"""Driver for a HID keyboard-wedge barcode scanner read through evdev (devices.md §3.3).

The worker owns an evdev device (grabbed, so no keystroke reaches the desktop or a dialog — the classic
"Enter dismissed the item-not-found prompt" bug) or, in tests and the demo, a ``socket://`` seam carrying the
same ``struct input_event`` records. Records become ``evdev.InputEvent``s, key codes become characters
through the layout table (:mod:`drivers.hid_scanner.keys`), Enter ends a code. Reconnect and back-off are the
serial drivers' (:mod:`drivers.serial_worker`); an unplugged wedge raises ``ENODEV`` like a serial port.
"""

from __future__ import annotations

import time
from typing import Any

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
from drivers.contracts import Scanner, ScanReceived, Symbology
from drivers.hid_scanner.events import EvdevPort, EventStreamDecoder, find_device
from drivers.hid_scanner.keys import BadCode, KeyDecoder, Typed, WedgeKeymap
from drivers.hid_scanner.layouts import layout_table, parse_chord
from drivers.hid_scanner.settings import USB_ID, HidScannerSettings
from drivers.scanner.aim import split_aim
from drivers.serial_worker import Backoff, LinkCallbacks, PortSettings, SerialWorker


class HidScanner(Scanner):
    """Counters as the serial scanner's: ``good_scans``, ``garbage_frames`` (unmapped keys, oversize codes,
    a missing AIM id), ``partial_frames`` (no Enter before the gap), ``communication_errors``, ``reconnects``."""

    def __init__(self, name: str, settings: HidScannerSettings) -> None:
        super().__init__(name)
        self.settings = settings
        self.keymap = WedgeKeymap(
            layout_table(settings.layout, settings.key_overrides),
            parse_chord(settings.gs_key),
            num_lock=settings.num_lock,
            max_length=settings.max_length,
        )
        self._worker: SerialWorker | None = None
        self._records = EventStreamDecoder()
        self._keys = KeyDecoder(self.keymap, settings.inter_key_timeout_s)
        self._last_error = "not connected yet"

    def _open_port(self, port: PortSettings) -> Any:
        """The evdev device (found by VID:PID if so configured); ``socket://`` goes to pyserial instead."""
        match = USB_ID.fullmatch(port.url)
        path = find_device(int(match[1], 16), int(match[2], 16)) if match else port.url
        return EvdevPort(path, port.read_timeout_s, grab=self.settings.grab)

    # -- lifecycle hooks -----------------------------------------------------------------------------
    def _on_claim(self, timeout_s: float) -> None:
        s = self.settings
        port = PortSettings(url=s.port, read_timeout_s=min(s.inter_key_timeout_s / 2, 0.1))
        callbacks = LinkCallbacks(up=self._link_up, down=self._link_down, data=self._data, idle=self._idle)
        opener = None if s.port.startswith("socket://") else self._open_port
        self._worker = SerialWorker(
            self.name, port, Backoff(s.reconnect_min_s, s.reconnect_max_s), callbacks, opener=opener
        )
        self._worker.start()
        self._worker.wait_first_attempt(timeout_s)

    def _on_release(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    # -- worker callbacks ------------------------------------------------------------------------------
    def _link_up(self) -> None:
        self._records.clear()
        self._keys = KeyDecoder(self.keymap, self.settings.inter_key_timeout_s)  # no half code, no held keys
        if self.power is PowerState.OFFLINE:
            self._count("reconnects")
        self._mark_available()

    def _link_down(self, reason: str) -> None:
        self._deliver_all(self._keys.flush())
        self._last_error = reason
        self._count("communication_errors")
        self._mark_unavailable(reason)

    def _data(self, data: bytes) -> None:
        for event in self._records.feed(data):
            self._deliver_all(self._keys.feed(event))

    def _idle(self) -> None:
        self._deliver_all(self._keys.idle(time.time()))  # evdev timestamps are CLOCK_REALTIME by default

    def _deliver_all(self, results: list[Typed]) -> None:
        for result in results:
            self._deliver(result)

    def _deliver(self, result: Typed) -> None:
        if not self.enabled:
            return
        if isinstance(result, BadCode):
            self._reject(result.code, result.detail)
            return
        text, symbology, aim_id = result.text, Symbology.UNKNOWN, None
        if self.settings.aim_ids:
            split = split_aim(text)
            if split is None:
                self._reject("garbage_frame", f"no AIM identifier before {len(text)} typed characters")
                return
            text, symbology, aim_id = split.data, split.symbology, split.aim_id
        self._count("good_scans")
        self._emit(ScanReceived(device=self.name, label=text, symbology=symbology, aim_id=aim_id))

    def _reject(self, code: str, detail: str) -> None:
        self._count("partial_frames" if code == "partial_frame" else "garbage_frames")
        self._log.info("%s: %s: %s", self.name, code, detail, extra={"device": self.name})
        self._emit(ErrorOccurred(device=self.name, locus=ErrorLocus.INPUT_DATA, code=code, detail=detail))

    # -- contract --------------------------------------------------------------------------------------
    def beep(self) -> None:
        """No-op: a keyboard wedge has no command channel (it beeps by itself on a good read)."""

    def check_health(self, level: HealthLevel) -> HealthResult:
        """INTERNAL: the device is open (and grabbed) and online. EXTERNAL/INTERACTIVE cannot act on a
        keyboard, so they report the link and ask the technician to scan a test label."""
        label = level.name.capitalize()
        if self.state is DeviceState.CLOSED:
            return HealthResult(False, level, f"{label} HCheck: Failed (device is closed)")
        worker = self._worker
        ok = worker is not None and worker.is_open and self.power is PowerState.ONLINE
        link = f"{self.settings.port} open, online" if ok else f"offline: {self._last_error}"
        if level is HealthLevel.INTERNAL:
            return HealthResult(ok, level, f"Internal HCheck: {'Successful' if ok else 'Failed'} ({link})")
        verdict = "Successful" if ok else "Failed"
        return HealthResult(
            ok, level, f"{label} HCheck: {verdict} (nothing sent to a keyboard; scan a test label) ({link})"
        )

    def device_info(self) -> DeviceInfo:
        s = self.settings
        return DeviceInfo(
            category=DeviceCategory.SCANNER, manufacturer=s.manufacturer, model=s.model, port=s.port
        )
