<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU" sourcelanguage="en">
<context>
    <name>AttendantRequiredScreen</name>
    <message>
        <source>An unfinished purchase was found</source>
        <translation>Найдена незавершённая покупка</translation>
    </message>
    <message>
        <source>An attendant will help you in a moment.</source>
        <translation>Сотрудник магазина сейчас вам поможет.</translation>
    </message>
    <message>
        <source>For staff: {lines} line(s) — resume or void it on the attendant panel.</source>
        <translation>Для персонала: позиций — {lines}; продолжите или аннулируйте чек на панели сотрудника.</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Пожалуйста, подождите</translation>
    </message>
    <message>
        <source>An attendant is on the way.</source>
        <translation>Сотрудник уже идёт к вам.</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Touch to start</source>
        <translation>Коснитесь, чтобы начать</translation>
    </message>
    <message>
        <source>or simply scan your first item</source>
        <translation>или просто отсканируйте первый товар</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Начать</translation>
    </message>
    <message>
        <source>Self-checkout</source>
        <translation>Касса самообслуживания</translation>
    </message>
</context>
<context>
    <name>BasketModel</name>
    <message>
        <source>Removed</source>
        <translation>Удалено</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Товар</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Кол-во</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
</context>
<context>
    <name>CompleteScreen</name>
    <message>
        <source>Paid: {amount}</source>
        <translation>Оплачено: {amount}</translation>
    </message>
    <message>
        <source>Printing your receipt…</source>
        <translation>Печатаем чек…</translation>
    </message>
    <message>
        <source>Thank you for your purchase!</source>
        <translation>Спасибо за покупку!</translation>
    </message>
    <message>
        <source>Please take your bags. Have a good day!</source>
        <translation>Не забудьте покупки. Хорошего дня!</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>barcode scanner</source>
        <translation>сканер штрихкодов</translation>
    </message>
    <message>
        <source>hand scanner</source>
        <translation>ручной сканер</translation>
    </message>
    <message>
        <source>camera scanner</source>
        <translation>камера-сканер</translation>
    </message>
    <message>
        <source>scanner scale</source>
        <translation>весы-сканер</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>весы</translation>
    </message>
    <message>
        <source>bagging-area scale</source>
        <translation>весы зоны упаковки</translation>
    </message>
    <message>
        <source>receipt printer</source>
        <translation>принтер чеков</translation>
    </message>
    <message>
        <source>card terminal</source>
        <translation>платёжный терминал</translation>
    </message>
    <message>
        <source>lane light</source>
        <translation>сигнальная лампа</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Enter the code under the barcode</source>
        <translation>Введите цифры под штрихкодом</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>Добавить</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Self-checkout</source>
        <translation>Касса самообслуживания</translation>
    </message>
    <message>
        <source>Help requested — staff are coming</source>
        <translation>Вызван сотрудник — он уже идёт</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>A moment, please</source>
        <translation>Минутку, пожалуйста</translation>
    </message>
    <message>
        <source>Staff are coming — your basket is kept.</source>
        <translation>Сотрудник уже идёт — ваша корзина сохранена.</translation>
    </message>
    <message>
        <source>Lane closed</source>
        <translation>Касса закрыта</translation>
    </message>
    <message>
        <source>Please use another lane. Sorry for the inconvenience.</source>
        <translation>Пожалуйста, воспользуйтесь другой кассой. Приносим извинения.</translation>
    </message>
    <message>
        <source>For staff: not available — {devices}</source>
        <translation>Для персонала: недоступно — {devices}</translation>
    </message>
</context>
<context>
    <name>PaymentPendingScreen</name>
    <message>
        <source>Follow the instructions on the terminal</source>
        <translation>Следуйте указаниям на терминале</translation>
    </message>
    <message>
        <source>To pay: {amount}</source>
        <translation>К оплате: {amount}</translation>
    </message>
    <message>
        <source>Tap, insert or swipe your card</source>
        <translation>Приложите, вставьте или проведите карту</translation>
    </message>
    <message>
        <source>Call for help</source>
        <translation>Позвать сотрудника</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <source>How would you like to pay?</source>
        <translation>Как вы хотите оплатить?</translation>
    </message>
    <message>
        <source>To pay: {amount}</source>
        <translation>К оплате: {amount}</translation>
    </message>
    <message>
        <source>Bank card, phone or watch — at the terminal</source>
        <translation>Банковской картой, телефоном или часами — на терминале</translation>
    </message>
    <message>
        <source>Back to scanning</source>
        <translation>Вернуться к покупкам</translation>
    </message>
    <message>
        <source>Call for help</source>
        <translation>Позвать сотрудника</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Картой</translation>
    </message>
</context>
<context>
    <name>PromptPanel</name>
    <message>
        <source>Call for help</source>
        <translation>Позвать сотрудника</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Понятно</translation>
    </message>
    <message>
        <source>We couldn&apos;t find item {code}</source>
        <translation>Не удалось найти товар {code}</translation>
    </message>
    <message>
        <source>Please put it aside or call for help. Nothing was added.</source>
        <translation>Отложите его или позовите сотрудника. В чек ничего не добавлено.</translation>
    </message>
    <message>
        <source>{name} can&apos;t be sold at self-checkout</source>
        <translation>«{name}» нельзя купить на кассе самообслуживания</translation>
    </message>
    <message>
        <source>An attendant can help you with this item.</source>
        <translation>С этим товаром вам поможет сотрудник.</translation>
    </message>
    <message>
        <source>{name} is sold to adults only</source>
        <translation>{name} продаётся только совершеннолетним</translation>
    </message>
    <message>
        <source>This lane cannot check ID yet, so it was not added. Please buy it at a staffed checkout.</source>
        <translation>Эта касса пока не может проверить документ, поэтому товар не добавлен. Пожалуйста, купите его на кассе с кассиром.</translation>
    </message>
    <message>
        <source>{name} needs to be weighed</source>
        <translation>«{name}» нужно взвесить</translation>
    </message>
    <message>
        <source>This lane can&apos;t weigh items. An attendant can help.</source>
        <translation>На этой кассе нет весов. Вам поможет сотрудник.</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Вы ещё здесь?</translation>
    </message>
    <message>
        <source>Your purchase will be cancelled in {seconds} s.</source>
        <translation>Покупка будет отменена через {seconds} с.</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>Я здесь</translation>
    </message>
    <message>
        <source>Scan not read</source>
        <translation>Штрихкод не считан</translation>
    </message>
    <message>
        <source>Please scan the item again.</source>
        <translation>Пожалуйста, отсканируйте товар ещё раз.</translation>
    </message>
    <message>
        <source>That did not go through</source>
        <translation>Не получилось</translation>
    </message>
    <message>
        <source>Nothing was added or changed. Please try again or call for help.</source>
        <translation>Ничего не добавлено и не изменено. Попробуйте ещё раз или позовите сотрудника.</translation>
    </message>
    <message>
        <source>Help is on the way</source>
        <translation>Сотрудник уже идёт</translation>
    </message>
    <message>
        <source>An attendant will be with you shortly.</source>
        <translation>Сотрудник подойдёт к вам в ближайшее время.</translation>
    </message>
    <message>
        <source>Payment declined</source>
        <translation>Оплата отклонена</translation>
    </message>
    <message>
        <source>No money was taken. Please try again or choose another way to pay.</source>
        <translation>Деньги не списаны. Попробуйте ещё раз или выберите другой способ оплаты.</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Пожалуйста, подождите</translation>
    </message>
    <message>
        <source>An attendant will help you.</source>
        <translation>Вам поможет сотрудник.</translation>
    </message>
</context>
<context>
    <name>ScanningScreen</name>
    <message>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <source>Last scanned</source>
        <translation>Последний товар</translation>
    </message>
    <message>
        <source>Your items will appear here</source>
        <translation>Здесь появятся ваши товары</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Оплатить</translation>
    </message>
    <message>
        <source>Enter code</source>
        <translation>Ввести код</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>To remove an item, first tap its line in the list.</source>
        <translation>Чтобы удалить товар, сначала нажмите на его строку в списке.</translation>
    </message>
    <message>
        <source>Call for help</source>
        <translation>Позвать сотрудника</translation>
    </message>
    <message>
        <source>Prices include VAT: {taxes}</source>
        <translation>В том числе НДС: {taxes}</translation>
    </message>
    <message>
        <source>Prices include VAT</source>
        <translation>Цены включают НДС</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n товар</numerusform>
            <numerusform>%n товара</numerusform>
            <numerusform>%n товаров</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan the next item</source>
        <translation>Сканируйте следующий товар</translation>
    </message>
    <message>
        <source>Scan your first item</source>
        <translation>Отсканируйте первый товар</translation>
    </message>
</context>
<context>
    <name>StatusScreen</name>
    <message>
        <source>This lane is closed</source>
        <translation>Эта касса закрыта</translation>
    </message>
    <message>
        <source>Please use another lane.</source>
        <translation>Пожалуйста, воспользуйтесь другой кассой.</translation>
    </message>
    <message>
        <source>Place the item on the scale</source>
        <translation>Положите товар на весы</translation>
    </message>
    <message>
        <source>Wait until the weight is steady.</source>
        <translation>Дождитесь, пока вес установится.</translation>
    </message>
    <message>
        <source>Attendant mode</source>
        <translation>Режим сотрудника</translation>
    </message>
    <message>
        <source>A member of staff is using this lane.</source>
        <translation>Кассой пользуется сотрудник магазина.</translation>
    </message>
    <message>
        <source>Purchase on hold</source>
        <translation>Покупка отложена</translation>
    </message>
    <message>
        <source>An attendant will help you.</source>
        <translation>Вам поможет сотрудник.</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Пожалуйста, подождите</translation>
    </message>
</context>
</TS>
