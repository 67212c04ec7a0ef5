"""Card payment terminals: the ZVT (ECR role) codec and driver over TCP, and an in-process fake.

The kiosk never sees card data: it sends amounts and receives results with at most BIN + last four digits of
the PAN (payments.md §11). Imports nothing outside ``drivers``.
"""
