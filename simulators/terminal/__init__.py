"""ZVT card-terminal simulator: the payment terminal's end of ``drivers.terminal.ZvtTerminal``'s wire.

Scripted outcomes (approve, decline with a reason, timeout, shopper cancel, connection lost before or after
the result) and its own ledger of what it really booked. Run one by hand with
``python -m simulators.terminal --port 20007 --control-port 5003`` and drive it with ``nc``.
"""

from simulators.terminal.ledger import Kind, Ledger, LedgerEntry
from simulators.terminal.session import Outcome
from simulators.terminal.simulator import DEFAULT_PORT, ZvtTerminalSimulator

__all__ = ["DEFAULT_PORT", "Kind", "Ledger", "LedgerEntry", "Outcome", "ZvtTerminalSimulator"]
