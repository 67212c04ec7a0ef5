"""Tender orchestration: payment providers behind one small interface, chosen by tender method.

May import ``kiosk.domain`` value types and ``drivers`` contracts; nothing else of ``kiosk`` and never Qt.
The lane journals every attempt (with an id it chose) *before* calling a provider here, so a crash between
the call and its answer is recoverable without charging twice.
"""
