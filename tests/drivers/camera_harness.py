"""Harnesses that put a :class:`CameraScanner` in front of a world: the HTTP camera simulator (the real
OpenCV/FFmpeg capture path) or, through the driver's capture seam, rendered frames handed over in-process."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from drivers.base import PowerState
from drivers.camera.camera_scanner import CameraScanner
from drivers.camera.capture import CaptureFactory, Frame, FrameSource
from drivers.camera.settings import CameraScannerSettings
from drivers.contracts import Symbology
from simulators.camera import CameraSimulator, Scene, Symbol, render, side_by_side
from tests.drivers.recorder import WAIT_S, EventRecorder

SYMBOLS = {
    Symbology.EAN13: Symbol.EAN13,
    Symbology.EAN8: Symbol.EAN8,
    Symbology.QRCODE: Symbol.QR,
    Symbology.GS1_DATAMATRIX: Symbol.GS1_DATAMATRIX,
}
PAIR = ("5901234123457", "9780201379624")  # two real EAN-13s, neither used by the contract's scans


def fast_camera(port: str, capture: CaptureFactory | None = None, **settings: Any) -> CameraScanner:
    """Timings for tests: reconnects within milliseconds."""
    model = CameraScannerSettings(port=port, reconnect_min_s=0.02, reconnect_max_s=0.1, **settings)
    return CameraScanner("camera", model, capture=capture)


class HttpHarness:
    """The driver on the MJPEG simulator: ``cv2.VideoCapture`` over HTTP, as in the demo."""

    failed_attempts = 3

    def __init__(self, **settings: Any) -> None:
        self.sim = CameraSimulator(fps=20)
        self.device = fast_camera(self.sim.url, **settings)
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()
        if self.device.power is PowerState.ONLINE:
            self.after_online()

    def scan(self, label: str, symbology: Symbology) -> None:
        self.sim.show(label, SYMBOLS[symbology])

    def garbage(self) -> None:
        self.sim.show_pair(*PAIR)

    def partial(self, label: str) -> None:
        self.sim.clear()
        self.sim.flash(label)

    def unplug(self) -> None:
        self.sim.unplug()

    def replug(self) -> None:
        self.sim.replug()

    def after_online(self) -> None:
        assert self.sim.wait_for_client(WAIT_S)

    def close(self) -> None:
        self.device.close()
        self.sim.close()


class _Frames:
    """What the seam hands the driver: one rendered frame per ``read``, every 20 ms, like a camera's stream."""

    def __init__(self, world: SeamWorld) -> None:
        self._world = world

    def read(self) -> Frame | None:
        return self._world.next_frame()

    def close(self) -> None:
        pass


class SeamWorld:
    """The camera's view for the seam: a function of the frame number (so noise differs frame to frame)."""

    def __init__(self) -> None:
        self.plugged = True
        self._view: Callable[[int], Frame] = lambda n: render(Scene(None), frame_no=n)
        self._flash: Callable[[int], Frame] | None = None
        self._n = 0

    def open(self, url: str) -> FrameSource | None:
        return _Frames(self) if self.plugged else None

    def next_frame(self) -> Frame | None:
        time.sleep(0.02)
        if not self.plugged:
            return None
        view, self._flash = (self._flash or self._view), None
        self._n += 1
        return view(self._n % 4)

    def show(self, view: Callable[[int], Frame]) -> None:
        self._view = view

    def flash(self, view: Callable[[int], Frame]) -> None:
        self._flash = view


class SeamHarness:
    """The driver without OpenCV capture or a network: rendered frames through the capture seam."""

    failed_attempts = 3

    def __init__(self, **settings: Any) -> None:
        self.world = SeamWorld()
        self.device = fast_camera("seam://camera", capture=self.world.open, **settings)
        self.events = EventRecorder(self.device)

    def start(self) -> None:
        self.device.start()

    def scan(self, label: str, symbology: Symbology) -> None:
        scene = Scene(label, SYMBOLS[symbology], module_px=_module_px(symbology))
        self.world.show(lambda n: render(scene, frame_no=n))

    def garbage(self) -> None:
        first, second = (Scene(code, module_px=2.5, seed=i) for i, code in enumerate(PAIR))
        self.world.show(lambda n: side_by_side(first, second, frame_no=n))

    def partial(self, label: str) -> None:
        self.world.show(lambda n: render(Scene(None), frame_no=n))
        self.world.flash(lambda n: render(Scene(label), frame_no=n))

    def unplug(self) -> None:
        self.world.plugged = False

    def replug(self) -> None:
        self.world.plugged = True

    def after_online(self) -> None:
        pass

    def close(self) -> None:
        self.device.close()


def _module_px(symbology: Symbology) -> float:
    return 3.0 if symbology in (Symbology.EAN13, Symbology.EAN8) else 4.0
