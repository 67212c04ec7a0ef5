"""The kiosk application core: domain values, the lane actor, catalog, persistence, config, scenarios, CLI.

May import: ``drivers`` (device contracts), ``payments``, ``fiscal``. Never imports Qt or ``ui``: the lane,
the scenario runner and the tests all run headless.
"""
