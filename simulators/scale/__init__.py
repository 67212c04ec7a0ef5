"""Scale simulators: a weighing model (settle time, noise, motion, under zero, over capacity) behind the
device end of the Mettler Toledo 8217 and MT-SICS protocols, over TCP or a pty, with a control port.

Written from the protocol descriptions (devices.md §2.1, §2.4), not from the drivers: a simulator that shared
the driver's codec would agree with any bug in it.
"""

from simulators.scale.model import ScaleModel, Weighing
from simulators.scale.simulator import ScaleSimulator
from simulators.scale.toledo import ToledoStatusMap

__all__ = ["ScaleModel", "ScaleSimulator", "ToledoStatusMap", "Weighing"]
