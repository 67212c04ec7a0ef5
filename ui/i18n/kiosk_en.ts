<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>AttendantRequiredScreen</name>
    <message>
        <source>An unfinished purchase was found</source>
        <translation>An unfinished purchase was found</translation>
    </message>
    <message>
        <source>An attendant will help you in a moment.</source>
        <translation>An attendant will help you in a moment.</translation>
    </message>
    <message>
        <source>For staff: {lines} line(s) — resume or void it on the attendant panel.</source>
        <translation>For staff: {lines} line(s) — resume or void it on the attendant panel.</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>An attendant is on the way.</source>
        <translation>An attendant is on the way.</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Touch to start</source>
        <translation>Touch to start</translation>
    </message>
    <message>
        <source>or simply scan your first item</source>
        <translation>or simply scan your first item</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Self-checkout</source>
        <translation>Self-checkout</translation>
    </message>
</context>
<context>
    <name>BasketModel</name>
    <message>
        <source>Removed</source>
        <translation>Removed</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
</context>
<context>
    <name>CompleteScreen</name>
    <message>
        <source>Paid: {amount}</source>
        <translation>Paid: {amount}</translation>
    </message>
    <message>
        <source>Printing your receipt…</source>
        <translation>Printing your receipt…</translation>
    </message>
    <message>
        <source>Thank you for your purchase!</source>
        <translation>Thank you for your purchase!</translation>
    </message>
    <message>
        <source>Please take your bags. Have a good day!</source>
        <translation>Please take your bags. Have a good day!</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>barcode scanner</source>
        <translation>barcode scanner</translation>
    </message>
    <message>
        <source>hand scanner</source>
        <translation>hand scanner</translation>
    </message>
    <message>
        <source>camera scanner</source>
        <translation>camera scanner</translation>
    </message>
    <message>
        <source>scanner scale</source>
        <translation>scanner scale</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>scale</translation>
    </message>
    <message>
        <source>bagging-area scale</source>
        <translation>bagging-area scale</translation>
    </message>
    <message>
        <source>receipt printer</source>
        <translation>receipt printer</translation>
    </message>
    <message>
        <source>card terminal</source>
        <translation>card terminal</translation>
    </message>
    <message>
        <source>lane light</source>
        <translation>lane light</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Enter the code under the barcode</source>
        <translation>Enter the code under the barcode</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>Add item</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Self-checkout</source>
        <translation>Self-checkout</translation>
    </message>
    <message>
        <source>Help requested — staff are coming</source>
        <translation>Help requested — staff are coming</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>A moment, please</source>
        <translation>A moment, please</translation>
    </message>
    <message>
        <source>Staff are coming — your basket is kept.</source>
        <translation>Staff are coming — your basket is kept.</translation>
    </message>
    <message>
        <source>Lane closed</source>
        <translation>Lane closed</translation>
    </message>
    <message>
        <source>Please use another lane. Sorry for the inconvenience.</source>
        <translation>Please use another lane. Sorry for the inconvenience.</translation>
    </message>
    <message>
        <source>For staff: not available — {devices}</source>
        <translation>For staff: not available — {devices}</translation>
    </message>
</context>
<context>
    <name>PaymentPendingScreen</name>
    <message>
        <source>Follow the instructions on the terminal</source>
        <translation>Follow the instructions on the terminal</translation>
    </message>
    <message>
        <source>To pay: {amount}</source>
        <translation>To pay: {amount}</translation>
    </message>
    <message>
        <source>Tap, insert or swipe your card</source>
        <translation>Tap, insert or swipe your card</translation>
    </message>
    <message>
        <source>Call for help</source>
        <translation>Call for help</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <source>How would you like to pay?</source>
        <translation>How would you like to pay?</translation>
    </message>
    <message>
        <source>To pay: {amount}</source>
        <translation>To pay: {amount}</translation>
    </message>
    <message>
        <source>Bank card, phone or watch — at the terminal</source>
        <translation>Bank card, phone or watch — at the terminal</translation>
    </message>
    <message>
        <source>Back to scanning</source>
        <translation>Back to scanning</translation>
    </message>
    <message>
        <source>Call for help</source>
        <translation>Call for help</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Card</translation>
    </message>
</context>
<context>
    <name>PromptPanel</name>
    <message>
        <source>Call for help</source>
        <translation>Call for help</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>We couldn&apos;t find item {code}</source>
        <translation>We couldn&apos;t find item {code}</translation>
    </message>
    <message>
        <source>Please put it aside or call for help. Nothing was added.</source>
        <translation>Please put it aside or call for help. Nothing was added.</translation>
    </message>
    <message>
        <source>{name} can&apos;t be sold at self-checkout</source>
        <translation>{name} can&apos;t be sold at self-checkout</translation>
    </message>
    <message>
        <source>An attendant can help you with this item.</source>
        <translation>An attendant can help you with this item.</translation>
    </message>
    <message>
        <source>{name} is sold to adults only</source>
        <translation>{name} is sold to adults only</translation>
    </message>
    <message>
        <source>This lane cannot check ID yet, so it was not added. Please buy it at a staffed checkout.</source>
        <translation>This lane cannot check ID yet, so it was not added. Please buy it at a staffed checkout.</translation>
    </message>
    <message>
        <source>{name} needs to be weighed</source>
        <translation>{name} needs to be weighed</translation>
    </message>
    <message>
        <source>This lane can&apos;t weigh items. An attendant can help.</source>
        <translation>This lane can&apos;t weigh items. An attendant can help.</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>Your purchase will be cancelled in {seconds} s.</source>
        <translation>Your purchase will be cancelled in {seconds} s.</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>I&apos;m still here</translation>
    </message>
    <message>
        <source>Scan not read</source>
        <translation>Scan not read</translation>
    </message>
    <message>
        <source>Please scan the item again.</source>
        <translation>Please scan the item again.</translation>
    </message>
    <message>
        <source>That did not go through</source>
        <translation>That did not go through</translation>
    </message>
    <message>
        <source>Nothing was added or changed. Please try again or call for help.</source>
        <translation>Nothing was added or changed. Please try again or call for help.</translation>
    </message>
    <message>
        <source>Help is on the way</source>
        <translation>Help is on the way</translation>
    </message>
    <message>
        <source>An attendant will be with you shortly.</source>
        <translation>An attendant will be with you shortly.</translation>
    </message>
    <message>
        <source>Payment declined</source>
        <translation>Payment declined</translation>
    </message>
    <message>
        <source>No money was taken. Please try again or choose another way to pay.</source>
        <translation>No money was taken. Please try again or choose another way to pay.</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>An attendant will help you.</source>
        <translation>An attendant will help you.</translation>
    </message>
</context>
<context>
    <name>ScanningScreen</name>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Last scanned</source>
        <translation>Last scanned</translation>
    </message>
    <message>
        <source>Your items will appear here</source>
        <translation>Your items will appear here</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Pay</translation>
    </message>
    <message>
        <source>Enter code</source>
        <translation>Enter code</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>Remove item</translation>
    </message>
    <message>
        <source>To remove an item, first tap its line in the list.</source>
        <translation>To remove an item, first tap its line in the list.</translation>
    </message>
    <message>
        <source>Call for help</source>
        <translation>Call for help</translation>
    </message>
    <message>
        <source>Prices include VAT: {taxes}</source>
        <translation>Prices include VAT: {taxes}</translation>
    </message>
    <message>
        <source>Prices include VAT</source>
        <translation>Prices include VAT</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan the next item</source>
        <translation>Scan the next item</translation>
    </message>
    <message>
        <source>Scan your first item</source>
        <translation>Scan your first item</translation>
    </message>
</context>
<context>
    <name>StatusScreen</name>
    <message>
        <source>This lane is closed</source>
        <translation>This lane is closed</translation>
    </message>
    <message>
        <source>Please use another lane.</source>
        <translation>Please use another lane.</translation>
    </message>
    <message>
        <source>Place the item on the scale</source>
        <translation>Place the item on the scale</translation>
    </message>
    <message>
        <source>Wait until the weight is steady.</source>
        <translation>Wait until the weight is steady.</translation>
    </message>
    <message>
        <source>Attendant mode</source>
        <translation>Attendant mode</translation>
    </message>
    <message>
        <source>A member of staff is using this lane.</source>
        <translation>A member of staff is using this lane.</translation>
    </message>
    <message>
        <source>Purchase on hold</source>
        <translation>Purchase on hold</translation>
    </message>
    <message>
        <source>An attendant will help you.</source>
        <translation>An attendant will help you.</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Please wait</translation>
    </message>
</context>
</TS>
