"""The byte pipe to a printer: a pyserial URL (serial device, ``socket://host:9100``, ``rfc2217://…``) or
``usb://VID:PID`` through python-escpos's pyusb transport.

Why pyserial for serial and network rather than python-escpos's ``Serial``/``Network`` classes: those open
``serial.Serial(devfile)`` and a raw socket, so they cannot take the URL every driver here takes (tests point
it at ``socket://`` simulators) and their ``_read`` has no bounded timeout on the network side. USB has no
pyserial form, so python-escpos's ``Usb`` (bulk endpoints 0x82 in, 0x01 out by default) is used there.
"""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

import serial

from drivers.printer.settings import USB_PORT
from drivers.serial_worker import describe


class LinkError(Exception):
    """The pipe failed (unplugged, refused, reset); the driver reconnects."""


class Link(Protocol):
    def write(self, data: bytes) -> None: ...

    def read(self, timeout_s: float) -> bytes:
        """What arrived within ``timeout_s`` (possibly nothing); ``LinkError`` if the pipe is gone."""
        ...

    def close(self) -> None: ...


def open_link(url: str, baudrate: int) -> Link:
    match = USB_PORT.match(url)
    return UsbLink(int(match["vid"], 16), int(match["pid"], 16)) if match else SerialLink(url, baudrate)


class SerialLink:
    """8N1 with hardware flow control off: most USB-COM and LAN printers need none, and a pty has none."""

    def __init__(self, url: str, baudrate: int) -> None:
        try:
            self._port: Any = serial.serial_for_url(url, baudrate=baudrate, timeout=0.05, write_timeout=30)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise LinkError(f"cannot open {url}: {describe(exc)}") from exc
        self._url = url

    def write(self, data: bytes) -> None:
        try:
            self._port.write(data)
            self._port.flush()
        except (serial.SerialException, OSError) as exc:
            raise LinkError(f"write to {self._url} failed: {describe(exc)}") from exc

    def read(self, timeout_s: float) -> bytes:
        try:
            if self._port.timeout != timeout_s:  # a tty reconfigures termios on every change
                self._port.timeout = timeout_s
            first: bytes = self._port.read(1)
            return first + (
                self._port.read(self._port.in_waiting) if first and self._port.in_waiting else b""
            )
        except (serial.SerialException, OSError) as exc:
            raise LinkError(f"link lost on {self._url}: {describe(exc)}") from exc

    def close(self) -> None:
        with contextlib.suppress(serial.SerialException, OSError):  # already gone; nothing to release
            self._port.close()


class UsbLink:
    """python-escpos's pyusb printer, read with a timeout in ms. Not exercised by the tests (no USB
    printer or gadget on CI); the driver logic above it is the same as for the tested links."""

    def __init__(self, vendor: int, product: int) -> None:
        try:
            from escpos.printer import Usb  # pyusb is imported only for USB printers

            self._printer: Any = Usb(vendor, product, timeout=1000)
            self._printer.open()
        except Exception as exc:  # pyusb raises its own errors, DeviceNotFoundError, or ImportError
            raise LinkError(f"cannot open USB printer {vendor:04x}:{product:04x}: {exc}") from exc

    def write(self, data: bytes) -> None:
        try:
            self._printer._raw(data)
        except Exception as exc:  # usb.core.USBError and friends
            raise LinkError(f"USB write failed: {exc}") from exc

    def read(self, timeout_s: float) -> bytes:
        device = self._printer.device
        try:
            return bytes(device.read(self._printer.in_ep, 16, int(timeout_s * 1000)))
        except Exception as exc:
            if "timed out" in str(exc).lower() or getattr(exc, "errno", None) == 110:
                return b""
            raise LinkError(f"USB read failed: {exc}") from exc

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the device is already gone
            self._printer.close()
