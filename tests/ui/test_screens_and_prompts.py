"""Every lane state has a screen with words on it, and every prompt code becomes a panel with a way out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from kiosk.domain import Line
from kiosk.lane import messages as m
from kiosk.lane.actor import Lane
from kiosk.lane.snapshot import Prompt, PromptCode
from kiosk.lane.states import LaneState
from tests.fakes import InMemoryJournal
from tests.ui.helpers import settle, tap
from tests.ui.lanes import make_lane
from tests.ui.products import MILK
from ui.app import main_window_for
from ui.main_window import KioskWindow
from ui.screens.base import MessageScreen
from ui.widgets.prompt_panel import SCREEN_PROMPTS


@pytest.mark.parametrize("state", list(LaneState))
def test_every_state_shows_a_screen_with_a_title(
    qtbot: QtBot, lane: Lane, window: KioskWindow, state: LaneState
) -> None:
    window.show_snapshot(replace(lane.snapshot(), state=state), ())
    screen = window.router.current
    assert screen is window.router.screen_for(state)
    if isinstance(screen, MessageScreen):
        assert screen.title.text()
    else:
        assert screen is window.scanning


@pytest.mark.parametrize("code", sorted(set(PromptCode) - SCREEN_PROMPTS))
def test_every_prompt_has_words_and_a_button(
    qtbot: QtBot, lane: Lane, window: KioskWindow, code: PromptCode
) -> None:
    prompt = Prompt(code, (("code", "123"), ("name", "Пиво"), ("seconds", "30")))
    window.show_snapshot(replace(lane.snapshot(), state=LaneState.SCANNING, prompt=prompt), ())
    assert window.prompt.isVisible()
    assert window.prompt.title_text() and window.prompt.body_text()
    assert window.prompt.buttons()


def test_item_not_for_self_checkout_names_the_item(qtbot: QtBot, lane: Lane, window: KioskWindow) -> None:
    lane.post(m.BarcodeScanned("4600682000015"))
    settle()
    assert window.prompt.title_text() == "«Пиво Жигулёвское 0,5 л» нельзя купить на кассе самообслуживания"


def test_inactivity_warning_counts_down_and_still_here_answers(
    qtbot: QtBot, lane: Lane, window: KioskWindow
) -> None:
    lane.post(m.BarcodeScanned(MILK.barcodes[0]))
    lane.clock.advance(lane.settings.inactivity_warning_s)  # type: ignore[attr-defined]
    lane.post(m.Tick())
    settle()
    assert window.prompt.title_text() == "Вы ещё здесь?"
    assert "30 с" in window.prompt.body_text()
    qtbot.waitUntil(lambda: "29 с" in window.prompt.body_text(), timeout=2500)
    tap(qtbot, window.prompt.buttons()[0])
    assert lane.snapshot().prompt is None
    assert not window.prompt.isVisible()


@pytest.fixture
def recovered_lane() -> Lane:
    """A lane started over a journal holding an unfinished sale (recover() logs a warning at set-up)."""
    journal = InMemoryJournal()
    at = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    journal.open_sale("s1", "RUB", at)
    journal.record_line(
        "s1",
        Line(
            1, MILK.sku, MILK.name, MILK.barcodes[0], 1, None, MILK.unit_price, MILK.unit_price, MILK.tax_rate
        ),
        at,
    )
    return make_lane(journal)


def test_recovered_sale_waits_for_the_attendant_then_resumes(qtbot: QtBot, recovered_lane: Lane) -> None:
    window = main_window_for(recovered_lane, size=(1024, 768))
    qtbot.addWidget(window)
    window.show()
    assert window.router.current is window.attendant
    assert window.attendant.title.text() == "Найдена незавершённая покупка"
    assert "1" in window.attendant.small.text()
    assert not window.prompt.isVisible()  # a screen, not an overlay

    recovered_lane.post(m.ResumeRecoveredSale())
    settle()
    assert window.router.current is window.scanning
    assert window.model.rowCount() == 1
