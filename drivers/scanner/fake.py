"""An in-process scanner for tests and headless runs: no port, no thread, same events as the real driver.

It records what it was asked (``calls``) and lets the test act as the world: ``feed`` a label, send garbage
or a partial frame, ``unplug`` and ``replug``. Events are emitted on the calling thread, synchronously.
"""

from __future__ import annotations

from drivers.base import (
    DeviceCategory,
    DeviceInfo,
    DeviceState,
    ErrorLocus,
    ErrorOccurred,
    HealthLevel,
    HealthResult,
    PowerState,
)
from drivers.contracts import Scanner, ScanReceived, Symbology
from drivers.scanner.settings import FakeScannerSettings


class FakeScanner(Scanner):
    """``present=False`` starts with the scanner unplugged, like a real port that is missing at start-up."""

    def __init__(self, name: str, settings: FakeScannerSettings | None = None) -> None:
        super().__init__(name)
        self.calls: list[str] = []
        self._plugged = (settings or FakeScannerSettings()).present

    # -- lifecycle hooks -----------------------------------------------------------------------------
    def _on_open(self) -> None:
        self.calls.append("open")

    def _on_claim(self, timeout_s: float) -> None:
        self.calls.append("claim")
        if self._plugged:
            self._mark_available()
        else:
            self._link_lost("fake scanner not plugged in")

    def _on_enable(self) -> None:
        self.calls.append("enable")

    def _on_disable(self) -> None:
        self.calls.append("disable")

    def _on_release(self) -> None:
        self.calls.append("release")

    def _on_close(self) -> None:
        self.calls.append("close")

    # -- the world -----------------------------------------------------------------------------------
    def feed(self, label: str, symbology: Symbology = Symbology.EAN13, aim_id: str | None = None) -> None:
        """A good read; delivered only while enabled and plugged in, as with the real driver."""
        if self._live():
            self._count("good_scans")
            self._emit(ScanReceived(device=self.name, label=label, symbology=symbology, aim_id=aim_id))

    def feed_garbage(self, code: str = "garbage_frame", detail: str = "fake line noise") -> None:
        if self._live():
            self._count("garbage_frames")
            self._emit(ErrorOccurred(device=self.name, locus=ErrorLocus.INPUT_DATA, code=code, detail=detail))

    def feed_partial(self, detail: str = "fake partial frame") -> None:
        if self._live():
            self._count("partial_frames")
            self._emit(
                ErrorOccurred(
                    device=self.name, locus=ErrorLocus.INPUT_DATA, code="partial_frame", detail=detail
                )
            )

    def unplug(self) -> None:
        self._plugged = False
        if self._claimed:
            self._link_lost("fake scanner unplugged")

    def replug(self) -> None:
        self._plugged = True
        if self._claimed:
            if self.power is PowerState.OFFLINE:
                self._count("reconnects")
            self._mark_available()

    def _link_lost(self, reason: str) -> None:
        self._count("communication_errors")
        self._mark_unavailable(reason)

    def _live(self) -> bool:
        return self._enabled and self._plugged

    # -- contract --------------------------------------------------------------------------------------
    def beep(self) -> None:
        self.calls.append("beep")

    def check_health(self, level: HealthLevel) -> HealthResult:
        self.calls.append(f"check_health({level.name})")
        label = level.name.capitalize()
        if self.state is DeviceState.CLOSED:
            return HealthResult(False, level, f"{label} HCheck: Failed (device is closed)")
        ok = self._plugged and self.power is PowerState.ONLINE
        return HealthResult(ok, level, f"{label} HCheck: {'Successful' if ok else 'Failed'} (fake scanner)")

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(
            category=DeviceCategory.SCANNER, manufacturer="fake", model="FakeScanner", port="fake:"
        )
