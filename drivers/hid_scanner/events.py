"""The byte form of Linux input events and the port that yields it: an evdev device, or a TCP test seam.

``/dev/input/eventN`` is read as a stream of ``struct input_event`` records (``linux/input.h``: a
``struct timeval`` then ``__u16 type, __u16 code, __s32 value``; 24 bytes on 64-bit Linux). The driver reads
that stream from either

- :class:`EvdevPort`: the real device, opened with evdev and *grabbed* (``EVIOCGRAB``), so keystrokes reach
  only us and never the desktop, a dialog or the kiosk window; or
- ``socket://host:port`` through pyserial: the same records from a simulator, because this machine (and CI)
  has no ``/dev/uinput`` to create a kernel keyboard (devices.md §7). Grabbing cannot be simulated there.

Both look like a pyserial port to :class:`drivers.serial_worker.SerialWorker` (``read``/``write``/
``in_waiting``/``close``), so reconnect and back-off are the serial drivers' own.
"""

from __future__ import annotations

import contextlib
import os
import select
import struct
from typing import Any, Final

import evdev

EVENT: Final = struct.Struct("@llHHi")
"""``struct input_event`` in this machine's ABI (native ``long`` for the timeval fields)."""


class EventStreamDecoder:
    """Cuts a byte stream into ``evdev.InputEvent`` records; keeps a partial record for the next chunk."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[evdev.InputEvent]:
        self._buffer += data
        whole = len(self._buffer) - len(self._buffer) % EVENT.size
        events = [evdev.InputEvent(*fields) for fields in EVENT.iter_unpack(bytes(self._buffer[:whole]))]
        del self._buffer[:whole]
        return events

    def clear(self) -> None:
        self._buffer.clear()


def find_device(vendor_id: int, product_id: int) -> str:
    """The ``/dev/input/event*`` path of the first keyboard interface with this USB VID:PID."""
    for path in evdev.list_devices():
        device = evdev.InputDevice(path)
        try:
            if (device.info.vendor, device.info.product) == (
                vendor_id,
                product_id,
            ) and evdev.ecodes.EV_KEY in (device.capabilities()):
                return str(path)
        finally:
            device.close()
    raise OSError(f"no input device {vendor_id:04x}:{product_id:04x} is plugged in")


class EvdevPort:
    """A grabbed evdev device behind the little of pyserial's interface the worker uses. Raises ``OSError``
    (``ENODEV`` when unplugged) exactly where a serial port would raise, so the worker reconnects."""

    def __init__(self, path: str, timeout_s: float, grab: bool = True) -> None:
        self._device: Any = evdev.InputDevice(path)
        self._timeout = timeout_s
        try:
            if grab:
                self._device.grab()
        except OSError:
            self._device.close()
            raise
        self.is_open = True
        self.in_waiting = 0

    def read(self, size: int) -> bytes:
        fd = self._device.fd
        ready, _, _ = select.select([fd], [], [], self._timeout)
        if not ready:
            return b""
        data = os.read(fd, EVENT.size * 64)  # evdev reads whole records only
        if not data:
            raise OSError("input device closed")
        return data

    def write(self, data: bytes) -> int:
        raise OSError("a keyboard wedge takes no commands")

    def close(self) -> None:
        self.is_open = False
        with contextlib.suppress(OSError):  # unplugged: nothing left to release
            self._device.ungrab()
        self._device.close()
