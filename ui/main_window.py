"""The kiosk window: a header, the state router, and the prompt panel over everything.

One slot, :meth:`KioskWindow.show_snapshot`, receives every lane publication (via the bridge) and updates,
in order: the language (so new texts are already translated), the basket model (O(1) per added line), the
current screen, then the prompt panel.
Threading rule: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.lane.events import LaneEvent
from kiosk.lane.interventions import InterventionType
from kiosk.lane.snapshot import LaneSnapshot
from kiosk.lane.states import LaneState
from ui.basket_model import BasketModel
from ui.bridge import LaneBridge
from ui.i18n import LanguageSwitcher, translate
from ui.ports import LaneFacade
from ui.router import ScreenRouter
from ui.screens.attract import AttractScreen, language_buttons
from ui.screens.complete import CompleteScreen
from ui.screens.payment import PaymentPendingScreen, PaymentScreen
from ui.screens.scanning import ScanningScreen
from ui.screens.status import AttendantRequiredScreen, OutOfServiceScreen, StatusScreen
from ui.theme import Tokens, stylesheet, tokens_for
from ui.widgets.common import label
from ui.widgets.prompt_panel import PromptPanel


class KioskWindow(QWidget):
    closed = Signal()

    def __init__(
        self,
        lane: LaneFacade,
        *,
        languages: tuple[str, ...] = ("ru", "en"),
        size: tuple[int, int] = (1920, 1080),
        store_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Self-checkout")
        self._lane = lane
        self._store_name = store_name
        self._tokens: Tokens | None = None
        self._languages = LanguageSwitcher()
        self._closed = False
        self.model = BasketModel(self)

        post = lane.post
        self.router = ScreenRouter(StatusScreen(post))
        self.attract = AttractScreen(post, languages, store_name)
        self.scanning = ScanningScreen(post, self.model)
        self.payment = PaymentScreen(post)
        self.pending = PaymentPendingScreen(post)
        self.complete = CompleteScreen(post)
        self.out_of_service = OutOfServiceScreen(post)
        self.attendant = AttendantRequiredScreen(post)
        self.router.register(self.attract, LaneState.ATTRACT)
        self.router.register(self.scanning, LaneState.SCANNING)
        self.router.register(self.payment, LaneState.PAYMENT)
        self.router.register(self.pending, LaneState.PAYMENT_PENDING)
        self.router.register(self.complete, LaneState.FINALIZING, LaneState.COMPLETE)
        self.router.register(self.out_of_service, LaneState.OUT_OF_SERVICE)
        self.router.register(self.attendant, LaneState.ATTENDANT_REQUIRED)

        header = QFrame(self)
        header.setProperty("role", "header")
        self.brand = label("brand", wrap=False)
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(32, 0, 32, 0)
        header_layout.addWidget(self.brand)
        header_layout.addStretch(1)
        # A pending help request stays in sight until staff answer it (the prompt can be dismissed).
        self.help_pending = label("help-pending", wrap=False)
        self.help_pending.setObjectName("HelpPending")
        self.help_pending.hide()
        header_layout.addWidget(self.help_pending)
        header_layout.addSpacing(24)
        # The language switch in the same place on every screen (attract shows its own, larger one).
        self.header_languages = language_buttons(post, languages, "HeaderLanguage")
        for widget in self.header_languages.values():
            widget.setProperty("variant", "header-language")
            header_layout.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.router, 1)
        self.prompt = PromptPanel(self, post)

        self.resize(*size)
        self._apply_tokens(tokens_for(*size))
        # Subscribe before reading the snapshot: anything published in between arrives through the bridge,
        # and the model skips lines it already has.
        self.bridge = LaneBridge(lane, self)
        self.bridge.published.connect(self.show_snapshot)
        self.snapshot = lane.snapshot()
        self.show_snapshot(self.snapshot, ())

    def show_snapshot(self, snapshot: LaneSnapshot, events: tuple[LaneEvent, ...]) -> None:
        if self._closed:  # a publication queued before close must not install its language app-wide again
            return
        self.snapshot = snapshot
        if self._languages.switch(snapshot.language):
            self._retranslate()
        self.help_pending.setVisible(
            any(i.type is InterventionType.HELP_REQUEST for i in snapshot.pending_interventions)
        )
        self.model.apply(snapshot, events)
        for code, widget in self.header_languages.items():
            widget.setChecked(code == snapshot.language)
            widget.setVisible(snapshot.state is not LaneState.ATTRACT and len(self.header_languages) > 1)
        self.router.show_snapshot(snapshot)
        self.prompt.show_prompt(snapshot.prompt)

    def _retranslate(self) -> None:
        brand = translate("KioskWindow", "Self-checkout")
        self.brand.setText(f"{self._store_name} · {brand}" if self._store_name else brand)
        self.help_pending.setText(translate("KioskWindow", "Help requested — staff are coming"))
        self.router.retranslate()
        self.prompt.retranslate()

    def _apply_tokens(self, tokens: Tokens) -> None:
        if tokens is not self._tokens:
            self._tokens = tokens
            self.setStyleSheet(stylesheet(tokens))
            self.router.apply_tokens(tokens)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size: QSize = event.size()
        self._apply_tokens(tokens_for(size.width(), size.height()))

    def closeEvent(self, event: object) -> None:
        self._closed = True
        self.bridge.close()
        self._languages.uninstall()  # a closed kiosk must not leave its language on the application
        super().closeEvent(event)  # type: ignore[arg-type]
        self.closed.emit()
