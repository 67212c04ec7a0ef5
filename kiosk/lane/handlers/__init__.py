"""Transition handlers: ``handler(core, message) -> next state | None`` (None: stay), one per table entry.

Handlers decide; they do not dispatch. The table (:mod:`kiosk.lane.table`) says which handler runs for which
(state, message) and which states it may return; the shell refuses any other. Guards are
``guard(core, message) -> reason | None``: a reason refuses the message before the handler runs.
"""
