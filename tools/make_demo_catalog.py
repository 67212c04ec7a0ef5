"""Write kiosk/catalog/demo_catalog.csv: a realistic small Russian supermarket for the demo and the tests.

Deterministic: running it again gives the same file byte for byte. Packaged goods get EAN-13 codes with a
Russian GS1 prefix (460–469) and a correct check digit; loose produce gets its IFPS PLU and a per-kg price.
VAT is 10 % for the basic foods and children's goods of the reduced list (Tax Code art. 164 §2) and 22 %
for everything else (the general rate from 2026-01-01).

Run: ``PYTHONPATH=. .venv/bin/python tools/make_demo_catalog.py``
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Final

from kiosk.catalog.gtin import with_check_digit
from kiosk.catalog.synthetic import HEADER  # one column list for every generated catalog

OUT: Final = Path(__file__).resolve().parents[1] / "kiosk" / "catalog" / "demo_catalog.csv"

# (Russian name, English name, price RUB, PLU) — loose produce, sold per kg, 10 % VAT.
PRODUCE: Final = (
    ("Бананы", "Bananas", "119.90", "4011"),
    ("Яблоки Гала", "Gala apples", "149.90", "4133"),
    ("Яблоки Гренни Смит", "Granny Smith apples", "169.90", "4139"),
    ("Яблоки Ред Делишес", "Red Delicious apples", "159.90", "4016"),
    ("Яблоки Голден", "Golden Delicious apples", "139.90", "4021"),
    ("Груши Конференция", "Conference pears", "219.90", "4416"),
    ("Апельсины", "Oranges", "139.90", "4012"),
    ("Мандарины", "Mandarins", "189.90", "4055"),
    ("Лимоны", "Lemons", "199.90", "4053"),
    ("Лаймы", "Limes", "399.90", "4048"),
    ("Грейпфрут", "Grapefruit", "149.90", "4288"),
    ("Киви", "Kiwi fruit", "249.90", "4030"),
    ("Виноград белый", "White grapes", "299.90", "4022"),
    ("Виноград красный", "Red grapes", "329.90", "4023"),
    ("Персики", "Peaches", "279.90", "4044"),
    ("Нектарины", "Nectarines", "289.90", "4036"),
    ("Слива", "Plums", "229.90", "4042"),
    ("Ананас", "Pineapple", "249.90", "4430"),
    ("Манго", "Mango", "399.90", "4051"),
    ("Авокадо Хасс", "Hass avocado", "599.90", "4046"),
    ("Арбуз", "Watermelon", "49.90", "4032"),
    ("Дыня", "Melon", "99.90", "4050"),
    ("Картофель", "Potatoes", "39.90", "4072"),
    ("Картофель молодой", "New potatoes", "69.90", "4073"),
    ("Морковь", "Carrots", "49.90", "4562"),
    ("Лук репчатый", "Yellow onions", "39.90", "4093"),
    ("Лук красный", "Red onions", "79.90", "4082"),
    ("Чеснок", "Garlic", "399.90", "4608"),
    ("Капуста белокочанная", "White cabbage", "34.90", "4069"),
    ("Капуста цветная", "Cauliflower", "219.90", "4079"),
    ("Брокколи", "Broccoli", "299.90", "4060"),
    ("Свёкла", "Beetroot", "44.90", "4539"),
    ("Огурцы короткоплодные", "Short cucumbers", "189.90", "4062"),
    ("Томаты", "Tomatoes", "229.90", "4064"),
    ("Томаты черри на ветке", "Cherry tomatoes on the vine", "399.90", "4796"),
    ("Перец сладкий красный", "Red bell pepper", "349.90", "4088"),
    ("Перец сладкий жёлтый", "Yellow bell pepper", "349.90", "4689"),
    ("Баклажаны", "Aubergines", "199.90", "4081"),
    ("Кабачки", "Courgettes", "129.90", "4067"),
    ("Имбирь", "Ginger root", "449.90", "4612"),
    ("Шампиньоны", "White mushrooms", "299.90", "4645"),
    ("Редис", "Radishes", "199.90", "4089"),
)

# (Russian name, English name, price, weight g, category, VAT %) — packaged goods, sold each.
PACKAGED: Final = (
    # dairy (reduced VAT)
    ("Молоко 3,2% 930 мл", "Milk 3.2% 930 ml", "89.90", 970, "Dairy", 10),
    ("Молоко 2,5% 900 мл", "Milk 2.5% 900 ml", "79.90", 940, "Dairy", 10),
    ("Молоко ультрапастеризованное 1,5% 1 л", "UHT milk 1.5% 1 l", "84.90", 1040, "Dairy", 10),
    ("Кефир 1% 900 г", "Kefir 1% 900 g", "74.90", 930, "Dairy", 10),
    ("Кефир 3,2% 900 г", "Kefir 3.2% 900 g", "89.90", 930, "Dairy", 10),
    ("Ряженка 4% 450 г", "Ryazhenka 4% 450 g", "64.90", 470, "Dairy", 10),
    ("Сметана 15% 300 г", "Sour cream 15% 300 g", "79.90", 315, "Dairy", 10),
    ("Сметана 20% 300 г", "Sour cream 20% 300 g", "94.90", 315, "Dairy", 10),
    ("Творог 5% 200 г", "Cottage cheese 5% 200 g", "99.90", 210, "Dairy", 10),
    ("Творог 9% 350 г", "Cottage cheese 9% 350 g", "179.90", 365, "Dairy", 10),
    ("Йогурт питьевой клубника 270 г", "Drinking yoghurt strawberry 270 g", "59.90", 285, "Dairy", 10),
    ("Йогурт греческий 2% 140 г", "Greek yoghurt 2% 140 g", "69.90", 150, "Dairy", 10),
    ("Сырок глазированный 40 г", "Glazed curd snack 40 g", "39.90", 45, "Dairy", 10),
    ("Масло сливочное 82,5% 180 г", "Butter 82.5% 180 g", "229.90", 185, "Dairy", 10),
    ("Масло сливочное 72,5% 180 г", "Butter 72.5% 180 g", "179.90", 185, "Dairy", 10),
    ("Сыр Российский 200 г", "Rossiysky cheese 200 g", "219.90", 205, "Dairy", 10),
    ("Сыр Гауда 200 г", "Gouda cheese 200 g", "249.90", 205, "Dairy", 10),
    ("Сыр Моцарелла 125 г", "Mozzarella 125 g", "149.90", 240, "Dairy", 10),
    ("Сыр плавленый 200 г", "Processed cheese 200 g", "119.90", 210, "Dairy", 10),
    ("Сливки 10% 200 мл", "Cream 10% 200 ml", "79.90", 215, "Dairy", 10),
    ("Яйца куриные С1 10 шт", "Eggs C1, 10 pcs", "129.90", 620, "Dairy", 10),
    ("Яйца куриные С0 10 шт", "Eggs C0, 10 pcs", "149.90", 690, "Dairy", 10),
    ("Мороженое пломбир 80 г", "Plombir ice cream 80 g", "69.90", 85, "Frozen", 22),
    ("Мороженое эскимо 70 г", "Eskimo ice cream bar 70 g", "79.90", 75, "Frozen", 22),
    ("Овощная смесь замороженная 400 г", "Frozen mixed vegetables 400 g", "149.90", 405, "Frozen", 10),
    ("Брокколи замороженная 400 г", "Frozen broccoli 400 g", "169.90", 405, "Frozen", 10),
    ("Блинчики с творогом 420 г", "Curd-filled pancakes 420 g", "219.90", 430, "Frozen", 10),
    ("Котлеты куриные 600 г", "Chicken cutlets 600 g", "329.90", 610, "Frozen", 10),
    # bakery (reduced VAT)
    ("Хлеб Бородинский 400 г", "Borodinsky rye bread 400 g", "69.90", 400, "Bakery", 10),
    ("Батон нарезной 400 г", "Sliced white loaf 400 g", "54.90", 400, "Bakery", 10),
    ("Хлеб пшеничный формовой 500 г", "Wheat tin loaf 500 g", "49.90", 500, "Bakery", 10),
    ("Хлеб цельнозерновой 300 г", "Wholegrain bread 300 g", "89.90", 300, "Bakery", 10),
    ("Багет французский 250 г", "French baguette 250 g", "69.90", 250, "Bakery", 10),
    ("Лаваш армянский 250 г", "Armenian lavash 250 g", "59.90", 255, "Bakery", 10),
    ("Булочка с маком 80 г", "Poppy seed bun 80 g", "34.90", 80, "Bakery", 10),
    ("Круассан с шоколадом 70 г", "Chocolate croissant 70 g", "59.90", 72, "Bakery", 22),
    ("Сушки с маком 200 г", "Poppy seed sushki 200 g", "69.90", 205, "Bakery", 22),
    ("Пряники мятные 300 г", "Mint gingerbread 300 g", "89.90", 305, "Bakery", 22),
    # meat and fish (reduced VAT for meat, fish)
    ("Филе куриное охлаждённое 700 г", "Chilled chicken breast 700 g", "399.90", 720, "Meat", 10),
    ("Бёдра куриные 900 г", "Chicken thighs 900 g", "299.90", 930, "Meat", 10),
    ("Фарш говяжий 400 г", "Minced beef 400 g", "349.90", 410, "Meat", 10),
    ("Фарш домашний 500 г", "Minced pork and beef 500 g", "299.90", 510, "Meat", 10),
    ("Свинина шейка 1 кг", "Pork neck 1 kg", "599.90", 1020, "Meat", 10),
    ("Колбаса Докторская 400 г", "Doktorskaya sausage 400 g", "329.90", 405, "Meat", 10),
    ("Сосиски молочные 450 г", "Milk frankfurters 450 g", "289.90", 460, "Meat", 10),
    ("Колбаса сырокопчёная 250 г", "Dry-cured sausage 250 g", "379.90", 255, "Meat", 10),
    ("Ветчина 300 г", "Ham 300 g", "249.90", 305, "Meat", 10),
    ("Пельмени Сибирские 800 г", "Siberian pelmeni 800 g", "389.90", 810, "Frozen", 10),
    ("Вареники с картофелем 900 г", "Potato vareniki 900 g", "229.90", 910, "Frozen", 10),
    ("Сельдь слабосолёная 250 г", "Lightly salted herring 250 g", "199.90", 260, "Fish", 10),
    ("Скумбрия холодного копчения 300 г", "Cold-smoked mackerel 300 g", "289.90", 310, "Fish", 10),
    ("Лосось филе 200 г", "Salmon fillet 200 g", "699.90", 215, "Fish", 10),
    ("Крабовые палочки 200 г", "Crab sticks 200 g", "119.90", 205, "Fish", 10),
    ("Шпроты в масле 160 г", "Sprats in oil 160 g", "179.90", 200, "Fish", 10),
    ("Тунец консервированный 185 г", "Canned tuna 185 g", "199.90", 215, "Fish", 10),
    # grocery (reduced VAT for staples)
    ("Гречка ядрица 900 г", "Buckwheat 900 g", "99.90", 905, "Grocery", 10),
    ("Рис круглозёрный 900 г", "Round-grain rice 900 g", "109.90", 905, "Grocery", 10),
    ("Рис басмати 500 г", "Basmati rice 500 g", "169.90", 505, "Grocery", 10),
    ("Овсяные хлопья 500 г", "Rolled oats 500 g", "79.90", 505, "Grocery", 10),
    ("Пшено 900 г", "Millet 900 g", "69.90", 905, "Grocery", 10),
    ("Макароны спагетти 450 г", "Spaghetti 450 g", "89.90", 455, "Grocery", 10),
    ("Макароны рожки 450 г", "Macaroni 450 g", "69.90", 455, "Grocery", 10),
    ("Мука пшеничная 2 кг", "Wheat flour 2 kg", "109.90", 2010, "Grocery", 10),
    ("Сахар-песок 1 кг", "Granulated sugar 1 kg", "89.90", 1010, "Grocery", 10),
    ("Соль поваренная 1 кг", "Table salt 1 kg", "29.90", 1010, "Grocery", 10),
    ("Масло подсолнечное 1 л", "Sunflower oil 1 l", "139.90", 950, "Grocery", 10),
    ("Масло оливковое 500 мл", "Olive oil 500 ml", "699.90", 880, "Grocery", 22),
    ("Майонез 67% 400 г", "Mayonnaise 67% 400 g", "119.90", 420, "Grocery", 22),
    ("Кетчуп томатный 350 г", "Tomato ketchup 350 g", "109.90", 370, "Grocery", 22),
    ("Горчица русская 100 г", "Russian mustard 100 g", "49.90", 130, "Grocery", 22),
    ("Горошек зелёный 400 г", "Green peas 400 g", "89.90", 450, "Grocery", 22),
    ("Кукуруза сладкая 340 г", "Sweet corn 340 g", "99.90", 390, "Grocery", 22),
    ("Фасоль красная 400 г", "Red kidney beans 400 g", "109.90", 450, "Grocery", 22),
    ("Томатная паста 270 г", "Tomato paste 270 g", "89.90", 330, "Grocery", 22),
    ("Огурцы маринованные 680 г", "Pickled gherkins 680 g", "159.90", 1050, "Grocery", 22),
    ("Тушёнка говяжья 325 г", "Stewed beef 325 g", "249.90", 370, "Grocery", 22),
    ("Мёд цветочный 500 г", "Flower honey 500 g", "399.90", 700, "Grocery", 22),
    ("Варенье клубничное 350 г", "Strawberry jam 350 g", "169.90", 560, "Grocery", 22),
    ("Хлопья кукурузные 500 г", "Corn flakes 500 g", "179.90", 510, "Grocery", 22),
    ("Мюсли с орехами 400 г", "Nut muesli 400 g", "229.90", 410, "Grocery", 22),
    # drinks
    ("Вода питьевая негазированная 1,5 л", "Still water 1.5 l", "49.90", 1540, "Drinks", 22),
    ("Вода минеральная газированная 1,5 л", "Sparkling mineral water 1.5 l", "69.90", 1550, "Drinks", 22),
    ("Вода питьевая 0,5 л", "Drinking water 0.5 l", "34.90", 515, "Drinks", 22),
    ("Сок апельсиновый 1 л", "Orange juice 1 l", "149.90", 1080, "Drinks", 22),
    ("Сок яблочный 1 л", "Apple juice 1 l", "129.90", 1080, "Drinks", 22),
    ("Сок томатный 1 л", "Tomato juice 1 l", "129.90", 1080, "Drinks", 22),
    ("Морс клюквенный 1 л", "Cranberry mors 1 l", "119.90", 1080, "Drinks", 22),
    ("Квас хлебный 1,5 л", "Bread kvass 1.5 l", "99.90", 1560, "Drinks", 22),
    ("Кола 1,5 л", "Cola 1.5 l", "139.90", 1580, "Drinks", 22),
    ("Лимонад Тархун 0,5 л", "Tarkhun lemonade 0.5 l", "79.90", 540, "Drinks", 22),
    ("Холодный чай лимон 1 л", "Lemon iced tea 1 l", "99.90", 1060, "Drinks", 22),
    ("Энергетический напиток 0,45 л", "Energy drink 0.45 l", "119.90", 470, "Drinks", 22),
    ("Чай чёрный 100 пакетиков", "Black tea, 100 bags", "249.90", 230, "Drinks", 22),
    ("Чай зелёный 25 пакетиков", "Green tea, 25 bags", "119.90", 70, "Drinks", 22),
    ("Кофе молотый 250 г", "Ground coffee 250 g", "449.90", 260, "Drinks", 22),
    ("Кофе растворимый 95 г", "Instant coffee 95 g", "399.90", 300, "Drinks", 22),
    ("Кофе в зёрнах 1 кг", "Coffee beans 1 kg", "1499.90", 1020, "Drinks", 22),
    ("Какао-порошок 100 г", "Cocoa powder 100 g", "149.90", 110, "Drinks", 22),
    # sweets and snacks
    ("Шоколад молочный 90 г", "Milk chocolate 90 g", "99.90", 95, "Sweets", 22),
    ("Шоколад горький 75% 90 г", "Dark chocolate 75% 90 g", "129.90", 95, "Sweets", 22),
    ("Шоколад с орехом 90 г", "Hazelnut chocolate 90 g", "109.90", 95, "Sweets", 22),
    ("Конфеты шоколадные 200 г", "Chocolate sweets 200 g", "299.90", 230, "Sweets", 22),
    ("Печенье овсяное 300 г", "Oat cookies 300 g", "99.90", 305, "Sweets", 22),
    ("Печенье Юбилейное 112 г", "Yubileynoe biscuits 112 g", "49.90", 115, "Sweets", 22),
    ("Вафли с орехом 200 г", "Hazelnut wafers 200 g", "79.90", 205, "Sweets", 22),
    ("Зефир ванильный 250 г", "Vanilla zefir 250 g", "149.90", 260, "Sweets", 22),
    ("Мармелад жевательный 150 г", "Gummy sweets 150 g", "89.90", 155, "Sweets", 22),
    ("Батончик шоколадный 50 г", "Chocolate bar 50 g", "59.90", 52, "Sweets", 22),
    ("Чипсы картофельные 140 г", "Potato crisps 140 g", "149.90", 145, "Snacks", 22),
    ("Сухарики ржаные 100 г", "Rye croutons 100 g", "49.90", 105, "Snacks", 22),
    ("Семечки жареные 250 г", "Roasted sunflower seeds 250 g", "99.90", 255, "Snacks", 22),
    ("Орехи кешью 150 г", "Cashew nuts 150 g", "299.90", 155, "Snacks", 22),
    ("Арахис солёный 200 г", "Salted peanuts 200 g", "119.90", 205, "Snacks", 22),
    ("Попкорн солёный 100 г", "Salted popcorn 100 g", "89.90", 105, "Snacks", 22),
    # children's goods (reduced VAT)
    ("Пюре яблочное детское 90 г", "Baby apple puree 90 g", "49.90", 100, "Baby", 10),
    ("Пюре мясное детское 80 г", "Baby meat puree 80 g", "89.90", 140, "Baby", 10),
    ("Каша гречневая детская 200 г", "Baby buckwheat porridge 200 g", "179.90", 215, "Baby", 10),
    ("Смесь молочная детская 350 г", "Infant formula 350 g", "699.90", 420, "Baby", 10),
    ("Сок детский яблочный 200 мл", "Kids' apple juice 200 ml", "44.90", 215, "Baby", 10),
    ("Подгузники детские 4 44 шт", "Baby nappies size 4, 44 pcs", "1299.90", 1320, "Baby", 10),
    ("Салфетки влажные детские 72 шт", "Baby wipes, 72 pcs", "199.90", 420, "Baby", 10),
    ("Пюре тыквенное детское 90 г", "Baby pumpkin puree 90 g", "54.90", 100, "Baby", 10),
    ("Печенье детское 180 г", "Baby biscuits 180 g", "119.90", 185, "Baby", 10),
    # household
    ("Туалетная бумага 8 рулонов", "Toilet paper, 8 rolls", "299.90", 880, "Household", 22),
    ("Бумажные полотенца 2 рулона", "Paper towels, 2 rolls", "149.90", 260, "Household", 22),
    ("Салфетки бумажные 100 шт", "Paper napkins, 100 pcs", "59.90", 150, "Household", 22),
    ("Средство для мытья посуды 450 мл", "Washing-up liquid 450 ml", "119.90", 490, "Household", 22),
    ("Стиральный порошок 3 кг", "Washing powder 3 kg", "699.90", 3050, "Household", 22),
    ("Гель для стирки 1,3 л", "Laundry gel 1.3 l", "549.90", 1400, "Household", 22),
    ("Кондиционер для белья 1 л", "Fabric softener 1 l", "299.90", 1080, "Household", 22),
    ("Средство чистящее 500 мл", "All-purpose cleaner 500 ml", "179.90", 560, "Household", 22),
    ("Губки для посуды 5 шт", "Dish sponges, 5 pcs", "79.90", 40, "Household", 22),
    ("Пакеты для мусора 60 л 20 шт", "Bin bags 60 l, 20 pcs", "129.90", 300, "Household", 22),
    ("Фольга алюминиевая 10 м", "Aluminium foil 10 m", "149.90", 190, "Household", 22),
    ("Плёнка пищевая 20 м", "Cling film 20 m", "99.90", 150, "Household", 22),
    ("Батарейки AA 4 шт", "AA batteries, 4 pcs", "249.90", 100, "Household", 22),
    ("Лампа светодиодная E27 10 Вт", "LED bulb E27 10 W", "149.90", 60, "Household", 22),
    ("Спички 10 коробков", "Matches, 10 boxes", "39.90", 110, "Household", 22),
    ("Свечи хозяйственные 4 шт", "Household candles, 4 pcs", "99.90", 180, "Household", 22),
    # personal care
    ("Зубная паста 100 мл", "Toothpaste 100 ml", "149.90", 150, "Personal care", 22),
    ("Зубная щётка средняя", "Toothbrush, medium", "99.90", 30, "Personal care", 22),
    ("Шампунь 400 мл", "Shampoo 400 ml", "349.90", 450, "Personal care", 22),
    ("Гель для душа 250 мл", "Shower gel 250 ml", "199.90", 290, "Personal care", 22),
    ("Мыло туалетное 90 г", "Soap bar 90 g", "49.90", 100, "Personal care", 22),
    ("Дезодорант 150 мл", "Deodorant 150 ml", "299.90", 160, "Personal care", 22),
    ("Крем для рук 75 мл", "Hand cream 75 ml", "129.90", 90, "Personal care", 22),
    ("Ватные диски 120 шт", "Cotton pads, 120 pcs", "89.90", 60, "Personal care", 22),
    # pets
    ("Корм для кошек с курицей 85 г", "Cat food, chicken 85 g", "39.90", 90, "Pets", 22),
    ("Корм для собак сухой 2,2 кг", "Dry dog food 2.2 kg", "899.90", 2250, "Pets", 22),
    ("Наполнитель для кошачьего туалета 5 кг", "Cat litter 5 kg", "399.90", 5100, "Pets", 22),
)

# (Russian name, English name, price, weight g, category) — 18+, 22 % VAT; spirits and tobacco are marked.
AGE_RESTRICTED: Final = (
    ("Пиво светлое 0,45 л", "Lager 0.45 l", "89.90", 720, "Beer"),
    ("Пиво тёмное 0,45 л", "Dark beer 0.45 l", "99.90", 720, "Beer"),
    ("Пиво пшеничное 0,5 л", "Wheat beer 0.5 l", "129.90", 790, "Beer"),
    ("Пиво безалкогольное 0,45 л", "Alcohol-free beer 0.45 l", "79.90", 720, "Beer"),
    ("Сидр яблочный 0,45 л", "Apple cider 0.45 l", "119.90", 720, "Beer"),
    ("Пиво светлое 1,35 л", "Lager 1.35 l", "199.90", 1420, "Beer"),
    ("Вино красное сухое 0,75 л", "Dry red wine 0.75 l", "599.90", 1250, "Wine"),
    ("Вино белое сухое 0,75 л", "Dry white wine 0.75 l", "549.90", 1250, "Wine"),
    ("Вино розовое полусухое 0,75 л", "Off-dry rosé 0.75 l", "499.90", 1250, "Wine"),
    ("Вино игристое брют 0,75 л", "Sparkling wine brut 0.75 l", "699.90", 1550, "Wine"),
    ("Шампанское полусладкое 0,75 л", "Semi-sweet sparkling wine 0.75 l", "449.90", 1550, "Wine"),
    ("Водка 0,5 л", "Vodka 0.5 l", "449.90", 900, "Spirits"),
    ("Водка 0,7 л", "Vodka 0.7 l", "649.90", 1200, "Spirits"),
    ("Водка премиальная 0,5 л", "Premium vodka 0.5 l", "799.90", 950, "Spirits"),
    ("Коньяк 5 лет 0,5 л", "Brandy 5 years 0.5 l", "999.90", 1000, "Spirits"),
    ("Виски купажированный 0,7 л", "Blended whisky 0.7 l", "1599.90", 1250, "Spirits"),
    ("Ром тёмный 0,7 л", "Dark rum 0.7 l", "1399.90", 1250, "Spirits"),
    ("Джин 0,7 л", "Gin 0.7 l", "1299.90", 1250, "Spirits"),
    ("Настойка клюквенная 0,5 л", "Cranberry liqueur 0.5 l", "399.90", 900, "Spirits"),
    ("Сигареты классические", "Cigarettes, classic", "219.00", 25, "Tobacco"),
    ("Сигареты лёгкие", "Cigarettes, light", "209.00", 25, "Tobacco"),
    ("Сигареты тонкие", "Cigarettes, slim", "229.00", 25, "Tobacco"),
    ("Стики для нагревания табака", "Heated tobacco sticks", "189.00", 25, "Tobacco"),
    ("Зажигалка", "Lighter", "49.90", 20, "Tobacco"),
)

# Special cases: (sku suffix, ru, en, price, weight, category, vat, bag_exempt, max_qty, sco_allowed)
SPECIAL: Final = (
    ("Вода питьевая 6 × 1,5 л", "Still water 6 × 1.5 l", "249.90", 9200, "Drinks", 22, True, None, True),
    (
        "Картофель мытый 5 кг, сетка",
        "Washed potatoes 5 kg, net bag",
        "249.90",
        5050,
        "Produce",
        10,
        True,
        None,
        True,
    ),
    ("Кошачий наполнитель 10 кг", "Cat litter 10 kg", "699.90", 10100, "Pets", 22, True, None, True),
    ("Упаковка яиц 30 шт", "Eggs, tray of 30", "349.90", 1900, "Dairy", 10, True, 3, True),
    ("Подарочная карта 1000 ₽", "Gift card 1,000 RUB", "1000.00", 5, "Gift cards", 0, False, 5, False),
    ("Подарочная карта 3000 ₽", "Gift card 3,000 RUB", "3000.00", 5, "Gift cards", 0, False, 5, False),
    ("Пакет-майка", "Carrier bag", "9.90", 10, "Bags", 22, False, 5, True),
    ("Пакет-майка большой", "Large carrier bag", "14.90", 15, "Bags", 22, False, 5, True),
)
LIMITED: Final = {
    "Батарейки AA 4 шт": 10,
    "Энергетический напиток 0,45 л": 12,
    "Смесь молочная детская 350 г": 6,
}
# Need a Chestny ZNAK marking code per unit. Russia marks more (dairy, water, beer); the demo keeps the
# marked flow to tobacco and spirits so most of the basket scans with its EAN alone.
MARKED_CATEGORIES: Final = {"Tobacco", "Spirits"}


def ean13(i: int) -> str:
    """A unique EAN-13 under a Russian prefix (460–469) for the i-th packaged product."""
    return with_check_digit(f"46{i % 10}{(i * 7919 + 104729) % 10**9:09d}")


def rows() -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for n, (ru, en, price, plu) in enumerate(PRODUCE, start=1):
        out.append(
            (
                f"P{n:04d}",
                "",
                plu,
                ru,
                en,
                price,
                "kg",
                "10",
                "0",
                "",
                "true",
                "false",
                "",
                "false",
                "Produce",
            )
        )
    n = 0

    def packaged(ru: str, en: str, price: str, weight: int, category: str, vat: int, **extra: str) -> None:
        nonlocal n
        n += 1
        marked = category in MARKED_CATEGORIES and ru != "Зажигалка"
        out.append(
            (
                f"G{n:05d}",
                ean13(n),
                "",
                ru,
                en,
                price,
                "each",
                str(vat),
                extra.get("age_min", "0"),
                str(weight),
                extra.get("sco_allowed", "true"),
                extra.get("bag_exempt", "false"),
                extra.get("max_qty", str(LIMITED.get(ru, ""))),
                "true" if marked else "false",
                category,
            )
        )

    for ru, en, price, weight, category, vat in PACKAGED:
        packaged(ru, en, price, weight, category, vat)
    for ru, en, price, weight, category in AGE_RESTRICTED:
        packaged(ru, en, price, weight, category, 22, age_min="18")
    for ru, en, price, weight, category, vat, bag_exempt, max_qty, sco in SPECIAL:
        packaged(
            ru,
            en,
            price,
            weight,
            category,
            vat,
            bag_exempt=str(bag_exempt).lower(),
            max_qty="" if max_qty is None else str(max_qty),
            sco_allowed=str(sco).lower(),
        )
    return out


def main() -> None:
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
