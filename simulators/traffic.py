"""Frame log in the hex + ASCII format of the technician diagnostics screen (devices.md §1.10 item 6, §7).

One line per frame: UTC timestamp, direction, byte count, hex, then ASCII with non-printables as ``.``::

    2025-01-31T09:15:02.117Z D>H  17  5d 45 30 34 30 30 36 33 38 31 33 33 33 39 33 31 0d  ]E04006381333931.

``D>H`` is device to host, ``H>D`` host to device, the same for every simulator and the diagnostics screen.
"""

from __future__ import annotations

import enum
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime


class Direction(enum.StrEnum):
    TO_HOST = "D>H"
    TO_DEVICE = "H>D"


def ascii_column(data: bytes) -> str:
    return "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in data)


@dataclass(frozen=True, slots=True)
class TrafficRecord:
    direction: Direction
    data: bytes
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def format(self) -> str:
        stamp = self.at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{self.at.microsecond // 1000:03d}Z"
        return (
            f"{stamp} {self.direction} {len(self.data):3d}  {self.data.hex(' ')}  {ascii_column(self.data)}"
        )


class TrafficLog:
    """The last ``capacity`` frames, thread-safe: written by I/O threads, read by tests and control panels."""

    def __init__(self, capacity: int = 200) -> None:
        self._records: deque[TrafficRecord] = deque(maxlen=capacity)
        self._lock = threading.Lock()

    def record(self, direction: Direction, data: bytes) -> TrafficRecord:
        entry = TrafficRecord(direction, data)
        with self._lock:
            self._records.append(entry)
        return entry

    def records(self) -> list[TrafficRecord]:
        with self._lock:
            return list(self._records)

    def lines(self) -> list[str]:
        return [r.format() for r in self.records()]
