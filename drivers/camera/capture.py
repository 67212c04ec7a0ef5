"""Where frames come from: OpenCV's ``VideoCapture`` (FFmpeg for URLs and files, V4L2 for ``/dev/video*``).

A seam, so unit tests can feed arrays; the simulator-backed tests and the demo use the real one. FFmpeg's
open and read time-outs are set explicitly: without them a camera that accepts the connection but sends
nothing would block the worker (and ``close()``) for ever.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Protocol

from numpy.typing import NDArray

Frame = NDArray[Any]  # BGR or grey, 8-bit


class FrameSource(Protocol):
    def read(self) -> Frame | None:
        """The next frame (BGR or grey), or ``None`` when the stream has ended or broken."""
        ...

    def close(self) -> None: ...


CaptureFactory = Callable[[str], FrameSource | None]
"""Open a source by its URL; ``None`` when it cannot be opened now."""


class OpenCvCapture:
    def __init__(self, capture: object) -> None:
        self._capture = capture

    def read(self) -> Frame | None:
        ok, frame = self._capture.read()  # type: ignore[attr-defined]
        return frame if ok else None

    def close(self) -> None:
        self._capture.release()  # type: ignore[attr-defined]


def _quiet_ffmpeg() -> None:
    """FFmpeg prints every failed connection to stderr; the driver reports "unavailable" and "back" itself,
    once each. Set before OpenCV is first imported; a value the operator set is kept."""
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # AV_LOG_QUIET
    os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")


def opencv_factory(
    *, open_timeout_s: float, read_timeout_s: float, width: int | None = None, height: int | None = None
) -> CaptureFactory:
    _quiet_ffmpeg()

    def open_capture(url: str) -> FrameSource | None:
        import cv2

        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)  # imported before us: set it here

        params = [
            cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
            int(open_timeout_s * 1000),
            cv2.CAP_PROP_READ_TIMEOUT_MSEC,
            int(read_timeout_s * 1000),
        ]
        if width and height:
            params += [cv2.CAP_PROP_FRAME_WIDTH, width, cv2.CAP_PROP_FRAME_HEIGHT, height]
        device = url.removeprefix("v4l2:") if url.startswith(("v4l2:", "/dev/video")) else None
        if device is not None:
            source = (
                int(device.removeprefix("/dev/video")) if device.startswith("/dev/video") else int(device)
            )
            capture = cv2.VideoCapture(source, cv2.CAP_V4L2, params)
        else:
            capture = cv2.VideoCapture(url, cv2.CAP_FFMPEG, params)
        if not capture.isOpened():
            capture.release()
            return None
        return OpenCvCapture(capture)

    return open_capture
