"""BasketModel: O(1) appends (one insert of one row per scan, no reset while scanning), voided lines, resets;
and the basket view, which paints only the appended row of a scan."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QImage, QPaintEvent
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiosk.lane import messages as m
from kiosk.lane.actor import Lane
from kiosk.lane.events import LaneEvent
from kiosk.lane.snapshot import LaneSnapshot
from tests.ui.helpers import basket_rows, settle
from tests.ui.products import BREAD, COFFEE, MILK
from ui.basket_model import LINE_NUMBER_ROLE, BasketModel
from ui.i18n import translate
from ui.main_window import KioskWindow


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


def test_language_switch_rewrites_every_row_in_one_change_without_reset_or_insert(
    qtbot: QtBot, lane: Lane
) -> None:
    model = BasketModel()
    Feed(lane, model)
    for item in (MILK, BREAD):
        lane.post(m.BarcodeScanned(item.barcodes[0]))
    lane.post(m.VoidLine(2))
    seen = recorder(model)
    lane.post(m.LanguageChanged("en"))

    assert seen == {"inserts": [], "resets": 0, "changed": [(0, 1)]}
    assert [model.index(row, 0).data() for row in range(2)] == [MILK.names["en"], BREAD.names["en"]]
    assert model.index(1, 2).data() == translate("BasketModel", "Removed")
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole).strikeOut()  # still struck through


def test_cells_carry_their_alignment_and_are_selectable_but_not_editable(qtbot: QtBot, lane: Lane) -> None:
    model = BasketModel()
    Feed(lane, model)
    lane.post(m.BarcodeScanned(MILK.barcodes[0]))
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    alignment = Qt.ItemDataRole.TextAlignmentRole
    assert [model.index(0, col).data(alignment) for col in range(3)] == [left, right, right]
    horizontal = Qt.Orientation.Horizontal
    assert [model.headerData(col, horizontal, alignment) for col in range(3)] == [left, right, right]
    titles = [translate("BasketModel", title) for title in ("Item", "Qty", "Amount")]
    assert [model.headerData(col, horizontal) for col in range(3)] == titles
    assert model.flags(model.index(0, 1)) == Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def test_painting_runs_no_python(qtbot: QtBot) -> None:
    """A view asks every visible cell for several roles on each repaint; answering from Python made a full
    basket paint several times slower than an almost empty one (performance.md §6). The roles live on the
    items instead, so the model must not grow Python overrides of the per-cell calls."""
    for name in ("data", "flags", "headerData", "rowCount", "columnCount", "index"):
        assert name not in vars(BasketModel), f"BasketModel.{name} would run Python for every painted cell"


def test_model_stays_consistent_for_qt_through_a_whole_sale(
    qtbot: QtBot, qtmodeltester: ModelTester, lane: Lane
) -> None:
    model = BasketModel()
    Feed(lane, model)
    qtmodeltester.check(model, force_py=False)  # Qt's own tester stays connected and checks every signal
    for item in (MILK, BREAD, COFFEE):
        lane.post(m.BarcodeScanned(item.barcodes[0]))
    lane.post(m.VoidLine(1))
    lane.post(m.LanguageChanged("en"))
    lane.post(m.PayRequested())
    lane.post(m.TenderChosen("card"))
    lane.post(m.FinishRequested())
    lane.post(m.BarcodeScanned(BREAD.barcodes[0]))
    assert model.rowCount() == 1


class PaintedRegions(QObject):
    """Records the height of every region the basket's viewport paints."""

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.heights: list[int] = []
        window.scanning.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.heights.append(event.region().boundingRect().height())
        return False


def basket_on_screen(window: KioskWindow) -> QImage:
    """The basket's pixels as the window shows them (offscreen: its backing store), after pending paints."""
    settle()
    viewport = window.scanning.view.viewport()
    shown = window.screen().grabWindow(window.winId()).toImage()
    return shown.copy(QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size()))


def test_a_scan_into_a_full_basket_paints_only_the_new_row(
    qtbot: QtBot, lane: Lane, window: KioskWindow
) -> None:
    view = window.scanning.view
    for item in (MILK, BREAD, COFFEE) * 10:  # more rows than the viewport shows: every scan scrolls
        lane.post(m.BarcodeScanned(item.barcodes[0]))
        settle()
    assert view.verticalScrollBar().value() > 0
    painted = PaintedRegions(window)
    for item in (MILK, BREAD, COFFEE):
        lane.post(m.BarcodeScanned(item.barcodes[0]))
        settle()
    assert painted.heights == [view.rowHeight(0)] * 3


def test_partial_paints_leave_the_same_pixels_as_a_full_repaint(
    qtbot: QtBot, lane: Lane, window: KioskWindow
) -> None:
    """Rows shown by appending, scrolling, voiding and a new sale look exactly as if painted from scratch."""
    view = window.scanning.view

    def assert_as_if_repainted() -> None:
        shown = basket_on_screen(window)
        view.viewport().repaint()
        assert basket_on_screen(window) == shown

    for item in (MILK, BREAD, COFFEE) * 8:  # fills the viewport, then scrolls
        lane.post(m.BarcodeScanned(item.barcodes[0]))
        assert_as_if_repainted()
    lane.post(m.VoidLine(24))
    assert_as_if_repainted()
    lane.post(m.PayRequested())
    lane.post(m.TenderChosen("card"))
    lane.post(m.FinishRequested())
    settle()
    lane.post(m.BarcodeScanned(BREAD.barcodes[0]))
    assert_as_if_repainted()
    assert [row[0] for row in basket_rows(window)] == [BREAD.name]
