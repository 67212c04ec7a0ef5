"""Kiosk benchmarks: ``python -m benchmarks`` measures the figures in docs/benchmarks.md on this machine.

Kept empty on purpose: the cold-start probe runs as ``python -m benchmarks.startup_probe`` and everything
imported here would be charged to the kiosk's start-up time.
"""
