"""A camera recording: scenes written as an MJPG video file, which ``cv2.VideoCapture`` plays back like a
camera (the driver's port can be a file path). For reproducing a field problem from a recorded clip too."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import cv2

from simulators.camera.scene import Scene, render


def write_video(
    path: Path,
    scenes: Iterable[Scene],
    *,
    frames_each: int = 4,
    fps: float = 15.0,
    size: tuple[int, int] = (640, 480),
) -> int:
    """Write every scene for ``frames_each`` frames (each with fresh sensor noise); returns the frame count."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, size)
    if not writer.isOpened():
        raise OSError(f"cannot write a video to {path}")
    written = 0
    try:
        for scene in scenes:
            for n in range(frames_each):
                writer.write(render(scene, size[0], size[1], n))
                written += 1
    finally:
        writer.release()
    return written
