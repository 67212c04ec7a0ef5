"""Values of the contracts that carry rules: masked PAN, printer status, weight stability, the lane's light."""

from __future__ import annotations

import pytest

from drivers.base import DeviceCategory, DeviceInfo, HealthLevel, HealthResult
from drivers.contracts import (
    Alarm,
    LaneLight,
    LightColour,
    MaskedPan,
    PaperLevel,
    PrinterStatus,
    WeightChanged,
    WeightStatus,
)


@pytest.mark.parametrize(
    ("sent", "kept", "shown"),
    [
        ("4111EEEEEEEE1111", MaskedPan("4111", "1111", 16), "4111********1111"),
        ("************1234", MaskedPan("", "1234", 16), "************1234"),
        ("5413339000001513", MaskedPan("54133390", "1513", 16), "54133390****1513"),  # too much: cut to BIN
        ("41111111111", MaskedPan("411111", "1111", 11), "411111*1111"),  # short PAN: 6-digit BIN only
    ],
)
def test_masked_pan_keeps_at_most_bin_and_last_four(sent: str, kept: MaskedPan, shown: str) -> None:
    pan = MaskedPan.from_terminal(sent)
    assert pan == kept
    assert str(pan) == shown


@pytest.mark.parametrize(
    "bad",
    [
        lambda: MaskedPan("411111111", "1111", 16),
        lambda: MaskedPan("4111", "111"),
        lambda: MaskedPan.from_terminal("4111-1111"),
    ],
)
def test_masked_pan_refuses_more_than_allowed(bad: object) -> None:
    with pytest.raises(ValueError, match="masked PAN"):
        bad()  # type: ignore[operator]


def test_printer_status_unknown_is_not_ok() -> None:
    assert not PrinterStatus().known
    assert not PrinterStatus().can_print
    assert PrinterStatus(PaperLevel.NEAR_END, cover_open=False, online=True).can_print
    assert not PrinterStatus(PaperLevel.OK, cover_open=True, online=True).can_print
    assert not PrinterStatus(PaperLevel.EMPTY, cover_open=False, online=True).can_print


def test_only_a_stable_figure_is_stable() -> None:
    assert WeightChanged(device="s", status=WeightStatus.STABLE, grams=0).stable
    assert not WeightChanged(device="s", status=WeightStatus.MOTION, grams=120).stable
    assert not WeightChanged(device="s", status=WeightStatus.STABLE, grams=None).stable


class RecordingLight(LaneLight):
    def __init__(self) -> None:
        super().__init__("light")
        self.commands: list[tuple[str, LightColour, int]] = []

    @property
    def lights(self) -> tuple[LightColour, ...]:
        return (LightColour.RED, LightColour.YELLOW, LightColour.GREEN)

    def switch_on(
        self,
        light: LightColour,
        *,
        blink_on_ms: int = 0,
        blink_off_ms: int = 0,
        alarm: Alarm = Alarm.NONE,
        output_id: str | None = None,
    ) -> str:
        self.commands.append(("on", light, blink_on_ms))
        return "id"

    def switch_off(self, light: LightColour, output_id: str | None = None) -> str:
        self.commands.append(("off", light, 0))
        return "id"

    def check_health(self, level: HealthLevel) -> HealthResult:
        return HealthResult(True, level, "ok")

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(DeviceCategory.LANE_LIGHT, "test", "recording")


def test_show_lights_exactly_one_colour() -> None:
    light = RecordingLight()
    light.show(LightColour.YELLOW, blink=True)
    assert light.commands == [
        ("off", LightColour.RED, 0),
        ("off", LightColour.GREEN, 0),
        ("on", LightColour.YELLOW, 500),
    ]
    light.commands.clear()
    light.show(None)
    assert [c[0] for c in light.commands] == ["off", "off", "off"]
