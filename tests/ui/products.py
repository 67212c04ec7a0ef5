"""Realistic Russian grocery products for UI tests and the screenshot tool (names as on shelf labels)."""

from __future__ import annotations

from kiosk.domain import Product
from tests.fakes import product

MILK = product(
    "1001",
    "89.90",
    "4607025392408",
    name="Молоко Простоквашино 2,5% 930 мл",
    tax="10",
    names={"en": "Prostokvashino milk 2.5% 930 ml"},
)
BREAD = product(
    "1002",
    "54.50",
    "4600604000015",
    name="Хлеб Бородинский нарезка 300 г",
    tax="10",
    names={"en": "Borodinsky rye bread, sliced 300 g"},
)
COFFEE = product(
    "1003",
    "749.00",
    "4607001770046",
    name="Кофе Jacobs Monarch молотый 230 г",
    tax="22",
    names={"en": "Jacobs Monarch ground coffee 230 g"},
)
KEFIR = product(
    "1004",
    "79.99",
    "4607053470017",
    name="Кефир Домик в деревне 3,2% 900 г",
    tax="10",
    names={"en": "Kefir 3.2% 900 g"},
)
CHOCOLATE = product(
    "1005",
    "129.00",
    "4600300083015",
    name="Шоколад Алёнка молочный 90 г",
    tax="22",
    names={"en": "Alenka milk chocolate 90 g"},
)
BUCKWHEAT = product(
    "1006",
    "98.40",
    "4607065730018",
    name="Крупа гречневая Мистраль 900 г",
    tax="10",
    names={"en": "Buckwheat 900 g"},
)
EGGS = product(
    "1007",
    "139.90",
    "4607012340019",
    name="Яйца куриные Окское С1 10 шт",
    tax="10",
    names={"en": "Eggs C1, 10 pcs"},
)
WATER = product(
    "1008",
    "69.00",
    "4601512000011",
    name="Вода Святой Источник негаз. 1,5 л",
    tax="22",
    names={"en": "Still water 1.5 l"},
)
BEER = product("1009", "119.00", "4600682000015", name="Пиво Жигулёвское 0,5 л", sco_allowed=False)

ALL: list[Product] = [MILK, BREAD, COFFEE, KEFIR, CHOCOLATE, BUCKWHEAT, EGGS, WATER, BEER]
