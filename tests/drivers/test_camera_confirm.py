"""The multi-frame confirmation rule: only a value read alike in consecutive frames becomes a scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.camera.confirm import ReadConfirmer
from drivers.camera.decoders import Backend, Read
from drivers.contracts import Symbology

A, B = "4006381333931", "5901234123457"


def ean(text: str, x: int = 100) -> Read:
    return Read(text, Symbology.EAN13, "]E0", (x, 100), Backend.ZXING)


def qr(text: str) -> Read:
    return Read(text, Symbology.QRCODE, "]Q1", (300, 300), Backend.ZXING)


def play(frames: list[list[Read]], confirmer: ReadConfirmer | None = None) -> list[str]:
    confirmer = confirmer or ReadConfirmer(frames=2, rearm_frames=3)
    return [read.text for frame in frames for read in confirmer.feed(frame).accepted]


def test_one_frame_is_not_enough_two_consecutive_are() -> None:
    assert play([[ean(A)], []]) == []
    assert play([[ean(A)], [ean(A)]]) == [A]


def test_a_phantom_between_true_reads_breaks_the_run() -> None:
    # zxing-cpp's documented failure: a wrong EAN-13 with a valid check digit in one frame.
    assert play([[ean(A)], [ean("8252718632383")], [ean(A)]]) == []


def test_a_pack_held_still_is_one_scan_and_shown_again_is_two() -> None:
    held = [[ean(A)]] * 30
    assert play(held) == [A]
    gone = [[]] * 3
    assert play(held + gone + [[ean(A)], [ean(A)]]) == [A, A]
    assert play(held + [[]] * 2 + [[ean(A)], [ean(A)]]) == [A]  # out of view too briefly: same scan


def test_two_different_codes_of_one_family_confirm_nothing_and_are_reported_once() -> None:
    confirmer = ReadConfirmer(frames=2, rearm_frames=3)
    verdicts = [confirmer.feed([ean(A, 50), ean(B, 400)]) for _ in range(10)]
    assert [r for v in verdicts for r in v.accepted] == []
    assert sum(len(v.ambiguous) for v in verdicts) == 1


def test_different_families_are_independent() -> None:
    # A pack with an EAN-13 and a marking code in view gives both (the lane matches the GTIN).
    assert sorted(play([[ean(A), qr("https://qr.nspk.ru/x")]] * 2)) == sorted([A, "https://qr.nspk.ru/x"])


def test_a_value_that_left_unconfirmed_is_reported() -> None:
    confirmer = ReadConfirmer(frames=2, rearm_frames=3)
    assert confirmer.feed([ean(A)]).unconfirmed == []
    assert confirmer.feed([]).unconfirmed == [A]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([A, B, "96385074", "8252718632383"]), max_size=2, unique=True), max_size=40
    ),
    st.integers(min_value=2, max_value=4),
)
def test_every_accepted_value_was_read_in_enough_consecutive_unambiguous_frames(
    frames: list[list[str]], needed: int
) -> None:
    confirmer = ReadConfirmer(frames=needed, rearm_frames=2)
    for index, values in enumerate(frames):
        for read in confirmer.feed([ean(v, 100 + 300 * i) for i, v in enumerate(values)]).accepted:
            window = frames[index - needed + 1 : index + 1] if index + 1 >= needed else []
            assert len(window) == needed
            assert all(frame == [read.text] for frame in window), (index, frames)


def test_a_still_view_stops_being_decoded_and_a_change_wakes_the_decoder() -> None:
    import cv2

    from drivers.camera.motion import MotionGate
    from simulators.camera import Degradation, Scene, render

    def frame(scene: Scene, n: int) -> object:
        return cv2.cvtColor(render(scene, frame_no=n), cv2.COLOR_BGR2GRAY)

    gate = MotionGate(threshold=1.5, hold_frames=3)
    empty, pack = Scene(None), Scene("4006381333931")
    decided = [gate.wants(frame(empty, n)) for n in range(8)]  # sensor noise differs in every frame
    assert decided == [True, True, True, True, False, False, False, False]
    # A pack presented, held in a hand (the scene jitters by a pixel or two): decoded all along.
    assert all(gate.wants(frame(pack, n)) for n in range(8, 16))
    noisy = MotionGate(threshold=1.5, hold_frames=3)  # a dim, noisy sensor never looks still: always decoded
    assert all(noisy.wants(frame(Scene(None, degradation=Degradation.NOISE_25), n)) for n in range(8))
    assert MotionGate(threshold=0, hold_frames=1).wants(frame(empty, 0))
