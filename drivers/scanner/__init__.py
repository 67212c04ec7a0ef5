"""Barcode scanners: the serial driver, its framing/AIM codec, and an in-process fake.

``SerialScanner`` is the real driver (pyserial URL, AIM identifiers, reconnect); ``FakeScanner`` lives in
:mod:`drivers.scanner.fake` for tests. Imports nothing outside ``drivers``.
"""

from drivers.scanner.framing import SerialScannerProtocol
from drivers.scanner.serial_scanner import SerialScanner

__all__ = ["SerialScanner", "SerialScannerProtocol"]
