"""Datalogic Magellan scanner-scale simulator: the device end of the single-cable protocol (devices.md §2.2).

TCP only: the protocol is 7 data bits with odd parity, which a Linux pty cannot carry (devices.md §7).
Run one by hand with ``python -m simulators.magellan --control-port 5004``.
"""

from simulators.magellan.encoder import MagellanProgramming
from simulators.magellan.simulator import MagellanSimulator, ScaleWorld

__all__ = ["MagellanProgramming", "MagellanSimulator", "ScaleWorld"]
