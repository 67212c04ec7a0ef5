"""ESC/POS receipt printer simulator: the device end of ``drivers.printer.EscPosPrinter``'s wire.

Run one by hand with ``python -m simulators.printer --control-port 5003``; print to it with
``printf '\\x1b@Hello\\n\\x1dV\\x00' | nc -q1 127.0.0.1 9100`` and ``echo SAVE /tmp/r.png | nc …``.
"""

from simulators.printer.engine import PrinterFaults
from simulators.printer.paper import PrintedCode, Receipt
from simulators.printer.simulator import ReceiptPrinterSimulator
from simulators.printer.status import Paper, PrinterState
from simulators.wire import NoHostError

__all__ = [
    "NoHostError",
    "Paper",
    "PrintedCode",
    "PrinterFaults",
    "PrinterState",
    "Receipt",
    "ReceiptPrinterSimulator",
]
