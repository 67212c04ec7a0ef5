"""A camera used as a barcode scanner: frames in, confirmed reads out as ``ScanReceived``.

One worker thread owns the capture: it opens the source (retrying with a capped back-off while it cannot),
reads frames, decodes each with the configured back-ends and passes the reads through
:class:`~drivers.camera.confirm.ReadConfirmer`; only confirmed reads become scans. Decoding runs only while
enabled, so a disabled camera costs the capture alone.

Counters: ``good_scans``; ``garbage_frames`` (frames with two different codes of one symbology — ambiguous,
nothing accepted); ``partial_frames`` (codes read but gone before they were confirmed — swept past too fast, or
a phantom); ``frames`` and ``decoded_frames`` (a still view is not decoded: see :mod:`.motion`);
``communication_errors`` (failed opens and broken streams); ``reconnects``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import ClassVar

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
from drivers.camera.capture import CaptureFactory, Frame, FrameSource, opencv_factory
from drivers.camera.confirm import FrameVerdict, ReadConfirmer
from drivers.camera.decoders import CascadeDecoder, Read
from drivers.camera.motion import MotionGate
from drivers.camera.settings import CameraScannerSettings
from drivers.contracts import Scanner, ScanReceived
from drivers.serial_worker import Backoff


@dataclass(frozen=True, slots=True)
class _FrameStats:
    at: float  # monotonic time the last frame arrived
    shape: tuple[int, ...]
    decode_ms: float | None  # of the last frame decoded (None: none yet, or disabled)


class CameraScanner(Scanner):
    counter_names: ClassVar[tuple[str, ...]] = (*Scanner.counter_names, "frames", "decoded_frames")

    settings_model = CameraScannerSettings

    def __init__(
        self, name: str, settings: CameraScannerSettings, *, capture: CaptureFactory | None = None
    ) -> None:
        """``capture`` replaces OpenCV as the frame source (the seam tests use to feed frames in-process)."""
        super().__init__(name)
        self.settings = settings
        self.port = settings.port
        self._capture = capture or opencv_factory(
            open_timeout_s=self.settings.open_timeout_s,
            read_timeout_s=self.settings.read_timeout_s,
            width=self.settings.width,
            height=self.settings.height,
        )
        self._backoff = Backoff(self.settings.reconnect_min_s, self.settings.reconnect_max_s)
        self._decoder: CascadeDecoder | None = None
        self._stop = threading.Event()
        self._first_attempt = threading.Event()
        self._thread: threading.Thread | None = None
        self._last: _FrameStats | None = None
        self._last_error = "not connected yet"
        self._decode_failures = 0  # logged on the first only: at 30 fps a bug would flood the log

    # -- lifecycle hooks -----------------------------------------------------------------------------
    def _on_open(self) -> None:
        # Build the decoders here, not per frame: importing zxing-cpp/pyzbar and building the format sets
        # is the slow part of start-up, and a missing libzbar must fail open(), not the worker.
        self._decoder = CascadeDecoder(self.settings.resolved_order(), try_invert=self.settings.try_invert)

    def _on_claim(self, timeout_s: float) -> None:
        self._stop.clear()
        self._first_attempt.clear()
        self._thread = threading.Thread(target=self._run, name=f"camera-{self.name}", daemon=True)
        self._thread.start()
        self._first_attempt.wait(timeout_s)

    def _on_release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.settings.read_timeout_s + 1.0)
            self._thread = None

    # -- worker ----------------------------------------------------------------------------------------
    def _run(self) -> None:
        delay: float | None = None
        while not self._stop.is_set():
            source = self._open()
            if source is None:
                self._first_attempt.set()
                delay = self._backoff.after(delay)
                self._stop.wait(delay)
                continue
            delay = None
            try:
                self._pump(source)
            finally:
                source.close()

    def _open(self) -> FrameSource | None:
        try:
            source = self._capture(self.port)
        except Exception as exc:  # any capture back-end failure means "not reachable now"
            source, self._last_error = None, f"{type(exc).__name__}: {exc}"
        else:
            if source is None:
                self._last_error = f"cannot open {self.port}"
        if source is None:
            self._count("communication_errors")
            self._mark_unavailable(self._last_error)
        return source

    def _pump(self, source: FrameSource) -> None:
        confirmer = ReadConfirmer(self.settings.confirm_frames, self.settings.rearm_frames)
        gate = MotionGate(self.settings.motion_threshold, self.settings.motion_hold_frames)
        while not self._stop.is_set():
            frame = source.read()
            if frame is None:
                self._last_error = "stream ended or broke"
                self._count("communication_errors")
                self._mark_unavailable(self._last_error)
                return
            if self.power is not PowerState.ONLINE:
                if self.power is PowerState.OFFLINE:
                    self._count("reconnects")
                self._mark_available()
                self._first_attempt.set()
            self._count("frames")
            self._last = _FrameStats(
                time.monotonic(), frame.shape, self._last.decode_ms if self._last else None
            )
            if self.enabled:
                try:
                    reads = self._decode(frame, gate)
                except Exception:  # a decoder bug must cost one frame, never the camera
                    if not self._decode_failures:
                        self._log.exception("%s: decoding failed", self.name, extra={"device": self.name})
                    self._decode_failures += 1
                    continue
                self._deliver(confirmer.feed(reads))

    def _decode(self, frame: Frame, gate: MotionGate) -> list[Read]:
        """The frame's reads; none without decoding when the view has been still for a while."""
        import cv2

        started = time.perf_counter()
        gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        if not gate.wants(gray):
            return []
        self._count("decoded_frames")
        assert self._decoder is not None  # built in open(), before the worker starts
        reads = self._decoder.decode(gray)
        self._last = _FrameStats(time.monotonic(), frame.shape, (time.perf_counter() - started) * 1000)
        return reads

    def _deliver(self, verdict: FrameVerdict) -> None:
        for read in verdict.accepted:
            self._count("good_scans")
            self._emit(
                ScanReceived(device=self.name, label=read.text, symbology=read.symbology, aim_id=read.aim_id)
            )
        for family in verdict.ambiguous:
            self._reject("garbage_frames", "garbage_frame", f"two different {family} codes in view")
        for value in verdict.unconfirmed:
            self._reject(
                "partial_frames", "partial_frame", f"read in too few frames to confirm ({len(value)} chars)"
            )

    def _reject(self, counter: str, code: str, detail: str) -> None:
        self._count(counter)
        self._log.info("%s: %s: %s", self.name, code, detail, extra={"device": self.name})
        self._emit(ErrorOccurred(device=self.name, locus=ErrorLocus.INPUT_DATA, code=code, detail=detail))

    # -- contract --------------------------------------------------------------------------------------
    def beep(self) -> None:
        """No-op: a camera has no sounder; the lane's own good-read tone is the feedback."""

    def check_health(self, level: HealthLevel) -> HealthResult:
        """INTERNAL: frames are arriving (one within the last two read time-outs). EXTERNAL/INTERACTIVE:
        the same, plus the frame size and the last frame's decode time — a technician aims the camera at a
        test label to check the reader itself."""
        label = level.name.capitalize()
        if self.state is DeviceState.CLOSED:
            return HealthResult(False, level, f"{label} HCheck: Failed (device is closed)")
        last = self._last
        fresh = last is not None and time.monotonic() - last.at < 2 * self.settings.read_timeout_s
        ok = self.power is PowerState.ONLINE and fresh
        if not ok:
            return HealthResult(False, level, f"{label} HCheck: Failed (no frames: {self._last_error})")
        detail = f"frames from {self.port}"
        if level is not HealthLevel.INTERNAL and last is not None:
            size = "x".join(str(n) for n in last.shape[1::-1])
            decode = (
                "no frame decoded yet" if last.decode_ms is None else f"last decode {last.decode_ms:.1f} ms"
            )
            detail += f", {size}, {decode}; show a test label to check reading"
        return HealthResult(True, level, f"{label} HCheck: Successful ({detail})")

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(
            category=DeviceCategory.SCANNER,
            manufacturer=self.settings.manufacturer,
            model=self.settings.model,
            port=self.port,
        )
