"""Wire-level simulators: the *device* end of each serial/TCP protocol, for tests, scenarios and the demo.

A simulator listens on a TCP port or a pty and speaks the real protocol byte for byte, so the real driver runs
unchanged against it. Each has a Python control API and a small line protocol on localhost, so another process
(the demo's control panel, a technician) can act as the world, and faults are configured as data.

May import the standard library, pyserial and shared constants from ``drivers``; never ``kiosk``, ``ui``,
``payments`` or ``fiscal``, and never Qt. Each codec here is written independently of its driver and tested
on its own golden byte vectors, so a bug cannot hide by being the same on both ends.
"""
