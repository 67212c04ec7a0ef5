"""Serial scanner framing ``[prefix][AIM id][data][suffix]`` as frozen data plus a pure, I/O-free decoder.

The decoder is fed raw bytes exactly as they come off the wire and returns scans or rejected frames, so it is
tested on literal byte vectors without any port or thread. Timing (the inter-character gap that turns a
buffered fragment into a partial frame) belongs to the worker, which calls :meth:`FrameDecoder.flush`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from drivers.contracts import Symbology
from drivers.scanner.aim import AIM_SYMBOLOGIES, split_aim

ALLOWED_CONTROLS: Final = frozenset("\x04\x1d\x1e")
"""EOT, GS, RS: the only control characters a barcode may carry (GS1 element separators, ISO/IEC 15434
envelopes in 2-D codes). Anything else below 0x20 is line noise."""

PARITIES: Final = frozenset("NEOMS")


@dataclass(frozen=True, slots=True, kw_only=True)
class SerialScannerProtocol:
    """What a host must know about a serial scanner's output, as programmed in the scanner.

    Defaults: 9600 8N1, no prefix, CR suffix, AIM identifiers on. Framing from devices.md §3.1 (Datalogic's
    RS-232 default suffix is CR LF: set ``suffix=b"\\r\\n"``); AIM table from ISO/IEC 15424 via devices.md §3.2.
    """

    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    prefix: bytes = b""
    suffix: bytes = b"\r"
    aim_ids: bool = True
    max_frame_len: int = 512
    aim_table: Mapping[str, Symbology] = field(default=AIM_SYMBOLOGIES)
    source: str = "devices.md §3.1-3.2; ISO/IEC 15424 (AIM symbology identifiers)"

    def __post_init__(self) -> None:
        if self.baudrate <= 0:
            raise ValueError(f"baudrate must be positive, got {self.baudrate}")
        if self.bytesize not in (5, 6, 7, 8):
            raise ValueError(f"bytesize must be 5..8, got {self.bytesize}")
        if self.parity not in PARITIES:
            raise ValueError(f"parity must be one of N, E, O, M, S, got {self.parity!r}")
        if self.stopbits not in (1, 1.5, 2):
            raise ValueError(f"stopbits must be 1, 1.5 or 2, got {self.stopbits}")
        if not self.suffix:
            raise ValueError("suffix must not be empty: it is what ends a frame")
        if self.max_frame_len <= 0:
            raise ValueError(f"max_frame_len must be positive, got {self.max_frame_len}")


@dataclass(frozen=True, slots=True)
class DecodedScan:
    label: str
    symbology: Symbology
    aim_id: str | None


@dataclass(frozen=True, slots=True)
class RejectedFrame:
    """A frame that is not a barcode. ``code`` is the ``ErrorOccurred.code``; ``raw`` is kept for the log."""

    code: str
    detail: str
    raw: bytes


Frame = DecodedScan | RejectedFrame


def hex_preview(data: bytes, limit: int = 32) -> str:
    """Hex of the first ``limit`` bytes, for error details and logs."""
    more = " …" if len(data) > limit else ""
    return data[:limit].hex(" ") + more


class FrameDecoder:
    """Splits a byte stream into frames by suffix and decodes each; never raises on bad input.

    Not thread-safe: owned by the one worker thread that reads the port.
    """

    def __init__(self, protocol: SerialScannerProtocol) -> None:
        self._protocol = protocol
        self._buffer = bytearray()
        self._skipping = False  # inside an oversize frame already reported; drop bytes up to the next suffix

    @property
    def pending(self) -> bool:
        """True while bytes of an unfinished frame are buffered (or an oversize frame is being skipped)."""
        return bool(self._buffer) or self._skipping

    def feed(self, data: bytes) -> list[Frame]:
        suffix = self._protocol.suffix
        self._buffer += data
        frames: list[Frame] = []
        while (end := self._buffer.find(suffix)) >= 0:
            raw = bytes(self._buffer[:end])
            del self._buffer[: end + len(suffix)]
            if self._skipping:
                self._skipping = False
            else:
                frames.append(self._decode(raw))
        if len(self._buffer) >= self._protocol.max_frame_len + len(suffix):
            if not self._skipping:  # report a runaway frame once, however long it runs
                frames.append(self._oversize(bytes(self._buffer)))
                self._skipping = True
            # Keep a possible first half of a multi-byte suffix so the resync point is not lost.
            del self._buffer[: len(self._buffer) - (len(suffix) - 1)]
        return frames

    def flush(self) -> RejectedFrame | None:
        """End of a burst (inter-character gap or link loss): buffered bytes are a partial frame."""
        raw = bytes(self._buffer)
        was_skipping = self._skipping
        self._buffer.clear()
        self._skipping = False
        if not raw or was_skipping:
            return None
        return RejectedFrame("partial_frame", f"no suffix after {len(raw)} bytes: {hex_preview(raw)}", raw)

    def _oversize(self, raw: bytes) -> RejectedFrame:
        limit = self._protocol.max_frame_len
        return RejectedFrame("oversize_frame", f"no suffix within {limit} bytes: {hex_preview(raw)}", raw)

    def _decode(self, raw: bytes) -> Frame:
        protocol = self._protocol
        if len(raw) > protocol.max_frame_len:
            return self._oversize(raw)
        if not raw.startswith(protocol.prefix):
            return RejectedFrame(
                "wrong_prefix", f"expected prefix {protocol.prefix!r}: {hex_preview(raw)}", raw
            )
        body = raw[len(protocol.prefix) :]
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            return RejectedFrame("garbage_frame", f"not UTF-8 ({exc.reason}): {hex_preview(raw)}", raw)
        if not text:
            return RejectedFrame("garbage_frame", "empty frame", raw)
        bad = next((ch for ch in text if not ch.isprintable() and ch not in ALLOWED_CONTROLS), None)
        if bad is not None:
            return RejectedFrame(
                "garbage_frame", f"control character {ord(bad):#04x}: {hex_preview(raw)}", raw
            )
        if not protocol.aim_ids:
            return DecodedScan(text, Symbology.UNKNOWN, None)
        split = split_aim(text, protocol.aim_table)
        if split is None:
            return RejectedFrame("missing_aim_id", f"no AIM identifier: {hex_preview(raw)}", raw)
        return DecodedScan(split.data, split.symbology, split.aim_id)
