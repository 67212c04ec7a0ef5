"""The lane's states. Transitions are listed in :mod:`kiosk.lane.table`."""

import enum


class LaneState(enum.StrEnum):
    OUT_OF_SERVICE = "OUT_OF_SERVICE"  # a required device is missing; no selling
    CLOSED = "CLOSED"  # lane closed by staff
    ATTRACT = "ATTRACT"  # idle, inviting the next shopper
    SCANNING = "SCANNING"  # a sale is open and items are being added
    WEIGHING = "WEIGHING"  # waiting for a stable weight for a per-kg item
    ATTENDANT_REQUIRED = "ATTENDANT_REQUIRED"  # something only staff may decide is pending
    ATTENDANT_MODE = "ATTENDANT_MODE"  # staff logged in on the lane
    PAYMENT = "PAYMENT"  # shopper chooses a tender
    PAYMENT_PENDING = "PAYMENT_PENDING"  # a tender is being authorised
    FINALIZING = "FINALIZING"  # paid; fiscal document and receipt being produced
    COMPLETE = "COMPLETE"  # thank-you screen
    SUSPENDED = "SUSPENDED"  # sale parked for recall elsewhere
