"""SCANNING: the basket, the running total and the shopper's actions (pay, key in a code, remove, help).

The basket view is fed by :class:`ui.basket_model.BasketModel` (appends are O(1)); this screen only renders
the totals from the snapshot and posts the shopper's requests. Removing a line posts ``VoidLine``; whether
that is allowed is the lane's decision.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QScroller,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain import Money
from kiosk.lane import messages as m
from kiosk.lane.snapshot import LaneSnapshot
from ui.basket_model import BasketModel, Column
from ui.i18n import translate
from ui.money_format import format_money
from ui.screens.base import Post, Screen
from ui.theme.tokens import Tokens
from ui.widgets.common import button, card, label
from ui.widgets.keypad import KeypadPanel

CELL_PADDING_PX = 12  # theme.qss: QTableView#Basket::item padding, each side


class _BasketView(QTableView):
    """A table that, when rows were only appended, repaints just those rows instead of the whole viewport.

    After every insert Qt lays the view out again and repaints all of its viewport (``doItemsLayout``): with a
    full basket that is some fifteen rows of styled text per scan, and it made a scan into a long basket
    slower than one into a short basket. The rows already shown do not change when a line is appended, and
    following the new row scrolls them by blitting their pixels (which Qt does only for an opaque viewport),
    so painting the appended rows is enough. Anything else (a reset, a removal, a style or column change)
    takes Qt's full layout and repaint.
    """

    def __init__(self, model: BasketModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.setModel(model)
        # Our own selection model, held by Python: the wrapper PySide returns from ``selectionModel()`` for
        # the view's built-in one was seen resolving to a stale object of another type (a QStandardItem).
        self.selection = QItemSelectionModel(model, self)
        self.setSelectionModel(self.selection)
        self._appended: tuple[int, int] | None = None  # rows appended since the last layout
        self._other_change = False  # any other structural change since the last layout
        model.rowsInserted.connect(self._on_rows_inserted)
        for signal in (
            model.modelReset,
            model.rowsRemoved,
            model.rowsMoved,
            model.layoutChanged,
            model.columnsInserted,
            model.columnsRemoved,
            model.columnsMoved,
        ):
            signal.connect(self._on_other_change)

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if last != self.model().rowCount() - 1:
            self._on_other_change()
        elif self._appended is None:
            self._appended = (first, last)
        else:
            self._appended = (self._appended[0], last)

    def _on_other_change(self) -> None:
        self._other_change = True

    def doItemsLayout(self) -> None:
        appended, self._appended = self._appended, None
        other, self._other_change = self._other_change, False
        if appended is None or other:
            super().doItemsLayout()
            return
        self.updateGeometries()  # the scroll range grows; the rows above keep their place
        top = self.rowViewportPosition(appended[0])
        bottom = self.rowViewportPosition(appended[1]) + self.rowHeight(appended[1])
        self.viewport().update(QRect(0, top, self.viewport().width(), bottom - top))

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in _POLISHING:
            # Polishing with a style sheet background switches the viewport's auto-fill off, and a viewport
            # that is not opaque is repainted whole on every scroll. The fill is the palette's base colour,
            # which the sheet has set to its background, so it looks the same.
            self.viewport().setAutoFillBackground(True)
        return handled


_POLISHING = (QEvent.Type.Polish, QEvent.Type.StyleChange)


def _basket_view(model: BasketModel, parent: QWidget) -> _BasketView:
    """A touch-friendly table: fixed row heights (no per-row measuring), flick scrolling, whole-row selection."""
    view = _BasketView(model, parent)
    view.setObjectName("Basket")
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setShowGrid(False)
    view.setWordWrap(True)  # a long name takes a second line rather than losing what tells products apart
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = view.horizontalHeader()
    header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(Column.QUANTITY, QHeaderView.ResizeMode.Fixed)
    header.setSectionResizeMode(Column.AMOUNT, QHeaderView.ResizeMode.Fixed)
    header.setHighlightSections(False)
    QScroller.grabGesture(view.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return view


class ScanningScreen(Screen):
    def __init__(self, post: Post, model: BasketModel, parent: QWidget | None = None) -> None:
        super().__init__(post, parent)
        self._model = model
        self._snapshot: LaneSnapshot | None = None
        self._fitted: tuple[str, str, int] | None = None

        basket = card(self)
        self.hint = label("subtitle", wrap=False)
        self.view = _basket_view(model, basket)
        self.empty = label("empty-basket", center=True)
        basket_layout = QVBoxLayout(basket)
        basket_layout.setContentsMargins(24, 20, 24, 24)
        basket_layout.setSpacing(12)
        basket_layout.addWidget(self.hint)
        basket_layout.addWidget(self.view, 1)
        basket_layout.addWidget(self.empty, 1)

        summary = card(self)
        self.total_caption = label("caption")
        self.total = label("total", wrap=False)
        self.total.setObjectName("TotalLabel")
        self.tax_note = label("small")
        self.count = label("caption")
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(28, 24, 28, 24)
        summary_layout.setSpacing(6)
        for widget in (self.total_caption, self.total, self.tax_note, self.count):
            summary_layout.addWidget(widget)

        self.last_card = card(self)
        self.last_caption = label("caption")
        self.last_name = label("item-name")
        self.last_name.setObjectName("LastItemName")
        self.last_amount = label("dialog-title", wrap=False)
        last_layout = QVBoxLayout(self.last_card)
        last_layout.setContentsMargins(28, 20, 28, 20)
        last_layout.setSpacing(4)
        for widget in (self.last_caption, self.last_name, self.last_amount):
            last_layout.addWidget(widget)

        self.pay = button("primary", lambda: self.post(m.PayRequested()))
        self.pay.setObjectName("PayButton")
        self.keypad = KeypadPanel(self, post)
        self.enter_code = button("", self.keypad.open_keypad)
        self.enter_code.setObjectName("EnterCodeButton")
        self.remove = button("danger", self._remove_selected)
        self.remove.setObjectName("RemoveButton")
        self.remove_hint = label("caption")
        self.remove_hint.setObjectName("RemoveHint")
        self.help = button("secondary", lambda: self.post(m.HelpRequested()))
        self.help.setObjectName("HelpButton")
        secondary = QGridLayout()
        secondary.setSpacing(12)
        secondary.addWidget(self.enter_code, 0, 0)
        secondary.addWidget(self.remove, 0, 1)
        secondary.addWidget(self.remove_hint, 1, 0, 1, 2)
        secondary.addWidget(self.help, 2, 0, 1, 2)

        self.side = QWidget(self)
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(16)
        side.addWidget(summary)
        side.addWidget(self.last_card)
        side.addStretch(1)
        side.addLayout(secondary)
        side.addSpacing(8)
        side.addWidget(self.pay)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(24)
        layout.addWidget(basket, 1)
        layout.addWidget(self.side)

        model.rowsInserted.connect(self._follow_new_row)
        model.modelReset.connect(self._update_empty)
        model.dataChanged.connect(self._update_remove)
        self.view.selection.selectionChanged.connect(self._on_selection)
        self.retranslate()
        self._update_empty()
        self._update_remove()

    def retranslate(self) -> None:
        self.total_caption.setText(translate("ScanningScreen", "Total"))
        self.last_caption.setText(translate("ScanningScreen", "Last scanned"))
        self.empty.setText(translate("ScanningScreen", "Your items will appear here"))
        self.pay.setText(translate("ScanningScreen", "Pay"))
        self.enter_code.setText(translate("ScanningScreen", "Enter code"))
        self.remove.setText(translate("ScanningScreen", "Remove item"))
        self.remove_hint.setText(
            translate("ScanningScreen", "To remove an item, first tap its line in the list.")
        )
        self.help.setText(translate("ScanningScreen", "Call for help"))
        self.keypad.retranslate()
        if self._snapshot is not None:
            self.show_snapshot(self._snapshot)

    def show_snapshot(self, snapshot: LaneSnapshot) -> None:
        self._snapshot = snapshot
        self._fit_columns(snapshot)
        language = snapshot.language
        self.total.setText(format_money(snapshot.total, language))
        taxes = ", ".join(f"{rate.key}% {format_money(amount, language)}" for rate, amount in snapshot.tax)
        self.tax_note.setText(
            translate("ScanningScreen", "Prices include VAT: {taxes}").format(taxes=taxes)
            if taxes
            else translate("ScanningScreen", "Prices include VAT")
        )
        self.count.setText(translate("ScanningScreen", "%n item(s)", "", snapshot.line_count))
        self.hint.setText(
            translate("ScanningScreen", "Scan the next item")
            if snapshot.lines
            else translate("ScanningScreen", "Scan your first item")
        )
        self.pay.setEnabled(snapshot.balance_due.minor > 0)
        last = snapshot.lines[-1] if snapshot.lines else None
        self.last_card.setVisible(last is not None and not last.voided)
        if last is not None:
            self.last_name.setText(last.name_in(language))
            self.last_amount.setText(format_money(last.amount, language))

    def apply_tokens(self, tokens: Tokens) -> None:
        self.view.verticalHeader().setDefaultSectionSize(tokens.row_height)
        self.side.setFixedWidth(tokens.side_width)
        self._fitted = None
        if self._snapshot is not None:
            self._fit_columns(self._snapshot)

    def _fit_columns(self, snapshot: LaneSnapshot) -> None:
        """Size the number columns to the widest text they can show in this language and font, once per
        language or size change (never per row): an amount is never cut, the quantity takes no more room
        than three digits, the name gets the rest."""
        key = (snapshot.language, snapshot.currency, self.view.font().pixelSize())
        if key == self._fitted:
            return
        self._fitted = key
        cells, headings = self.view.fontMetrics(), self.view.horizontalHeader().fontMetrics()
        widest = {
            Column.AMOUNT: format_money(Money(99_999_99, snapshot.currency), snapshot.language),
            Column.QUANTITY: "999",
        }
        for column, text in widest.items():
            heading = str(self._model.headerData(column, Qt.Orientation.Horizontal))
            width = max(cells.horizontalAdvance(text), headings.horizontalAdvance(heading))
            self.view.setColumnWidth(column, width + 2 * CELL_PADDING_PX + 4)

    def _follow_new_row(self) -> None:
        self.view.scrollToBottom()
        self._update_empty()

    def _update_empty(self) -> None:
        empty = self._model.rowCount() == 0
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)
        self._update_remove()

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_remove()

    def _selected_row(self) -> int | None:
        rows = self.view.selection.selectedRows()
        return rows[0].row() if rows else None

    def _update_remove(self) -> None:
        row = self._selected_row()
        choosable = row is not None and not self._model.line_at(row).voided
        self.remove.setEnabled(choosable)
        self.remove_hint.setVisible(not choosable and self._model.rowCount() > 0)

    def _remove_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.post(m.VoidLine(self._model.line_at(row).n))
            self.view.clearSelection()
