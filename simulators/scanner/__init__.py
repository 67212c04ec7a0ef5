"""Serial barcode scanner simulator: the device end of ``drivers.scanner.SerialScanner``'s wire.

Run one by hand with ``python -m simulators.scanner --control-port 5002`` and drive it with ``nc``.
"""

from simulators.scanner.encoder import ScannerProgramming
from simulators.scanner.simulator import ScannerFaults, SerialScannerSimulator
from simulators.wire import NoHostError

__all__ = ["NoHostError", "ScannerFaults", "ScannerProgramming", "SerialScannerSimulator"]
