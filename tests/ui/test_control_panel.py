"""The simulator control panel drives the world through its collaborators (fakes here)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.domain import Product
from kiosk.lane import messages as m
from tests.fakes import product
from tests.ui.helpers import tap
from tests.ui.products import ALL, BREAD, MILK
from tests.ui.world import FakeCatalog, FakeLane, FakeScanner
from ui.control_panel import SimulatorControlPanel


def make_panel(
    qtbot: QtBot, products: list[Product] = ALL
) -> tuple[SimulatorControlPanel, FakeScanner, FakeLane]:
    scanner, lane = FakeScanner(), FakeLane()
    panel = SimulatorControlPanel(lane, FakeCatalog(products), scanner)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.show()
    return panel, scanner, lane


def test_double_click_scans_the_products_first_barcode(qtbot: QtBot) -> None:
    panel, scanner, _ = make_panel(qtbot)
    panel.search.setText("Хлеб")
    assert panel.products.count() == 1
    item = panel.products.item(0)
    rect = panel.products.visualItemRect(item)
    # A real double click is press, release, double-click: the view needs the press to know the item.
    qtbot.mouseClick(panel.products.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.products.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert scanner.calls == [("scan", BREAD.barcodes[0], "EAN13")]


def test_scan_button_uses_the_selected_product_and_falls_back_to_plu(qtbot: QtBot) -> None:
    apple = product("2001", "149.90", plu="4131", name="Яблоки Гренни Смит")
    panel, scanner, _ = make_panel(qtbot, [MILK, apple])
    panel.products.setCurrentRow(1)
    tap(qtbot, panel.scan_selected)
    assert scanner.calls == [("scan", "4131", "CODE128")]


def test_typed_barcode_garbage_and_unplug_go_to_the_simulator(qtbot: QtBot) -> None:
    panel, scanner, _ = make_panel(qtbot)
    qtbot.keyClicks(panel.barcode, "4600000000017")
    qtbot.keyClick(panel.barcode, Qt.Key.Key_Return)
    for text in ("Garbage frame", "Unplug scanner"):
        tap(qtbot, next(b for b in panel.findChildren(type(panel.scan_selected)) if b.text() == text))
    assert scanner.calls == [("scan", "4600000000017", "EAN13"), ("garbage",), ("disconnect",)]


def test_attendant_actions_post_to_the_lane(qtbot: QtBot) -> None:
    panel, _, lane = make_panel(qtbot)
    for text in ("Resume recovered sale", "Void recovered sale"):
        tap(qtbot, next(b for b in panel.findChildren(type(panel.scan_selected)) if b.text() == text))
    assert lane.posted == [m.ResumeRecoveredSale(), m.VoidRecoveredSale()]


def test_printer_fault_buttons_drive_the_printer_simulator(qtbot: QtBot) -> None:
    from simulators.printer import Paper, ReceiptPrinterSimulator

    with ReceiptPrinterSimulator() as printer:
        panel = SimulatorControlPanel(FakeLane(), FakeCatalog(ALL), FakeScanner(), printer=printer)  # type: ignore[arg-type]
        qtbot.addWidget(panel)
        panel.show()
        assert panel.printer_faults is not None
        buttons = {b.text(): b for b in panel.printer_faults.findChildren(QPushButton)}
        tap(qtbot, buttons["Paper out"])
        assert printer.state.paper is Paper.OUT and panel.status.text() == "printer: OK"
        tap(qtbot, buttons["Open cover"])
        assert printer.state.cover_open
        tap(qtbot, buttons["Out after 5 lines"])
        assert printer.faults.paper_out_after_lines == 5


def test_no_printer_group_without_a_printer_simulator(qtbot: QtBot) -> None:
    panel, _, _ = make_panel(qtbot)
    assert panel.printer_faults is None


def test_terminal_buttons_script_the_next_outcome_and_show_the_ledger(qtbot: QtBot) -> None:
    from simulators.terminal import ZvtTerminalSimulator

    with ZvtTerminalSimulator() as terminal:
        panel = SimulatorControlPanel(FakeLane(), FakeCatalog(ALL), FakeScanner(), terminal=terminal)  # type: ignore[arg-type]
        qtbot.addWidget(panel)
        panel.show()
        assert panel.terminal_outcomes is not None and panel.printer_faults is None
        buttons = {b.text(): b for b in panel.terminal_outcomes.findChildren(QPushButton)}
        tap(qtbot, buttons["Next: decline (funds)"])
        assert panel.status.text() == "terminal: OK"
        assert "queued=1" in terminal.execute("STATUS")
        tap(qtbot, buttons["Ledger"])
        assert "net=0" in panel.status.text()
        tap(qtbot, buttons["Unplug"])
        assert terminal.execute("REPLUG") == "OK"


def test_camera_buttons_hold_the_selected_product_up_to_the_camera(qtbot: QtBot) -> None:
    from simulators.camera import CameraSimulator

    with CameraSimulator(fps=5) as camera:
        panel = SimulatorControlPanel(FakeLane(), FakeCatalog(ALL), FakeScanner(), camera=camera)  # type: ignore[arg-type]
        qtbot.addWidget(panel)
        panel.show()
        assert panel.camera_views is not None
        buttons = {b.text(): b for b in panel.camera_views.findChildren(QPushButton)}
        tap(qtbot, buttons["Show selected"])
        assert panel.status.text().startswith("camera: select a product")
        panel.products.setCurrentRow(0)  # milk, EAN-13 4607025392408
        tap(qtbot, buttons["Show selected"])
        assert panel.status.text() == "camera: OK"
        tap(qtbot, buttons["Two packs at once"])
        assert panel.status.text() == "camera: OK"
        tap(qtbot, buttons["Unplug"])
        assert camera.execute("STATUS").startswith("OK plugged=0")
