"""A realistic 40-line Russian sale receipt with its fiscal QR code (fiscal.md §2.7), for the INTERACTIVE
health check (a technician scans the QR with a phone), the receipt benchmark and docs/screenshots/.

Amounts are integer kopecks; the layout is 48 columns of Font A, the width of 80 mm paper at 203 dpi.
"""

from __future__ import annotations

from typing import Final

from drivers.contracts import Align, ReceiptCode, ReceiptDocument, TextLine

WIDTH: Final = 48
ITEMS: Final = (
    ("Молоко 3,2% 930 мл", 10, 8990),
    ("Хлеб Бородинский 400 г", 10, 6490),
    ("Кефир 1% 900 г", 10, 7990),
    ("Сыр Российский 200 г", 10, 21990),
    ("Масло сливочное 82,5% 180 г", 10, 18990),
    ("Яйца С1 10 шт", 10, 11990),
    ("Гречка ядрица 900 г", 10, 9990),
    ("Рис круглозёрный 900 г", 10, 10990),
    ("Макароны спагетти 450 г", 22, 8990),
    ("Сахар-песок 1 кг", 10, 8490),
    ("Чай чёрный 100 пак.", 22, 24990),
    ("Кофе молотый 250 г", 22, 45990),
    ("Шоколад горький 90 г", 22, 12990),
    ("Печенье овсяное 300 г", 22, 9490),
    ("Яблоки Гренни Смит 1,2 кг", 10, 19188),
    ("Бананы 1,05 кг", 10, 13639),
    ("Картофель 2,5 кг", 10, 14975),
    ("Морковь 1 кг", 10, 5990),
    ("Лук репчатый 1 кг", 10, 4990),
    ("Огурцы 0,6 кг", 10, 11394),
    ("Помидоры 0,8 кг", 10, 23192),
    ("Курица, филе 0,9 кг", 10, 40491),
    ("Фарш говяжий 400 г", 10, 32990),
    ("Сосиски молочные 420 г", 22, 27990),
    ("Пельмени 800 г", 22, 44990),
    ("Сметана 20% 300 г", 10, 11990),
    ("Творог 5% 350 г", 10, 16990),
    ("Йогурт питьевой 270 г", 10, 6990),
    ("Сок яблочный 1 л", 22, 14990),
    ("Вода минеральная 1,5 л", 22, 6990),
    ("Масло подсолнечное 1 л", 10, 15990),
    ("Соль поваренная 1 кг", 22, 2990),
    ("Мука пшеничная 2 кг", 10, 10990),
    ("Горошек зелёный 400 г", 22, 9990),
    ("Кукуруза сладкая 340 г", 22, 10990),
    ("Тунец консерв. 185 г", 22, 19990),
    ("Салфетки бумажные 100 шт", 22, 7990),
    ("Мыло детское 90 г", 22, 4990),
    ("Зубная паста 100 мл", 22, 18990),
    ("Пакет-майка", 22, 900),
)
"""(name, VAT %, price in kopecks): one of each, the 40 item lines."""

QR_PAYLOAD: Final = "t=20260115T1015&s={total}&fn=9999078900001234&i=57&fp=1234567890&n=1"


def money(kopecks: int) -> str:
    return f"{kopecks // 100}.{kopecks % 100:02d}"


def columns(left: str, right: str, width: int = WIDTH) -> str:
    """``left`` and ``right`` on one line, the left one cut to leave a space before the right."""
    room = width - len(right) - 1
    return f"{left[:room]:<{room}} {right}"


def sample_receipt() -> ReceiptDocument:
    total = sum(price for _, _, price in ITEMS)
    vat = {rate: sum(p * rate // (100 + rate) for _, r, p in ITEMS if r == rate) for rate in (22, 10)}
    rule = TextLine("-" * WIDTH)
    blocks: list[TextLine | ReceiptCode] = [
        TextLine("ПРОДУКТЫ У ДОМА", Align.CENTER, bold=True, double=True),
        TextLine('ООО "Продукты у дома", ИНН 7701234567', Align.CENTER),
        TextLine("г. Москва, ул. Лесная, д. 5", Align.CENTER),
        TextLine("Касса самообслуживания № 3", Align.CENTER),
        rule,
        TextLine("КАССОВЫЙ ЧЕК / ПРИХОД", Align.CENTER, bold=True),
        rule,
    ]
    blocks += [
        TextLine(columns(f"{i:2}. {name}", f"{money(price)} {'А' if rate == 22 else 'Б'}"))
        for i, (name, rate, price) in enumerate(ITEMS, 1)
    ]
    blocks += [
        rule,
        TextLine(columns("ИТОГО", money(total), WIDTH // 2), bold=True, double=True),
        TextLine(columns("Безналичными", money(total))),
        TextLine(columns("А: в т.ч. НДС 22%", money(vat[22]))),
        TextLine(columns("Б: в т.ч. НДС 10%", money(vat[10]))),
        TextLine(columns("Карта", "МИР **** 1234")),
        rule,
        TextLine(columns("ФН 9999078900001234", "ФД 57")),
        TextLine(columns("ФП 1234567890", "15.01.2026 10:15")),
        TextLine("Сайт ФНС: www.nalog.gov.ru"),
        ReceiptCode("qr", QR_PAYLOAD.format(total=money(total))),
        TextLine("СПАСИБО ЗА ПОКУПКУ!", Align.CENTER, bold=True),
    ]
    return ReceiptDocument(tuple(blocks))
