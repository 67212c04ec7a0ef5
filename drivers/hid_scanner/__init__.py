"""HID keyboard-wedge barcode scanners read through Linux evdev: key codes in, barcodes out.

This ``__init__`` imports nothing, so ``drivers.hid_scanner.settings`` can be read without loading evdev.
"""
