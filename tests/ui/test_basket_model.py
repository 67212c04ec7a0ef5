"""BasketModel: O(1) appends (one insert of one row per scan, no reset while scanning), voided lines, resets."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot

from kiosk.lane import messages as m
from kiosk.lane.actor import Lane
from kiosk.lane.events import LaneEvent
from kiosk.lane.snapshot import LaneSnapshot
from tests.ui.products import BREAD, COFFEE, MILK
from ui.basket_model import LINE_NUMBER_ROLE, BasketModel


class Feed:
    """Feeds the model straight from the lane's publications (bridge-less: the test thread is the GUI thread)."""

    def __init__(self, lane: Lane, model: BasketModel) -> None:
        model.apply(lane.snapshot(), ())
        lane.subscribe(lambda snapshot, events: model.apply(snapshot, events))


def recorder(model: BasketModel) -> dict[str, list[tuple[int, int]] | int]:
    seen: dict[str, list[tuple[int, int]] | int] = {"inserts": [], "resets": 0, "changed": []}

    def on_insert(_parent: QModelIndex, first: int, last: int) -> None:
        seen["inserts"].append((first, last))  # type: ignore[union-attr]

    def on_reset() -> None:
        seen["resets"] += 1  # type: ignore[operator]

    def on_changed(top: QModelIndex, bottom: QModelIndex) -> None:
        seen["changed"].append((top.row(), bottom.row()))  # type: ignore[union-attr]

    model.rowsInserted.connect(on_insert)
    model.modelReset.connect(on_reset)
    model.dataChanged.connect(on_changed)
    return seen


def test_each_scan_inserts_exactly_one_row_and_never_resets(qtbot: QtBot, lane: Lane) -> None:
    model = BasketModel()
    Feed(lane, model)
    lane.post(m.BarcodeScanned(MILK.barcodes[0]))  # first scan opens the sale: one reset from "no sale"
    seen = recorder(model)
    for n, item in enumerate((BREAD, COFFEE, MILK, BREAD) * 5, start=1):
        lane.post(m.BarcodeScanned(item.barcodes[0]))
        assert seen["inserts"] == [(row, row) for row in range(1, n + 1)]
    assert seen["resets"] == 0
    assert model.rowCount() == 21


def test_unknown_scan_does_not_touch_the_rows(qtbot: QtBot, lane: Lane) -> None:
    model = BasketModel()
    Feed(lane, model)
    lane.post(m.BarcodeScanned(MILK.barcodes[0]))
    seen = recorder(model)
    lane.post(m.BarcodeScanned("0000"))
    assert seen == {"inserts": [], "resets": 0, "changed": []}


def test_voided_line_stays_struck_through_with_removed_instead_of_amount(qtbot: QtBot, lane: Lane) -> None:
    model = BasketModel()
    Feed(lane, model)
    for item in (MILK, BREAD, COFFEE):
        lane.post(m.BarcodeScanned(item.barcodes[0]))
    seen = recorder(model)
    lane.post(m.VoidLine(2))

    assert seen["changed"] == [(1, 1)]
    assert seen["resets"] == 0
    assert model.rowCount() == 3
    voided, kept = model.index(1, 2), model.index(0, 2)
    assert voided.data() == "Removed"  # no translator installed in this test: the English source
    font = model.index(1, 0).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.strikeOut()
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert kept.data(Qt.ItemDataRole.FontRole) is None
    assert model.index(1, 0).data(LINE_NUMBER_ROLE) == 2


def test_data_returns_nothing_for_unused_roles(qtbot: QtBot, lane: Lane) -> None:
    model = BasketModel()
    Feed(lane, model)
    lane.post(m.BarcodeScanned(MILK.barcodes[0]))
    index = model.index(0, 0)
    for role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.SizeHintRole):
        assert index.data(role) is None


def test_finished_sale_resets_to_empty_and_a_new_sale_starts_clean(qtbot: QtBot, lane: Lane) -> None:
    model = BasketModel()
    Feed(lane, model)
    lane.post(m.BarcodeScanned(MILK.barcodes[0]))
    lane.post(m.PayRequested())
    lane.post(m.TenderChosen("card"))
    lane.post(m.FinishRequested())
    assert model.rowCount() == 0
    lane.post(m.BarcodeScanned(BREAD.barcodes[0]))
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [BREAD.name]


def test_coalesced_events_still_add_every_line(qtbot: QtBot, lane: Lane) -> None:
    """The bridge may hand over many publications at once: the newest snapshot plus all their events."""
    model = BasketModel()
    model.apply(lane.snapshot(), ())
    batch: list[LaneEvent] = []
    last: list[LaneSnapshot] = []

    def collect(snapshot: LaneSnapshot, events: tuple[LaneEvent, ...]) -> None:
        batch.extend(events)
        last[:] = [snapshot]

    lane.subscribe(collect)
    lane.post(m.BarcodeScanned(MILK.barcodes[0]))
    model.apply(last[0], tuple(batch))
    batch.clear()
    seen = recorder(model)
    for item in (BREAD, COFFEE, MILK):
        lane.post(m.BarcodeScanned(item.barcodes[0]))
    lane.post(m.VoidLine(3))
    model.apply(last[0], tuple(batch))
    assert seen["inserts"] == [(1, 1), (2, 2), (3, 3)]
    assert seen["resets"] == 0
    assert model.index(2, 2).data() == "Removed"
