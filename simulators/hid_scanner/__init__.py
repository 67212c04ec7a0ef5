"""Keyboard-wedge scanner simulator: types a barcode as Linux input events (``struct input_event``) over TCP.

What is simulated: the key-event stream a USB HID wedge produces through evdev, record for record, including
Shift around capitals, the GS chord and Enter. What is not: the kernel device itself (no ``/dev/uinput``
here), so grabbing, device discovery by VID:PID and hot-plug of ``/dev/input/event*`` are not exercised.
Run one by hand with ``python -m simulators.hid_scanner --control-port 5005``.
"""

from simulators.hid_scanner.simulator import HidWedgeSimulator
from simulators.hid_scanner.typist import WedgeProgramming, keystrokes, pack_events

__all__ = ["HidWedgeSimulator", "WedgeProgramming", "keystrokes", "pack_events"]
