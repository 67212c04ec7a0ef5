"""Every shopper-facing source string has a Russian translation, and the compiled catalogues are current."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

UI = Path(__file__).resolve().parents[2] / "ui"
I18N = UI / "i18n"


def source_strings() -> set[tuple[str, str]]:
    """(context, text) of every ``translate("Context", "Text", …)`` call in ui/ (what lupdate extracts)."""
    found = set()
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            context, text = node.args[0], node.args[1]
            if name == "translate" and isinstance(context, ast.Constant) and isinstance(text, ast.Constant):
                found.add((context.value, text.value))
    return found


def catalogue(language: str) -> dict[tuple[str, str], list[str]]:
    root = ET.parse(I18N / f"kiosk_{language}.ts").getroot()
    entries = {}
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                forms: list[str] = []
            elif message.get("numerus") == "yes":
                forms = [form.text or "" for form in translation.iter("numerusform")]
            else:
                forms = [translation.text or ""]
            entries[(name, message.findtext("source", ""))] = forms
    return entries


def test_the_scan_finds_the_strings() -> None:
    assert ("ScanningScreen", "Pay") in source_strings()
    assert len(source_strings()) > 50


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_source_string_is_translated(language: str) -> None:
    entries = catalogue(language)
    missing = sorted(key for key in source_strings() if not all(entries.get(key, [])))
    assert not missing, (
        f"untranslated in kiosk_{language}.ts (run pyside6-lupdate, translate, lrelease): {missing}"
    )


def test_russian_plurals_have_three_forms() -> None:
    assert catalogue("ru")[("ScanningScreen", "%n item(s)")] == ["%n товар", "%n товара", "%n товаров"]


def test_placeholders_survive_translation() -> None:
    for (_, source), forms in catalogue("ru").items():
        for placeholder in ("{code}", "{name}", "{amount}", "{seconds}", "{devices}", "{lines}", "{taxes}"):
            if placeholder in source:
                assert all(placeholder in form for form in forms), (source, forms)


def test_compiled_catalogue_matches_the_source(qapp: object) -> None:
    translator = QTranslator()
    assert translator.load(str(I18N / "kiosk_ru.qm"))
    for (context, source), forms in catalogue("ru").items():
        if len(forms) == 1:
            assert translator.translate(context, source) == forms[0], "stale .qm: run pyside6-lrelease"
