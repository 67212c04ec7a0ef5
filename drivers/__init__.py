"""The hardware abstraction layer: device contracts (UnifiedPOS vocabulary) and real drivers.

Imports no other project package and never Qt. Every driver translates its library's errors once, at this
edge, into :class:`drivers.base.DeviceUnavailable` (retry later) or :class:`drivers.base.DeviceFault`
(a person must act). Drivers are chosen by configuration through :mod:`drivers.registry`.
"""
