"""When a camera read becomes a scan: seen alike in consecutive frames, never while the view is ambiguous.

A hand-held scanner reads once per trigger; a camera sees the same pack 15–60 times a second, and any one
frame can yield a phantom (zxing-cpp returns wrong EAN-13s that pass the check digit — devices.md §3.4).
Rules, per symbology family:

* **confirm**: a value is accepted when it is read in ``frames`` consecutive frames (default 2);
* **ambiguous**: a frame with two different values of one family (two packs in view) confirms nothing for
  that family and breaks the run — the lane cannot know which pack the shopper meant (reported once per
  stretch of such frames);
* **re-arm**: an accepted value is not accepted again until it has been out of view for ``rearm_frames``
  consecutive frames, so a pack held still is one scan and the same pack shown again is a second one;
* **unconfirmed**: a value read but never confirmed before it left view is reported (a code swept past too
  fast, or a phantom), so the technician screen can count them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from drivers.camera.decoders import Read, family
from drivers.camera.symbologies import CameraSymbology


@dataclass(frozen=True, slots=True)
class FrameVerdict:
    accepted: list[Read] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)  # values that left view without being confirmed
    ambiguous: list[CameraSymbology] = field(default_factory=list)


@dataclass(slots=True)
class _Track:
    value: str | None = None
    run: int = 0  # consecutive frames with ``value``
    confirmed: bool = False
    accepted: str | None = None  # the last value accepted …
    absent: int = 0  # … and for how many frames it has been out of view
    ambiguous: bool = False  # the previous frame had two different values


class ReadConfirmer:
    def __init__(self, frames: int = 2, rearm_frames: int = 5) -> None:
        if frames < 1 or rearm_frames < 1:
            raise ValueError("frames and rearm_frames must be at least 1")
        self.frames, self.rearm_frames = frames, rearm_frames
        self._tracks: dict[CameraSymbology, _Track] = {}

    def feed(self, reads: Iterable[Read]) -> FrameVerdict:
        """Feed one frame's reads (an empty list for a frame with none); returns what it decided."""
        by_family: dict[CameraSymbology, dict[str, Read]] = {}
        for read in reads:
            by_family.setdefault(family(read), {}).setdefault(read.text, read)
        verdict = FrameVerdict()
        for fam in set(self._tracks) | set(by_family):
            track = self._tracks.setdefault(fam, _Track())
            values = by_family.get(fam, {})
            if len(values) > 1:
                if not track.ambiguous:  # once per episode: two packs held up for a second are 30 frames
                    verdict.ambiguous.append(fam)
                track.ambiguous = True
                self._lose(track, verdict)
                continue
            track.ambiguous = False
            seen = next(iter(values.values()), None)
            self._rearm(track, seen)
            if seen is None:
                self._lose(track, verdict)
                continue
            read = seen
            if read.text == track.value:
                track.run += 1
            else:
                self._lose(track, verdict)
                track.value, track.run = read.text, 1
            if track.run >= self.frames and not track.confirmed:
                track.confirmed = True
                if track.accepted != read.text:
                    track.accepted, track.absent = read.text, 0
                    verdict.accepted.append(read)
        return verdict

    def _rearm(self, track: _Track, read: Read | None) -> None:
        if track.accepted is None:
            return
        if read is not None and read.text == track.accepted:
            track.absent = 0
            return
        track.absent += 1
        if track.absent >= self.rearm_frames:
            track.accepted = None

    @staticmethod
    def _lose(track: _Track, verdict: FrameVerdict) -> None:
        """The current run ended (the value left view or the view became ambiguous)."""
        if track.value is not None and not track.confirmed:
            verdict.unconfirmed.append(track.value)
        track.value, track.run, track.confirmed = None, 0, False
