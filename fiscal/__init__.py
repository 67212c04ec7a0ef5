"""Fiscal back-ends (54-FZ / ATOL, RKSV, TSE) behind one FiscalBackend interface, with an intent journal.

Empty until the fiscal issue: the foundation lane completes a sale without a fiscal document. May import
``kiosk.domain`` value types and ``drivers`` contracts only; never Qt.
"""
