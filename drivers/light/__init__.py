"""Lane (tower) lights: the USB-serial one-byte protocol, its driver and an in-process fake.

This ``__init__`` imports nothing, so ``drivers.light.settings`` can be read without loading pyserial.
"""
