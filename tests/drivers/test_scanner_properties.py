"""Property: whatever the wire does — noise, frames cut short, frames stalled mid-way, any chunking and
timing — the decoder emits only codes that were sent, in order, and every code it could tell apart (issue 7).

The model of the wire (what a scanner and a bad cable can do, devices.md §3.1):
* a *frame* is one burst: its chunks come less than a pause apart;
* a *partial* frame is a frame cut short; the rest never comes, so whatever follows comes a pause or more later;
* a *stalled* frame stops mid-way for a pause or a gap over the timeout, then the rest comes;
* *noise* is bytes that are no barcode (control characters, bytes that are never UTF-8), then the suffix.
Codes never hold the frame start (``]`` or the prefix): where data can, a stall right before it is
indistinguishable from two frames (see ``drivers.scanner.framing``).
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.scanner.framing import DecodedScan, FrameDecoder, SerialScannerProtocol

TIMEOUT_S = 0.2
PAUSE_S = TIMEOUT_S / 4
PROTOCOLS = [
    SerialScannerProtocol(),
    SerialScannerProtocol(prefix=b"\x02", suffix=b"\r\n"),
    SerialScannerProtocol(prefix=b"\x02", aim_ids=False),
    SerialScannerProtocol(aim_ids=False),
    SerialScannerProtocol(aim_ids=False, suffix=b"\r\n"),
]
NOISE = bytes(
    [*range(0x00, 0x04), *range(0x05, 0x0A), 0x0B, 0x0C, *range(0x0E, 0x1D), 0x1F, 0x7F, 0x80, 0xFE]
)
TEXT = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) != "]")


@dataclass(frozen=True)
class Item:
    kind: str  # frame | partial | stalled | noise
    wire: bytes
    code: str | None  # the code a frame or stalled frame carries
    cut: int  # where a partial ends / a stalled frame stops
    stall_s: float  # how long a stalled frame stops
    pause_s: float  # silence before the item


codes = st.one_of(
    st.tuples(st.just("]E0"), st.text("0123456789", min_size=1, max_size=14)),
    st.tuples(st.just("]C0"), st.text(TEXT, min_size=1, max_size=20)),
)
short_s = st.floats(0, PAUSE_S * 0.9)
pause_s = st.one_of(st.floats(PAUSE_S * 1.1, TIMEOUT_S * 0.9), st.floats(TIMEOUT_S * 1.1, 5))


@st.composite
def items(draw: st.DrawFn, protocol: SerialScannerProtocol) -> list[Item]:
    out: list[Item] = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["frame", "partial", "stalled", "noise"]))
        after_partial = bool(out) and out[-1].kind == "partial"
        pause = draw(pause_s if after_partial else st.one_of(short_s, pause_s))
        if kind == "noise":
            wire = draw(
                st.binary(min_size=1, max_size=12).map(lambda b: bytes(NOISE[x % len(NOISE)] for x in b))
            )
            out.append(Item(kind, wire + protocol.suffix, None, 0, 0, pause))
            continue
        aim_id, data = draw(codes)
        body = protocol.prefix + ((aim_id if protocol.aim_ids else "") + data).encode()
        cut = draw(st.integers(1, len(body) - 1)) if len(body) > 1 else 0
        if kind != "frame" and cut == 0:
            kind = "frame"
        stall = draw(pause_s) if kind == "stalled" else 0.0
        wire = body if kind == "partial" else body + protocol.suffix
        out.append(Item(kind, wire, data, cut, stall, pause))
    return out


def expected(protocol: SerialScannerProtocol, sent: list[Item]) -> list[str]:
    """What the decoder must deliver: every frame it can tell apart; without a prefix or AIM ids, not a frame
    that follows a partial one, nor a stalled one."""
    separable = bool(protocol.prefix) or protocol.aim_ids
    out = []
    for i, item in enumerate(sent):
        after_partial = i > 0 and sent[i - 1].kind == "partial"
        whole = item.kind == "frame" or (item.kind == "stalled" and item.stall_s <= TIMEOUT_S)
        if item.code is not None and whole and (separable or (item.kind == "frame" and not after_partial)):
            out.append(item.code)
    return out


@settings(max_examples=250, deadline=None)
@given(data=st.data(), protocol=st.sampled_from(PROTOCOLS))
def test_only_sent_codes_are_emitted(data: st.DataObject, protocol: SerialScannerProtocol) -> None:
    sent = data.draw(items(protocol))
    decoder = FrameDecoder(protocol, timeout_s=TIMEOUT_S)
    now = 0.0
    emitted: list[str] = []
    for item in sent:
        now += item.pause_s
        parts = [(item.wire[: item.cut], 0.0), (item.wire[item.cut :], item.stall_s)]
        if item.kind != "stalled":
            parts = [(item.wire, 0.0)]
        for part, stall in parts:
            now += stall
            splits = sorted(data.draw(st.sets(st.integers(1, max(1, len(part) - 1)), max_size=4)))
            for a, b in zip([0, *splits], [*splits, len(part)], strict=True):
                now += data.draw(short_s) if a else 0.0  # chunks of one burst come less than a pause apart
                if data.draw(st.booleans()):
                    emitted += [f.label for f in decoder.idle(now) if isinstance(f, DecodedScan)]
                emitted += [f.label for f in decoder.feed(part[a:b], now) if isinstance(f, DecodedScan)]
    emitted += [f.label for f in decoder.idle(now + 10) if isinstance(f, DecodedScan)]
    assert emitted == expected(protocol, sent)
