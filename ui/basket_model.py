"""The basket as a Qt table model, fed by lane events so a scan costs the same at line 1 and line 10,000.

``ItemAdded`` appends one row (one ``rowsInserted`` for that row only), ``LineVoided`` restyles one row (one
``dataChanged``), and a new or finished sale resets the model. Display strings are formatted once, when a row
arrives (or when the language changes).

It is a :class:`QStandardItemModel` rather than a Python ``QAbstractTableModel`` because of the paint: the
view asks every visible cell for about seven roles on every repaint, and through a Python ``data()`` each
of those calls crosses into the interpreter — a full viewport cost 5.7 ms against 1.2 ms for items whose
text, alignment, font and colour already sit in C++ (performance.md §6), so a scan into a full basket
painted slower than a scan into an empty one. Here each cell's roles are set once, on the item, and
painting never runs Python.

Removed lines stay visible, struck through and greyed with "Removed" instead of the amount, as shoppers
expect from a receipt: nothing disappears without a trace.

Threading rule: GUI thread only; feed it from :class:`ui.bridge.LaneBridge`.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from kiosk.domain import Line
from kiosk.lane.events import ItemAdded, LaneEvent, LineVoided
from kiosk.lane.snapshot import LaneSnapshot
from ui.i18n import translate
from ui.money_format import format_money
from ui.theme.tokens import REGULAR

log = logging.getLogger(__name__)

LINE_NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(enum.IntEnum):
    NAME = 0
    QUANTITY = 1
    AMOUNT = 2


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGNMENT = {Column.NAME: _LEFT, Column.QUANTITY: _RIGHT, Column.AMOUNT: _RIGHT}


def _row_texts(line: Line, language: str) -> tuple[str, str, str]:
    amount = translate("BasketModel", "Removed") if line.voided else format_money(line.amount, language)
    return (line.name_in(language), str(line.quantity), amount)


def _header_texts() -> tuple[str, str, str]:
    return (
        translate("BasketModel", "Item"),
        translate("BasketModel", "Qty"),
        translate("BasketModel", "Amount"),
    )


class BasketModel(QStandardItemModel):
    """Rows are the sale's lines in scan order (row ``i`` is line ``n = i + 1``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(Column), parent)
        self._sale_id: str | None = None
        self._language = ""
        self._lines: list[Line] = []
        # Every cell starts as a clone of its column's prototype: alignment and flags are set once, here.
        self._prototypes: list[QStandardItem] = []
        for column in Column:
            prototype = QStandardItem()
            prototype.setTextAlignment(_ALIGNMENT[column])
            prototype.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self._prototypes.append(prototype)
            self.setHeaderData(
                column, Qt.Orientation.Horizontal, _ALIGNMENT[column], Qt.ItemDataRole.TextAlignmentRole
            )
        struck = QFont()
        struck.setStrikeOut(True)
        self._voided_font = struck
        self._voided_brush = QBrush(QColor(REGULAR.text_muted))
        self._set_headers()

    # -- feeding -----------------------------------------------------------------------------------------
    def apply(self, snapshot: LaneSnapshot, events: tuple[LaneEvent, ...]) -> None:
        """Bring the rows up to ``snapshot`` using ``events`` (all events since the last call, in order)."""
        if snapshot.sale_id != self._sale_id:
            self._reset(snapshot)
            return
        if snapshot.language != self._language:
            self._relabel(snapshot.language)
        for event in events:
            if isinstance(event, ItemAdded):
                self._append(event.line)
            elif isinstance(event, LineVoided):
                self._replace(event.line)
        if len(self._lines) != len(snapshot.lines):
            log.warning(
                "basket model out of step with the lane; resynced",
                extra={"sale_id": snapshot.sale_id, "rows": len(self._lines), "lines": len(snapshot.lines)},
            )
            self._reset(snapshot)

    def _reset(self, snapshot: LaneSnapshot) -> None:
        self.beginResetModel()
        with self._quiet():  # one modelReset for the views, not a remove plus an insert per row
            self._sale_id = snapshot.sale_id
            self._language = snapshot.language
            self._set_headers()
            self.removeRows(0, self.rowCount())
            self._lines = []
            for line in snapshot.lines:
                self._add_row(line)
        self.endResetModel()

    def _append(self, line: Line) -> None:
        if line.n != len(self._lines) + 1:
            return  # already shown (the model was reset from a snapshot that contained it)
        self._add_row(line)

    def _add_row(self, line: Line) -> None:
        """Fill the row's items completely before ``appendRow``: the insert is then the only signal."""
        items = [prototype.clone() for prototype in self._prototypes]
        for item in items:
            item.setData(line.n, LINE_NUMBER_ROLE)
        self._fill(items, line)
        self._lines.append(line)
        self.appendRow(items)

    def _replace(self, line: Line) -> None:
        row = line.n - 1
        if not 0 <= row < len(self._lines):
            return
        self._lines[row] = line
        with self._quiet():
            self._fill(self._row_items(row), line)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def _relabel(self, language: str) -> None:
        """A language switch (rare, between shoppers or on a tap) rewrites every row's text at once."""
        self._language = language
        with self._quiet():
            for row, line in enumerate(self._lines):
                self._fill(self._row_items(row), line)
            self._set_headers()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1, len(Column) - 1))

    def _fill(self, items: Sequence[QStandardItem], line: Line) -> None:
        """Texts in the current language; a voided line is also struck through and greyed."""
        for item, text in zip(items, _row_texts(line, self._language), strict=True):
            item.setText(text)
            if line.voided:
                item.setFont(self._voided_font)
                item.setForeground(self._voided_brush)

    def _row_items(self, row: int) -> list[QStandardItem]:
        return [self.item(row, column) for column in Column]

    def _set_headers(self) -> None:
        for column, text in zip(Column, _header_texts(), strict=True):
            self.setHeaderData(column, Qt.Orientation.Horizontal, text)

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Item setters emit a ``dataChanged`` per item and role; the caller emits one summary signal."""
        blocked = self.blockSignals(True)
        try:
            yield
        finally:
            self.blockSignals(blocked)

    # -- reading -----------------------------------------------------------------------------------------
    def line_at(self, row: int) -> Line:
        return self._lines[row]
