"""The Magellan single-cable protocol on the host side: frozen data plus a pure, I/O-free decoder.

Source: devices.md §2.2 (Datalogic KB KA-01089 / KA-01506; CORE-POS/IS4C's Magellan handler). 9600 baud,
7 data bits, odd parity, 1 stop; every message is ``<prefix><type><payload><suffix>`` with prefix ``S`` and
suffix CR by default (both programmable). Scanner to host: ``08<label id><data>`` unsolicited, for every
read. Host to scale: ``11`` (stable weight: answered ``11<digits>`` only when stable, else not at all) and
``14`` (monitor: ``14<status>[digits]``). Weights have no decimal point: 5 digits in grams for kg, 4 digits in
hundredths of a pound for lb. Label ids marked UNVERIFIED in the reference (the F/FF split) are data here, so
a technician can reprogram them without a code change.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

from drivers.contracts import Symbology

LABEL_IDS: Final = MappingProxyType(
    {
        "A": Symbology.UPCA,
        "E": Symbology.UPCE,
        "F": Symbology.EAN13,
        "FF": Symbology.EAN8,  # UNVERIFIED split (devices.md §2.2): configurable
        "B1": Symbology.CODE39,
        "B2": Symbology.ITF,
        "B3": Symbology.CODE128,
        "R4": Symbology.GS1_DATABAR,
    }
)
"""Magellan label identifier after ``08`` → UPOS ScanDataType (devices.md §2.2). Longest id wins."""

SCAN: Final = "08"
STABLE_WEIGHT: Final = "11"
MONITOR: Final = "14"

GRAMS_PER_CENTI_POUND: Final = 4.5359237
"""0.01 lb in grams (1 lb = 453.59237 g exactly, by the international yard and pound agreement)."""


class MonitorStatus(enum.IntEnum):
    """The digit after ``14`` in a scale-monitor reply (devices.md §2.2)."""

    NO_ZERO = 0  # cannot find zero
    UNSTABLE = 1
    OVER_CAPACITY = 2
    STABLE_ZERO = 3
    STABLE_NON_ZERO = 4  # followed by the weight digits
    UNDER_ZERO = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class MagellanProtocol:
    """How the scanner-scale is programmed. ``unit`` decides the weight digits: kg = 5, lb = 4."""

    baudrate: int = 9600
    bytesize: int = 7
    parity: str = "O"
    stopbits: float = 1
    prefix: bytes = b"S"
    suffix: bytes = b"\r"
    unit: Literal["kg", "lb"] = "kg"
    label_ids: Mapping[str, Symbology] = field(default=LABEL_IDS)
    max_frame_len: int = 256
    source: str = "devices.md §2.2 (Datalogic KB KA-01089, KA-01506: Magellan single-cable protocol)"

    def __post_init__(self) -> None:
        if not self.suffix:
            raise ValueError("suffix must not be empty: it is what ends a message")
        if self.unit not in ("kg", "lb"):
            raise ValueError(f"unit must be 'kg' or 'lb', got {self.unit!r}")

    @property
    def weight_digits(self) -> int:
        return 5 if self.unit == "kg" else 4

    def request(self, message_type: str) -> bytes:
        """A host command: ``S11\\r`` (stable weight) or ``S14\\r`` (monitor) with the default framing."""
        return self.prefix + message_type.encode("ascii") + self.suffix

    def grams(self, digits: str) -> int:
        """Weight digits (no decimal point) → whole grams, rounded for lb."""
        value = int(digits)
        return value if self.unit == "kg" else round(value * GRAMS_PER_CENTI_POUND)


@dataclass(frozen=True, slots=True)
class LabelRead:
    label: str
    symbology: Symbology
    label_id: str


@dataclass(frozen=True, slots=True)
class ScaleReading:
    """A ``11`` reply (always stable) or a ``14`` reply; ``grams`` is None where no weight was sent."""

    status: MonitorStatus
    grams: int | None
    monitor: bool


@dataclass(frozen=True, slots=True)
class BadMessage:
    code: str  # the ``ErrorOccurred.code``
    detail: str
    raw: bytes


Message = LabelRead | ScaleReading | BadMessage


def expand_upce(digits: str) -> str | None:
    """UPC-E (6, 7 or 8 digits: [number system] six [check]) → the 12-digit UPC-A it stands for.

    ``None`` when it is not a valid UPC-E (bad length, number system other than 0/1, wrong check digit).
    Rule: GS1 General Specifications §5.2.2.4.2 (zero-suppression by the last of the six digits).
    """
    if not digits.isdigit() or len(digits) not in (6, 7, 8):
        return None
    system = digits[0] if len(digits) >= 7 else "0"
    six = digits[1:7] if len(digits) >= 7 else digits
    if system not in "01":
        return None
    d1, d2, d3, d4, d5, d6 = tuple(six)
    if d6 in "012":
        body = f"{d1}{d2}{d6}0000{d3}{d4}{d5}"
    elif d6 == "3":
        body = f"{d1}{d2}{d3}00000{d4}{d5}"
    elif d6 == "4":
        body = f"{d1}{d2}{d3}{d4}00000{d5}"
    else:
        body = f"{d1}{d2}{d3}{d4}{d5}0000{d6}"
    eleven = system + body
    check = str(-sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(eleven)) % 10)
    if len(digits) == 8 and digits[7] != check:
        return None
    return eleven + check


class MagellanDecoder:
    """Splits the 7-bit byte stream on the suffix and decodes each message; never raises on bad input.

    Bit 7 is masked off every byte: a UART at 7O1 delivers 7-bit characters, and a pty or TCP test wire may
    carry a parity bit in bit 7. Not thread-safe: owned by the port's one worker thread.
    """

    def __init__(self, protocol: MagellanProtocol) -> None:
        self._protocol = protocol
        self._buffer = bytearray()
        self._ids = sorted(protocol.label_ids, key=len, reverse=True)

    @property
    def pending(self) -> bool:
        return bool(self._buffer)

    def feed(self, data: bytes) -> list[Message]:
        suffix = self._protocol.suffix
        self._buffer += bytes(b & 0x7F for b in data)
        messages: list[Message] = []
        while (end := self._buffer.find(suffix)) >= 0:
            raw = bytes(self._buffer[:end])
            del self._buffer[: end + len(suffix)]
            messages.append(self._decode(raw))
        if len(self._buffer) > self._protocol.max_frame_len:
            raw = bytes(self._buffer)
            self._buffer.clear()
            messages.append(BadMessage("oversize_frame", f"no suffix within {len(raw)} bytes", raw))
        return messages

    def flush(self) -> BadMessage | None:
        """End of a burst: buffered bytes without a suffix are a partial message."""
        raw = bytes(self._buffer)
        self._buffer.clear()
        return BadMessage("partial_frame", f"no suffix after {len(raw)} bytes", raw) if raw else None

    def _decode(self, raw: bytes) -> Message:
        prefix = self._protocol.prefix
        text = raw.decode("ascii")  # 7-bit after masking: always ASCII
        if not raw.startswith(prefix) or len(raw) < len(prefix) + 2:
            return BadMessage("garbage_frame", f"not a {prefix!r}-prefixed message: {text!r}", raw)
        body = text[len(prefix) :]
        kind, payload = body[:2], body[2:]
        if kind == SCAN:
            return self._label(payload, raw)
        if kind in (STABLE_WEIGHT, MONITOR):
            return self._weight(kind, payload, raw)
        return BadMessage("unknown_message", f"message type {kind!r} not understood: {text!r}", raw)

    def _label(self, payload: str, raw: bytes) -> Message:
        label_id = next((i for i in self._ids if payload.startswith(i)), None)
        if label_id is None:
            return BadMessage("unknown_label_id", f"no known label identifier: {payload!r}", raw)
        data = payload[len(label_id) :]
        if not data or any(not (ch.isprintable() or ch == "\x1d") for ch in data):
            return BadMessage("garbage_frame", f"bad label data after {label_id!r}: {data!r}", raw)
        symbology = self._protocol.label_ids[label_id]
        if symbology is Symbology.UPCE:
            expanded = expand_upce(data)
            if expanded is None:
                return BadMessage("garbage_frame", f"not a valid UPC-E: {data!r}", raw)
            data = expanded
        return LabelRead(data, symbology, label_id)

    def _weight(self, kind: str, payload: str, raw: bytes) -> Message:
        digits = self._protocol.weight_digits
        if kind == STABLE_WEIGHT:  # only ever sent for a stable, in-range weight, zero included
            if len(payload) != digits or not payload.isdigit():
                return BadMessage("garbage_frame", f"weight must be {digits} digits: {raw!r}", raw)
            grams = self._protocol.grams(payload)
            state = MonitorStatus.STABLE_ZERO if grams == 0 else MonitorStatus.STABLE_NON_ZERO
            return ScaleReading(state, grams, monitor=False)
        status, weight = payload[:1], payload[1:]
        if not status.isdigit() or int(status) > max(MonitorStatus):
            return BadMessage("garbage_frame", f"unknown scale status in {raw!r}", raw)
        state = MonitorStatus(int(status))
        if state is not MonitorStatus.STABLE_NON_ZERO:
            if weight:
                return BadMessage(
                    "garbage_frame", f"no weight expected with status {state.name}: {raw!r}", raw
                )
            return ScaleReading(state, 0 if state is MonitorStatus.STABLE_ZERO else None, monitor=True)
        if len(weight) != digits or not weight.isdigit():
            return BadMessage("garbage_frame", f"weight must be {digits} digits: {raw!r}", raw)
        return ScaleReading(state, self._protocol.grams(weight), monitor=True)
