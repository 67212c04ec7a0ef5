"""The basket as a Qt table model, fed by lane events so a scan costs the same at line 1 and line 10,000.

``ItemAdded`` appends one row (``beginInsertRows`` for that row only), ``LineVoided`` repaints one row, and a
new or finished sale resets the model. Display strings are formatted once, when a row arrives (or when the
language changes), so :meth:`BasketModel.data` is a list lookup: it is called hundreds of times per paint.

Removed lines stay visible, struck through and greyed with "Removed" instead of the amount, as shoppers
expect from a receipt: nothing disappears without a trace.

Threading rule: GUI thread only; feed it from :class:`ui.bridge.LaneBridge`.
"""

from __future__ import annotations

import enum
import logging
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kiosk.domain import Line
from kiosk.lane.events import ItemAdded, LaneEvent, LineVoided
from kiosk.lane.snapshot import LaneSnapshot
from ui.i18n import translate
from ui.money_format import format_money
from ui.theme.tokens import REGULAR

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

LINE_NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(enum.IntEnum):
    NAME = 0
    QUANTITY = 1
    AMOUNT = 2


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_DISPLAY = Qt.ItemDataRole.DisplayRole


def _row_texts(line: Line, language: str) -> tuple[str, str, str]:
    amount = translate("BasketModel", "Removed") if line.voided else format_money(line.amount, language)
    return (line.name_in(language), str(line.quantity), amount)


class BasketModel(QAbstractTableModel):
    """Rows are the sale's lines in scan order (row ``i`` is line ``n = i + 1``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sale_id: str | None = None
        self._language = ""
        self._lines: list[Line] = []
        self._texts: list[tuple[str, str, str]] = []
        struck = QFont()
        struck.setStrikeOut(True)
        self._voided_font = struck
        self._voided_brush = QBrush(QColor(REGULAR.text_muted))

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
        self._sale_id = snapshot.sale_id
        self._language = snapshot.language
        self._lines = list(snapshot.lines)
        self._texts = [_row_texts(line, self._language) for line in self._lines]
        self.endResetModel()

    def _append(self, line: Line) -> None:
        row = len(self._lines)
        if line.n != row + 1:
            return  # already shown (the model was reset from a snapshot that contained it)
        self.beginInsertRows(QModelIndex(), row, row)
        self._lines.append(line)
        self._texts.append(_row_texts(line, self._language))
        self.endInsertRows()

    def _replace(self, line: Line) -> None:
        row = line.n - 1
        if not 0 <= row < len(self._lines):
            return
        self._lines[row] = line
        self._texts[row] = _row_texts(line, self._language)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def _relabel(self, language: str) -> None:
        self._language = language
        self._texts = [_row_texts(line, language) for line in self._lines]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1, len(Column) - 1))

    # -- reading -----------------------------------------------------------------------------------------
    def line_at(self, row: int) -> Line:
        return self._lines[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._texts)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        # Ordered by how often the view asks; every other role returns None at once.
        if role == _DISPLAY:
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if index.column() == Column.NAME else _RIGHT
        if role == Qt.ItemDataRole.FontRole:
            return self._voided_font if self._lines[index.row()].voided else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._voided_brush if self._lines[index.row()].voided else None
        if role == LINE_NUMBER_ROLE:
            return self._lines[index.row()].n
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if role == _DISPLAY:
            return (
                translate("BasketModel", "Item"),
                translate("BasketModel", "Qty"),
                translate("BasketModel", "Amount"),
            )[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section == Column.NAME else _RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
