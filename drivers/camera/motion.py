"""Decode only while something moves in front of the camera (and a while after).

A camera scanner that decodes every frame of an idle lane burns a third of a core for nothing: empty frames
cost as much as frames with a code (devices.md §3.4). Comparing each frame with the previous one at 1/8 size
costs ~0.1 ms and tells "a pack is being presented" from "nothing changed": sensor noise averages out in an
8×8 block, a hand or a pack does not. After the last change the decoder keeps going for ``hold_frames``, so
a pack held still is read (confirmation needs consecutive frames) and a slow shopper is not missed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray


class MotionGate:
    def __init__(self, threshold: float, hold_frames: int) -> None:
        """``threshold``: mean absolute difference in grey levels (0–255) between consecutive downscaled
        frames that counts as movement; 0 decodes every frame."""
        self.threshold, self.hold_frames = threshold, hold_frames
        self._previous: NDArray[Any] | None = None
        self._left = 0

    def wants(self, gray: NDArray[Any]) -> bool:
        """Whether this frame should be decoded."""
        if self.threshold <= 0:
            return True
        import cv2

        small = cv2.resize(gray, (gray.shape[1] // 8, gray.shape[0] // 8), interpolation=cv2.INTER_AREA)
        small = small.astype(np.int16)
        previous = self._previous
        moved = previous is None or small.shape != previous.shape
        if previous is not None and not moved:
            moved = float(np.mean(np.abs(small - previous))) > self.threshold
        self._previous = small
        if moved:
            self._left = self.hold_frames
            return True
        if self._left > 0:
            self._left -= 1
            return True
        return False
