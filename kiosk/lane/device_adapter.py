"""Turns device events into lane messages. Runs on each device's worker thread, so it only posts.

This is the one place where the HAL's vocabulary (``ScanReceived``, ``StatusUpdated``, ``ErrorOccurred``)
meets the lane's (``BarcodeScanned``, ``DeviceAvailabilityChanged``, ``DeviceInputRejected``).
"""

from __future__ import annotations

from collections.abc import Callable

from drivers.base import Device, DeviceEvent, ErrorLocus, ErrorOccurred, PowerState, StatusUpdated
from drivers.contracts import ScanReceived
from kiosk.lane import messages as m


def forward_device_events(device: Device, post: Callable[[m.Message], None]) -> None:
    """Subscribe ``post`` (the lane's inbox) to everything ``device`` reports."""

    def on_event(event: DeviceEvent) -> None:
        if isinstance(event, ScanReceived):
            post(m.BarcodeScanned(event.label, source=event.device, symbology=event.symbology.name))
        elif isinstance(event, StatusUpdated):
            post(m.DeviceAvailabilityChanged(event.device, event.power is PowerState.ONLINE, event.status))
        elif isinstance(event, ErrorOccurred) and event.locus is ErrorLocus.INPUT_DATA:
            post(m.DeviceInputRejected(event.device, event.code, event.detail))

    device.subscribe(on_event)
