"""Shopper-facing text: Qt Linguist catalogues (``kiosk_<lang>.ts`` → compiled ``.qm``) and the live switch.

Source strings are English and use fixed contexts (one per screen or panel), written as
``translate("Context", "Text")`` so lupdate finds them. After changing texts::

    pyside6-lupdate -locations none -no-obsolete $(find ui -name "*.py") -ts ui/i18n/kiosk_ru.ts ui/i18n/kiosk_en.ts
    pyside6-lrelease ui/i18n/kiosk_ru.ts ui/i18n/kiosk_en.ts

``tests/ui/test_i18n.py`` fails while any source string lacks a translation or a ``.qm`` is stale.

Threading rule: GUI thread only (translators are application-wide).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

translate = QCoreApplication.translate

_DIR = Path(__file__).parent


class LanguageSwitcher:
    """Keeps exactly one kiosk translator installed: the one for the lane's current language."""

    def __init__(self) -> None:
        self._language: str | None = None
        self._translator: QTranslator | None = None

    @property
    def language(self) -> str | None:
        return self._language

    def switch(self, language: str) -> bool:
        """Install the catalogue for ``language``; True when the language actually changed.

        A language without a catalogue falls back to the English source strings.
        """
        if language == self._language:
            return False
        self.uninstall()
        app = QCoreApplication.instance()
        translator = QTranslator()
        if app is not None and translator.load(str(_DIR / f"kiosk_{language}.qm")):
            app.installTranslator(translator)
            self._translator = translator
        self._language = language
        return True

    def uninstall(self) -> None:
        """Remove this switcher's translator from the application (translators are application-wide)."""
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        self._translator = None
        self._language = None
