"""One screen per lane state (a few states share one); the router in :mod:`ui.router` picks by state.

Every screen has ``retranslate()`` for its fixed texts and ``render(snapshot)`` for what depends on the lane.
"""
