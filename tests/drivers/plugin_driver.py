"""A stand-in third-party driver, loaded through a ``kiosk.drivers`` entry point in the registry tests."""

from __future__ import annotations

from drivers.scanner.fake import FakeScanner
from drivers.scanner.settings import FakeScannerSettings


class PluginScanner(FakeScanner):
    settings_model = FakeScannerSettings


class NoSettingsScanner(FakeScanner):
    """A plugin that forgot its settings model: reported by name, not crashed on."""


NOT_A_DRIVER = object()
