"""End-to-end shopper journeys through the real lane and the real widgets, driven by taps and scans."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.lane import messages as m
from kiosk.lane.actor import Lane
from kiosk.lane.snapshot import PromptCode
from kiosk.lane.states import LaneState
from tests.ui.helpers import basket_rows, settle, tap
from tests.ui.products import BREAD, COFFEE, MILK
from ui.app import main_window_for
from ui.main_window import KioskWindow


def scan(lane: Lane, code: str) -> None:
    lane.post(m.BarcodeScanned(code))
    settle()


def test_full_purchase_from_attract_to_thank_you_and_back(
    qtbot: QtBot, lane: Lane, window: KioskWindow
) -> None:
    assert window.router.current is window.attract
    assert window.attract.title.text() == "Коснитесь, чтобы начать"

    tap(qtbot, window.attract.start)
    assert window.router.current is window.scanning
    assert window.scanning.empty.isVisible()

    for item in (MILK, BREAD, COFFEE):
        scan(lane, item.barcodes[0])
    assert basket_rows(window) == [
        ("Молоко Простоквашино 2,5% 930 мл", "1", "89,90\u00a0₽"),
        ("Хлеб Бородинский нарезка 300 г", "1", "54,50\u00a0₽"),
        ("Кофе Jacobs Monarch молотый 230 г", "1", "749,00\u00a0₽"),
    ]
    assert window.scanning.total.text() == "893,40\u00a0₽"
    assert window.scanning.count.text() == "3 товара"

    # Remove the bread: tap its row, then "Remove".
    view = window.scanning.view
    assert not window.scanning.remove.isEnabled()
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(1, 0)).center()
    )
    tap(qtbot, window.scanning.remove)
    assert basket_rows(window)[1] == ("Хлеб Бородинский нарезка 300 г", "1", "Удалено")
    assert window.scanning.total.text() == "838,90\u00a0₽"
    assert window.scanning.count.text() == "2 товара"

    tap(qtbot, window.scanning.pay)
    assert window.router.current is window.payment
    assert "838,90\u00a0₽" in window.payment.title.text()  # the amount due is the largest text

    tap(qtbot, window.payment.card_button)
    assert window.router.current is window.complete
    assert window.complete.title.text() == "Спасибо за покупку!"
    assert window.complete.subtitle.text() == "Оплачено: 838,90\u00a0₽"

    tap(qtbot, window.complete.done)
    assert window.router.current is window.attract
    assert lane.snapshot().state is LaneState.ATTRACT
    assert window.model.rowCount() == 0


def test_back_from_payment_returns_to_the_basket(qtbot: QtBot, lane: Lane, window: KioskWindow) -> None:
    scan(lane, MILK.barcodes[0])
    tap(qtbot, window.scanning.pay)
    tap(qtbot, window.payment.back)
    assert window.router.current is window.scanning
    assert len(basket_rows(window)) == 1


def test_unknown_barcode_shows_not_found_with_help_and_next_scan_still_adds(
    qtbot: QtBot, lane: Lane, window: KioskWindow
) -> None:
    scan(lane, MILK.barcodes[0])
    scan(lane, "4600000000017")

    assert window.prompt.isVisible()
    assert window.prompt.prompt is not None and window.prompt.prompt.code is PromptCode.ITEM_NOT_FOUND
    assert "4600000000017" in window.prompt.title_text()
    labels = [b.text() for b in window.prompt.buttons()]
    assert labels == ["Позвать сотрудника", "Понятно"]
    assert len(basket_rows(window)) == 1  # nothing was guessed or added

    scan(lane, BREAD.barcodes[0])  # the panel never blocks the scanner
    assert not window.prompt.isVisible()
    assert [row[0] for row in basket_rows(window)] == [MILK.name, BREAD.name]


def test_not_found_help_button_calls_an_attendant(qtbot: QtBot, lane: Lane, window: KioskWindow) -> None:
    scan(lane, "999")
    tap(qtbot, window.prompt.buttons()[0])
    assert lane.snapshot().prompt is not None
    assert lane.snapshot().prompt.code is PromptCode.HELP_REQUESTED
    assert window.prompt.title_text() == "Сотрудник уже идёт"
    tap(qtbot, window.prompt.buttons()[-1])
    assert not window.prompt.isVisible()


def test_keyed_in_code_adds_the_item(qtbot: QtBot, lane: Lane, window: KioskWindow) -> None:
    tap(qtbot, window.attract.start)
    tap(qtbot, window.scanning.enter_code)
    keypad = window.scanning.keypad
    assert keypad.isVisible()
    for digit in MILK.barcodes[0]:
        tap(qtbot, keypad.findChild(type(window.scanning.pay), f"Key{digit}"))
    tap(qtbot, keypad.findChild(type(window.scanning.pay), "KeypadOk"))
    assert not keypad.isVisible()
    assert [row[0] for row in basket_rows(window)] == [MILK.name]


def test_language_switch_retranslates_visible_texts(qtbot: QtBot, lane: Lane, window: KioskWindow) -> None:
    scan(lane, MILK.barcodes[0])
    assert window.scanning.pay.text() == "Оплатить"

    lane.post(m.LanguageChanged("en"))
    settle()
    assert window.scanning.pay.text() == "Pay"
    assert window.scanning.total_caption.text() == "Total"
    assert window.scanning.total.text() == "RUB\u00a089.90"
    assert basket_rows(window) == [("Prostokvashino milk 2.5% 930 ml", "1", "RUB\u00a089.90")]
    assert window.brand.text() == "Self-checkout"

    lane.post(m.FinishRequested())  # rejected while scanning: the screen stays, in English
    settle()
    lane.post(m.LanguageChanged("ru"))
    settle()
    assert window.scanning.pay.text() == "Оплатить"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Товар"


def test_attract_language_buttons_post_language_changes(
    qtbot: QtBot, lane: Lane, window: KioskWindow
) -> None:
    tap(qtbot, window.attract.language_buttons["en"])
    assert lane.snapshot().language == "en"
    assert window.attract.title.text() == "Touch to start"
    assert window.attract.language_buttons["en"].isChecked()
    assert not window.attract.language_buttons["ru"].isChecked()


def test_scanner_unplugged_shows_lane_closed_with_the_device_for_staff(
    qtbot: QtBot, lane: Lane, window: KioskWindow
) -> None:
    lane.post(m.DeviceAvailabilityChanged("scanner", False, "port closed"))
    settle()
    assert window.router.current is window.out_of_service
    assert window.out_of_service.title.text() == "Касса закрыта"
    assert "сканер штрихкодов (port closed)" in window.out_of_service.small.text()  # name translated


def test_a_device_lost_mid_sale_keeps_the_basket_and_says_staff_are_coming(
    qtbot: QtBot, lane: Lane, window: KioskWindow
) -> None:
    scan(lane, MILK.barcodes[0])
    lane.post(m.DeviceAvailabilityChanged("scanner", False, "port closed"))
    settle()
    assert window.router.current is window.out_of_service
    assert window.out_of_service.title.text() == "Минутку, пожалуйста"
    assert window.out_of_service.subtitle.text() == "Сотрудник уже идёт — ваша корзина сохранена."


def test_language_switch_in_the_header_on_basket_and_payment_screens(
    qtbot: QtBot, lane: Lane, window: KioskWindow
) -> None:
    assert not window.header_languages["en"].isVisible()  # attract has its own, larger switch
    scan(lane, MILK.barcodes[0])
    tap(qtbot, window.scanning.pay)
    assert window.router.current is window.payment
    tap(qtbot, window.header_languages["en"])
    assert lane.snapshot().language == "en"
    assert window.payment.help.text() == "Call for help"
    assert window.payment.title.text() == "To pay: RUB\u00a089.90"
    tap(qtbot, window.payment.help)
    assert lane.snapshot().prompt is not None and lane.snapshot().prompt.code is PromptCode.HELP_REQUESTED


def test_remove_explains_how_to_choose_the_line(qtbot: QtBot, lane: Lane, window: KioskWindow) -> None:
    assert not window.scanning.remove_hint.isVisibleTo(window.scanning)  # nothing to remove yet
    scan(lane, MILK.barcodes[0])
    assert not window.scanning.remove.isEnabled()
    assert window.scanning.remove_hint.isVisibleTo(window.scanning)
    assert (
        window.scanning.remove_hint.text() == "Чтобы удалить товар, сначала нажмите на его строку в списке."
    )


def test_the_store_name_is_on_the_attract_screen(qtbot: QtBot, lane: Lane) -> None:
    window = main_window_for(lane, size=(1024, 768), store_name="Пятёрочка, Тверская 7")
    qtbot.addWidget(window)
    try:
        assert window.attract.small.text() == "Пятёрочка, Тверская 7"
        assert window.brand.text() == "Пятёрочка, Тверская 7 · Касса самообслуживания"
    finally:
        window.close()


def test_a_pending_help_request_stays_visible_until_answered(
    qtbot: QtBot, lane: Lane, window: KioskWindow
) -> None:
    scan(lane, MILK.barcodes[0])
    assert not window.help_pending.isVisibleTo(window)
    tap(qtbot, window.scanning.help)
    lane.post(m.PromptDismissed())  # the shopper closes the "help is on the way" prompt
    settle()
    assert window.help_pending.isVisibleTo(window)
    assert window.help_pending.text() == "Вызван сотрудник — он уже идёт"
