"""The lane: the checkout state machine as one actor with one inbox (architecture guide §2).

Device workers, the UI and timers only *post* messages; the lane handles them one at a time and publishes an
immutable :class:`kiosk.lane.snapshot.LaneSnapshot` plus the events that message caused. May import
``kiosk.domain``, ``kiosk.catalog``, ``kiosk.persistence`` and ``payments``; never Qt.
"""
