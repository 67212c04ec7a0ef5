"""Tower light simulator: the lamp end of ``drivers.light``'s one-byte serial protocol (devices.md §5).

Run one by hand with ``python -m simulators.light --control-port 5003`` and ask it ``STATUS`` with ``nc``.
"""

from simulators.light.simulator import TowerLightSimulator
from simulators.light.tower import LampMode, TowerState, apply_byte

__all__ = ["LampMode", "TowerLightSimulator", "TowerState", "apply_byte"]
