"""Datalogic Magellan scanner-scale over the single-cable (SCI) protocol: one port, two devices.

This ``__init__`` imports nothing, so ``drivers.magellan.settings`` can be read without loading pyserial.
"""
