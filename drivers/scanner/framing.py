"""Serial scanner framing ``[prefix][AIM id][data][suffix]`` as frozen data plus a pure, I/O-free decoder.

The decoder is fed raw bytes exactly as they come off the wire, each chunk with the time it was read, and
returns scans or rejected frames; it is tested on literal byte vectors and explicit times, without any port or
thread. Time matters because a frame is one burst: a scanner sends it in one go.

* A gap longer than ``timeout_s`` inside a frame ends it: the bytes so far are a *partial frame*, reported and
  never delivered.
* A pause of a quarter of that inside a frame means the bytes after it may be a new frame glued to a partial
  one (a cable glitch). Where frames can be told apart — a prefix, or AIM ids — a new frame starts where the
  bytes after a pause begin with the frame start; what came before is a partial frame. Where they cannot (no
  prefix, no AIM ids), such a frame is rejected whole: never a scan of mixed bytes.
* Without a prefix or AIM ids the bytes after a timed-out partial frame cannot be told from a new frame
  either, so everything up to the next suffix is rejected. A lost scan is rescanned; an invented one sells
  the wrong item.

Limit, by nature: where data may contain the frame start (Code 128 or 2-D data holding ``]`` + two
characters, or a printable prefix), a frame stalled for a pause exactly before it reads as two frames.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from drivers.contracts import Symbology
from drivers.scanner.aim import AIM_SYMBOLOGIES, DIGITS_ONLY, FLAG, ID_LENGTH, split_aim

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
    """Splits a timed byte stream into frames by suffix and decodes each; never raises on bad input.

    Not thread-safe: owned by the one worker thread that reads the port. Times are seconds on any monotonic
    clock; chunks fed without a time all count as arriving at once.
    """

    def __init__(self, protocol: SerialScannerProtocol, *, timeout_s: float = 0.2) -> None:
        if timeout_s <= 0:
            raise ValueError(f"inter-character timeout must be positive, got {timeout_s}")
        self._protocol = protocol
        self._timeout_s = timeout_s
        self._pause_s = timeout_s / 4
        self._separable = bool(protocol.prefix) or protocol.aim_ids
        self._buffer = bytearray()
        self._resumed: list[int] = []  # offsets in the buffer where bytes came again after a pause
        self._skipping = False  # inside an oversize frame already reported; drop bytes up to the next suffix
        self._doubt: str | None = None  # why the frame being read cannot be trusted (frames not separable)
        self._last_at = 0.0

    @property
    def pending(self) -> bool:
        """True while bytes of an unfinished frame are buffered (or an oversize frame is being skipped)."""
        return bool(self._buffer) or self._skipping

    def feed(self, data: bytes, at: float = 0.0) -> list[Frame]:
        frames = self.idle(at)
        if self._buffer and at - self._last_at >= self._pause_s:
            self._paused(at - self._last_at)
        self._last_at = at
        suffix = self._protocol.suffix
        self._buffer += data
        while (end := self._buffer.find(suffix)) >= 0:
            raw = bytes(self._buffer[:end])
            resumed = [offset for offset in self._resumed if 0 < offset < end]
            cut = end + len(suffix)
            del self._buffer[:cut]
            self._resumed = [offset - cut for offset in self._resumed if offset > cut]
            frames += self._frame(raw, resumed)
        if len(self._buffer) >= self._protocol.max_frame_len + len(suffix):
            if not self._skipping:  # report a runaway frame once, however long it runs
                frames.append(self._oversize(bytes(self._buffer)))
                self._skipping = True
            # Keep a possible first half of a multi-byte suffix so the resync point is not lost.
            del self._buffer[: len(self._buffer) - (len(suffix) - 1)]
            self._resumed = []
        return frames

    def idle(self, at: float) -> list[Frame]:
        """No bytes until ``at``: once the gap exceeds the timeout, the buffered bytes are a partial frame."""
        if not self.pending or at - self._last_at <= self._timeout_s:
            return []
        partial = self.flush()
        if not self._separable:
            self._doubt = (
                f"bytes after a {at - self._last_at:.3f} s gap mid-frame: without a prefix or AIM ids "
                "they cannot be told from a new frame"
            )
        return [partial] if partial is not None else []

    def flush(self) -> RejectedFrame | None:
        """End of the stream (link lost, or a timed-out gap): buffered bytes are a partial frame."""
        raw = bytes(self._buffer)
        was_skipping = self._skipping
        self._buffer.clear()
        self._resumed = []
        self._skipping = False
        self._doubt = None
        if not raw or was_skipping:
            return None
        return self._partial(raw)

    def _paused(self, seconds: float) -> None:
        if self._separable:
            self._resumed.append(len(self._buffer))
        elif self._doubt is None:
            self._doubt = f"paused {seconds * 1000:.0f} ms mid-frame: may be two frames glued together"

    def _frame(self, raw: bytes, resumed: list[int]) -> list[Frame]:
        """One suffix-terminated stretch of bytes: split where a new frame began after a pause, decode."""
        doubt, self._doubt = self._doubt, None
        if self._skipping:
            self._skipping = False
            return []
        if doubt is not None:
            return [RejectedFrame("garbage_frame", f"{doubt}: {hex_preview(raw)}", raw)]
        starts = [0] + [offset for offset in resumed if self._starts_frame(raw[offset:])]
        pieces = [raw[a:b] for a, b in zip(starts, [*starts[1:], len(raw)], strict=True)]
        return [self._partial(piece) for piece in pieces[:-1]] + [self._decode(pieces[-1])]

    def _starts_frame(self, data: bytes) -> bool:
        """Whether ``data`` begins like a frame: the prefix, then (with AIM ids) a well-formed identifier."""
        protocol = self._protocol
        if not data.startswith(protocol.prefix):
            return False
        if not protocol.aim_ids:
            return True
        body = data[len(protocol.prefix) :]
        return (
            len(body) > ID_LENGTH and body[:1] == FLAG.encode() and all(0x21 <= b <= 0x7E for b in body[1:3])
        )

    @staticmethod
    def _partial(raw: bytes) -> RejectedFrame:
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
        if split.aim_id[1] in DIGITS_ONLY and not (split.data.isascii() and split.data.isdigit()):
            return RejectedFrame(
                "garbage_frame", f"{split.aim_id} data must be digits only: {hex_preview(raw)}", raw
            )
        return DecodedScan(split.data, split.symbology, split.aim_id)
