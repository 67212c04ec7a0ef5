"""The demo's "world": a staff-style window that scans products through the scanner *simulator* and plays
the attendant for a recovered sale.

Scans go to the simulator, which speaks the scanner's wire protocol to the real driver, which posts to the
lane — so the demo exercises the same path as a real scanner (the UI itself never touches a driver).
Attendant actions are posted to the lane directly: there is no attendant device yet.

This is a developer/demo tool, not shopper-facing: its texts are English and not translated, and it uses the
platform style rather than the kiosk theme.
Threading rule: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain import Product
from kiosk.lane import messages as m
from ui.ports import LaneFacade, ProductSearch, ScannerSimulator, SimulatorConsole

SEARCH_LIMIT = 200
_SYMBOLOGY_BY_LENGTH = {8: "EAN8", 12: "UPCA", 13: "EAN13"}  # numeric retail codes; anything else is Code 128
_PRODUCT_ROLE = Qt.ItemDataRole.UserRole
PRINTER_FAULTS = (
    ("Paper near end", "PAPER NEAR"),
    ("Paper out", "PAPER OUT"),
    ("Paper OK", "PAPER OK"),
    ("Out after 5 lines", "FAULT PAPER_OUT_AFTER 5"),
    ("Open cover", "COVER OPEN"),
    ("Close cover", "COVER CLOSED"),
    ("Offline", "OFFLINE ON"),
    ("Online", "OFFLINE OFF"),
    ("Slow", "FAULT SLOW 200"),
    ("Fast", "FAULT SLOW OFF"),
    ("Unplug", "UNPLUG"),
    ("Replug", "REPLUG"),
)
"""Receipt printer simulator faults: button label → control line (simulators.printer HELP)."""
TERMINAL_OUTCOMES = (
    ("Next: approve", "NEXT APPROVE"),
    ("Next: decline (funds)", "NEXT DECLINE 71"),
    ("Next: shopper cancels", "NEXT CANCEL"),
    ("Next: terminal silent", "NEXT TIMEOUT"),
    ("Next: drop before result", "NEXT DROP_BEFORE"),
    ("Next: drop after result", "NEXT DROP_AFTER"),
    ("Ledger", "STATUS"),
    ("Unplug", "UNPLUG"),
    ("Replug", "REPLUG"),
)
"""Card terminal simulator: the outcome of the next card transaction, its ledger, the cable
(simulators.terminal HELP)."""
CAMERA_VIEWS = (
    ("Take away", "CLEAR"),
    ("Two packs at once", "PAIR 5901234123457 9780201379624"),
    ("Unplug", "UNPLUG"),
    ("Replug", "REPLUG"),
)
"""Camera simulator: what is in front of the lens besides the selected product (simulators.camera HELP)."""


def code_for(product: Product) -> str | None:
    """What a scan of this product reads: its first barcode, else its PLU (keyed or on a label)."""
    return product.barcodes[0] if product.barcodes else product.plu


class SimulatorControlPanel(QWidget):
    def __init__(
        self,
        lane: LaneFacade,
        catalog: ProductSearch,
        scanner: ScannerSimulator,
        parent: QWidget | None = None,
        *,
        printer: SimulatorConsole | None = None,
        terminal: SimulatorConsole | None = None,
        camera: SimulatorConsole | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Simulator control panel")
        self._lane = lane
        self._catalog = catalog
        self._scanner = scanner

        self.search = QLineEdit(placeholderText="Search products (name, barcode, PLU)…")
        self.search.textChanged.connect(self.refresh)
        self.products = QListWidget()
        self.products.itemDoubleClicked.connect(self._scan_item)
        self.scan_selected = QPushButton("Scan selected")
        self.scan_selected.clicked.connect(lambda: self._scan_item(self.products.currentItem()))

        self.barcode = QLineEdit(placeholderText="Any barcode, e.g. 0000000000000")
        self.barcode.returnPressed.connect(self._scan_typed)
        scan_typed = QPushButton("Scan")
        scan_typed.clicked.connect(self._scan_typed)
        typed_row = QHBoxLayout()
        typed_row.addWidget(self.barcode, 1)
        typed_row.addWidget(scan_typed)

        garbage = QPushButton("Garbage frame")
        garbage.clicked.connect(scanner.send_garbage)
        unplug = QPushButton("Unplug scanner")
        unplug.clicked.connect(scanner.disconnect)
        device_row = QHBoxLayout()
        device_row.addWidget(garbage)
        device_row.addWidget(unplug)

        resume = QPushButton("Resume recovered sale")
        resume.clicked.connect(lambda: lane.post(m.ResumeRecoveredSale()))
        void = QPushButton("Void recovered sale")
        void.clicked.connect(lambda: lane.post(m.VoidRecoveredSale()))
        attendant = QGroupBox("Attendant")
        attendant_row = QHBoxLayout(attendant)
        attendant_row.addWidget(resume)
        attendant_row.addWidget(void)

        self.status = QLabel()
        self.printer_faults = (
            self._console_group("Receipt printer", "printer", printer, PRINTER_FAULTS) if printer else None
        )
        self.terminal_outcomes = (
            self._console_group("Card terminal", "terminal", terminal, TERMINAL_OUTCOMES)
            if terminal
            else None
        )
        self.camera_views = self._camera_group(camera) if camera else None
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.products, 1)
        layout.addWidget(self.scan_selected)
        layout.addLayout(typed_row)
        layout.addLayout(device_row)
        layout.addWidget(attendant)
        for group in (self.printer_faults, self.terminal_outcomes, self.camera_views):
            if group is not None:
                layout.addWidget(group)
        layout.addWidget(self.status)
        self.resize(520, 720)
        self.refresh()

    def _console_group(
        self, title: str, name: str, console: SimulatorConsole, buttons: tuple[tuple[str, str], ...]
    ) -> QGroupBox:
        """One button per control line of a simulator; its reply shows in the status line."""
        group = QGroupBox(title)
        grid = QGridLayout(group)
        for i, (label, line) in enumerate(buttons):
            button = QPushButton(label)
            button.clicked.connect(
                lambda _=False, line=line: self.status.setText(f"{name}: {console.execute(line)}")
            )
            grid.addWidget(button, i // 4, i % 4)
        return group

    def _camera_group(self, camera: SimulatorConsole) -> QGroupBox:
        """Hold the selected product's code up to the camera (it stays in view until taken away)."""
        group = self._console_group("Camera", "camera", camera, CAMERA_VIEWS)
        show = QPushButton("Show selected")
        show.clicked.connect(lambda: self._show_to_camera(camera))
        grid = group.layout()
        assert isinstance(grid, QGridLayout)
        grid.addWidget(show, grid.rowCount(), 0)
        return group

    def _show_to_camera(self, camera: SimulatorConsole) -> None:
        item = self.products.currentItem()
        code = code_for(item.data(_PRODUCT_ROLE)) if item is not None else None
        if code is None or not code.isdigit() or len(code) not in (8, 13):
            self.status.setText("camera: select a product with an EAN-13 or EAN-8 barcode")
            return
        symbol = "ean13" if len(code) == 13 else "ean8"
        self.status.setText(f"camera: {camera.execute(f'SHOW {code} {symbol}')}")

    def refresh(self) -> None:
        """Re-run the search; the catalog's ``search`` does the matching (and keeps this O(limit))."""
        self.products.clear()
        for product in self._catalog.search(self.search.text().strip(), SEARCH_LIMIT):
            code = code_for(product) or "—"
            item = QListWidgetItem(f"{product.name}  ·  {product.unit_price.to_decimal_string()}  ·  {code}")
            item.setData(_PRODUCT_ROLE, product)
            self.products.addItem(item)

    def _scan_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        product: Product = item.data(_PRODUCT_ROLE)
        code = code_for(product)
        if code is None:
            self.status.setText(f"{product.name} has no barcode or PLU to scan")
            return
        self._scan(code)

    def _scan_typed(self) -> None:
        code = self.barcode.text().strip()
        if code:
            self._scan(code)

    def _scan(self, code: str) -> None:
        symbology = _SYMBOLOGY_BY_LENGTH.get(len(code), "CODE128") if code.isdigit() else "CODE128"
        self._scanner.scan(code, symbology)
        self.status.setText(f"Scanned {code}")
