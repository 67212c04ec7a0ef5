"""Barcode scanners: the serial driver (:mod:`.serial_scanner`), its framing/AIM codec, an in-process fake
(:mod:`.fake`) and their settings models (:mod:`.settings`).

Deliberately imports nothing: the config loader imports ``drivers.scanner.settings`` to validate a
configuration, and that must not drag pyserial in through this package's ``__init__``.
"""
