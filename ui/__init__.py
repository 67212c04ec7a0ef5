"""The touchscreen kiosk UI (Qt Widgets) — the only package that imports Qt.

It talks to the lane facade only (``snapshot()``, ``subscribe()``, ``post()``), never to a driver: it renders
the immutable snapshots the lane publishes and posts shopper messages back. Business rules live in the lane;
the UI turns the codes it gets (states, prompt codes) into words in the shopper's language.

Threading rule: every widget and model is touched on the GUI thread only. Lane callbacks arrive on the lane's
thread and cross to the GUI thread through :class:`ui.bridge.LaneBridge` (a queued Qt signal).
"""
