"""The Scanner contract for the camera scanner: on the MJPEG simulator (OpenCV's real capture path) and on
rendered frames through the capture seam. A camera has no frames in the serial sense, so "garbage" is a view
with two different codes of one symbology (ambiguous: nothing accepted) and "partial" is a code seen in one
frame only (not confirmed); both are reported with the serial scanners' codes and counters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.base import ErrorLocus, ErrorOccurred, PowerState
from drivers.camera.camera_scanner import CameraScanner
from drivers.camera.settings import CameraScannerSettings
from drivers.contracts import ScanReceived, Symbology
from simulators.camera import CameraSimulator
from tests.drivers.camera_harness import HttpHarness, SeamHarness
from tests.drivers.recorder import EventRecorder, wait_until
from tests.drivers.scanner_contract import ScannerContract, ScannerHarness, scan_and_wait


@pytest.fixture(params=["seam", "http"])
def harness(request: pytest.FixtureRequest) -> Iterator[ScannerHarness]:
    h: HttpHarness | SeamHarness = SeamHarness() if request.param == "seam" else HttpHarness()
    try:
        yield h
    finally:
        h.close()


class TestCameraScannerContract(ScannerContract):
    def test_garbage_does_not_stop_the_stream(self, harness: ScannerHarness) -> None:
        harness.start()
        harness.garbage()
        error = harness.events.wait_for(ErrorOccurred)
        assert (error.locus, error.code) == (ErrorLocus.INPUT_DATA, "garbage_frame")
        scan_and_wait(harness, "4006381333931")
        counters = harness.device.statistics().counters
        assert (counters["garbage_frames"], counters["good_scans"]) == (1, 1)  # once per ambiguous view
        assert [e.label for e in harness.events.of(ScanReceived)] == ["4006381333931"]

    def test_partial_frame_is_discarded_and_the_next_frame_reads(self, harness: ScannerHarness) -> None:
        harness.start()
        harness.partial("4006381333931")
        error = harness.events.wait_for(ErrorOccurred)
        assert (error.locus, error.code) == (ErrorLocus.INPUT_DATA, "partial_frame")
        assert scan_and_wait(harness, "96385074", Symbology.EAN8).label == "96385074"
        counters = harness.device.statistics().counters
        assert (counters["partial_frames"], counters["good_scans"], counters["garbage_frames"]) == (1, 1, 0)
        assert [e.label for e in harness.events.of(ScanReceived)] == ["96385074"]


@pytest.mark.expect_warnings("unavailable")
def test_with_shipped_back_off_a_replugged_camera_is_back_within_five_seconds() -> None:
    """The default reconnect back-off (0.5 s doubling, capped at 2 s), not the tests' fast one: after a
    while unplugged, the next attempt — and so the first frame — comes within the 5 s a technician expects."""
    with CameraSimulator(fps=20) as sim:
        device = CameraScanner("camera", CameraScannerSettings(port=sim.url))
        events = EventRecorder(device)
        try:
            device.start()
            sim.unplug()
            events.wait_power(PowerState.OFFLINE)
            wait_until(
                lambda: device.statistics().counters["communication_errors"] >= 4, "back-off at its cap"
            )
            sim.replug()
            events.wait_power(PowerState.ONLINE, n=2)  # WAIT_S = 5 s
        finally:
            device.close()
