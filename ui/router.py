"""Maps each lane state to its screen (architecture guide §2): keyed by the state enum, never by page index.

A state with no registered screen shows the fallback, so a state added to the lane later still shows
something sensible instead of a stale page.
Threading rule: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.lane.snapshot import LaneSnapshot
from kiosk.lane.states import LaneState
from ui.screens.base import Screen
from ui.theme.tokens import Tokens


class ScreenRouter(QStackedWidget):
    def __init__(self, fallback: Screen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Screens")
        self._fallback = fallback
        self._by_state: dict[LaneState, Screen] = {}
        self.addWidget(fallback)

    def register(self, screen: Screen, *states: LaneState) -> None:
        if self.indexOf(screen) < 0:
            self.addWidget(screen)
        for state in states:
            self._by_state[state] = screen

    def screen_for(self, state: LaneState) -> Screen:
        return self._by_state.get(state, self._fallback)

    @property
    def current(self) -> Screen:
        widget = self.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def show_snapshot(self, snapshot: LaneSnapshot) -> None:
        """Render the state's screen first, then show it, so it never flashes stale content."""
        screen = self.screen_for(snapshot.state)
        screen.show_snapshot(snapshot)
        if screen is not self.currentWidget():
            self.setCurrentWidget(screen)

    def _screens(self) -> list[Screen]:
        return [w for i in range(self.count()) if isinstance(w := self.widget(i), Screen)]

    def retranslate(self) -> None:
        for screen in self._screens():
            screen.retranslate()

    def apply_tokens(self, tokens: Tokens) -> None:
        for screen in self._screens():
            screen.apply_tokens(tokens)
