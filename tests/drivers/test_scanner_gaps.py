"""Frames cut by gaps and frames glued together: the decoder never invents a scan (issue 7).

Wire bytes are literal (devices.md §3.1 framing, ISO/IEC 15424 AIM ids); time is passed in explicitly, so
every case is deterministic. The decoder's timing: a pause of ``pause_s`` or more inside a frame means the
bytes after it may start another frame; a gap over ``timeout_s`` ends the frame as a partial one.
"""

from __future__ import annotations

from drivers.contracts import Symbology
from drivers.scanner.framing import DecodedScan, Frame, FrameDecoder, RejectedFrame, SerialScannerProtocol

AIM = SerialScannerProtocol()
PLAIN = SerialScannerProtocol(aim_ids=False)
STX = SerialScannerProtocol(prefix=b"\x02", aim_ids=False)


def scans(frames: list[Frame]) -> list[str]:
    return [f.label for f in frames if isinstance(f, DecodedScan)]


def codes(frames: list[Frame]) -> list[str]:
    return [f.code for f in frames if isinstance(f, RejectedFrame)]


def play(protocol: SerialScannerProtocol, *chunks: tuple[float, bytes]) -> list[Frame]:
    decoder = FrameDecoder(protocol)
    out: list[Frame] = []
    for at, data in chunks:
        out += decoder.feed(data, at)
    out += decoder.idle(chunks[-1][0] + 10)
    return out


def test_without_aim_a_gap_mid_frame_never_delivers_the_tail() -> None:
    frames = play(PLAIN, (0.0, b"4006381"), (0.3, b"333931\r"))
    assert scans(frames) == []
    assert codes(frames) == ["partial_frame", "garbage_frame"]


def test_without_aim_a_partial_frame_glued_to_the_next_is_garbage_not_one_label() -> None:
    frames = play(PLAIN, (0.0, b"\xc3\xbf12"), (0.1, b"4006381333931\r"))
    assert scans(frames) == []
    assert codes(frames) == ["garbage_frame"]


def test_with_aim_a_glued_partial_is_reported_and_the_next_frame_reads_intact() -> None:
    frames = play(AIM, (0.0, b"]E0123"), (0.1, b"]E04006381333931\r"))
    assert frames == [
        RejectedFrame("partial_frame", frames[0].detail, b"]E0123"),  # type: ignore[union-attr]
        DecodedScan("4006381333931", Symbology.EAN13, "]E0"),
    ]


def test_with_aim_noise_glued_before_a_frame_is_reported_and_the_frame_reads() -> None:
    frames = play(AIM, (0.0, b"\xc3\xbf"), (0.05, b"]E04006381333931\r"))
    assert scans(frames) == ["4006381333931"]
    assert codes(frames) == ["partial_frame"]


def test_with_a_prefix_a_glued_partial_is_reported_and_the_next_frame_reads() -> None:
    frames = play(STX, (0.0, b"\x0212"), (0.1, b"\x024006381333931\r"))
    assert scans(frames) == ["4006381333931"]
    assert codes(frames) == ["partial_frame"]


def test_glued_in_one_chunk_an_ean_with_non_digits_is_garbage() -> None:
    frames = play(AIM, (0.0, b"]E0123]E04006381333931\r"))
    assert scans(frames) == []
    assert codes(frames) == ["garbage_frame"]


def test_a_short_stall_inside_a_frame_keeps_it_whole() -> None:
    frames = play(AIM, (0.0, b"]E0400638"), (0.1, b"1333931\r"))
    assert scans(frames) == ["4006381333931"]


def test_with_aim_the_tail_after_a_timeout_is_rejected_and_the_next_frame_reads() -> None:
    frames = play(AIM, (0.0, b"]E0400638"), (0.3, b"1333931\r"), (0.4, b"]E496385074\r"))
    assert codes(frames) == ["partial_frame", "missing_aim_id"]
    assert scans(frames) == ["96385074"]


def test_idle_reports_a_timed_out_fragment_once() -> None:
    decoder = FrameDecoder(AIM)
    assert decoder.feed(b"]E0400638", 1.0) == []
    assert decoder.idle(1.1) == []  # not yet past the timeout
    assert codes(decoder.idle(1.3)) == ["partial_frame"]
    assert decoder.idle(5.0) == []
    assert not decoder.pending
