"""A stand-in third-party driver, loaded through a ``kiosk.drivers`` entry point in the registry tests."""

from __future__ import annotations

from drivers.scanner.fake import FakeScanner


class PluginScanner(FakeScanner):
    pass


NOT_A_DRIVER = object()
