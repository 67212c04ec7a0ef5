"""Device side of the scale simulators against golden bytes (literal hex), and the weighing model.

8217 replies: devices.md §2.1 (Magellan 8500 DIVA service manual pp. 39, 45). MT-SICS: devices.md §2.4.
"""

from __future__ import annotations

import pytest

from simulators.scale.model import Condition, ScaleModel
from simulators.scale.sics import SicsDevice
from simulators.scale.toledo import ToledoDevice, ToledoStatusMap


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def settled(grams: int, clock: Clock | None = None, **kwargs: int) -> ScaleModel:
    clock = clock or Clock()
    model = ScaleModel(settle_s=0.5, noise_g=0, clock=clock, seed=1, **kwargs)
    model.put(grams)
    clock.now += 1
    return model


# -- 8217 ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("grams", "unit", "wire"),
    [
        (1234, "kg", "02 30 31 2e 32 33 34 0d"),  # the manual's "1.234 kg stable gross"
        (0, "kg", "02 30 30 2e 30 30 30 0d"),  # leading zeros kept
        (1134, "lb", "02 30 32 2e 35 30 0d"),  # ww.ww for lb
    ],
)
def test_toledo_weight(grams: int, unit: str, wire: str) -> None:
    assert ToledoDevice(settled(grams), unit).receive(b"W") == bytes.fromhex(wire)


def test_toledo_motion_under_over() -> None:
    clock = Clock()
    model = ScaleModel(settle_s=0.5, noise_g=0, clock=clock, capacity_g=15_000)
    device = ToledoDevice(model)
    model.put(500)
    assert device.receive(b"W") == bytes.fromhex("02 3f 41 0d")  # ?A motion
    model.put(-100)
    assert device.receive(b"W") == bytes.fromhex("02 3f 44 0d")  # ?D under zero
    model.put(16_000)
    assert device.receive(b"W") == bytes.fromhex("02 3f 42 0d")  # ?B over capacity


def test_toledo_zero_tare_clear() -> None:
    model = settled(3)
    device = ToledoDevice(model)
    assert device.receive(b"Z") == bytes.fromhex("02 3f 50 0d")  # zeroed: centre of zero
    model.put(1003)
    model._changed_at -= 1  # settle
    assert device.receive(b"Z") == bytes.fromhex("02 3f 48 0d")  # outside the zero range: refused
    assert device.receive(b"T") == bytes.fromhex("02 3f 68 0d")  # net (+ outside zero range)
    assert device.receive(b"W") == bytes.fromhex("02 30 30 2e 30 30 30 4e 0d")  # 0.000 kg net
    assert device.receive(b"C") == bytes.fromhex("02 3f 48 0d")
    assert device.receive(b"T00250\r") == bytes.fromhex("02 3f 68 0d")  # preset tare 250 g
    assert device.receive(b"W") == bytes.fromhex("02 30 30 2e 37 35 30 4e 0d")


def test_toledo_echo_mode() -> None:
    device = ToledoDevice(settled(0))
    assert device.receive(b"Ehello") == bytes.fromhex("02 45 0d 68 65 6c 6c 6f")  # the §2.1 probe
    assert device.receive(b"F") == b""
    assert device.receive(b"W") == bytes.fromhex("02 30 30 2e 30 30 30 0d")


def test_toledo_status_map_is_configurable() -> None:
    kb_variant = ToledoStatusMap(under_zero=0x03)  # a vendor KB's "?C under zero"
    model = settled(-100)
    assert ToledoDevice(model, status_map=kb_variant).receive(b"W") == bytes.fromhex("02 3f 43 0d")


# -- MT-SICS ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "grams", "unit", "wire"),
    [
        (b"SI\r\n", 100, "g", "53 20 53 20 20 20 20 20 31 30 30 2e 30 30 20 67 0d 0a"),  # "S S     100.00 g"
        (b"S\r\n", 100, "g", "53 20 53 20 20 20 20 20 31 30 30 2e 30 30 20 67 0d 0a"),
        (
            b"SI\r\n",
            1234,
            "kg",
            "53 20 53 20 20 20 20 20 20 31 2e 32 33 34 20 6b 67 0d 0a",
        ),  # "S S      1.234 kg"
        (b"SI\r\n", 16_000, "g", "53 20 2b 0d 0a"),  # "S +" overload
        (b"SI\r\n", -100, "g", "53 20 2d 0d 0a"),  # "S -" underload
        (b"XYZ\r\n", 0, "g", "45 53 0d 0a"),  # "ES" syntax error
    ],
)
def test_sics_replies(command: bytes, grams: int, unit: str, wire: str) -> None:
    assert SicsDevice(settled(grams), unit).receive(command) == bytes.fromhex(wire)


def test_sics_dynamic_and_stable_only() -> None:
    clock = Clock()
    model = ScaleModel(settle_s=0.5, noise_g=0, clock=clock)
    device = SicsDevice(model)
    model.put(100)
    assert device.receive(b"SI\r\n") == bytes.fromhex("53 20 44 20 20 20 20 20 31 30 30 2e 30 30 20 67 0d 0a")
    assert device.receive(b"S\r\n") == bytes.fromhex("53 20 49 0d 0a")  # "S I": no stable value now


def test_sics_zero_tare_and_streaming() -> None:
    model = settled(2)
    device = SicsDevice(model)
    assert device.receive(b"Z\r\n") == bytes.fromhex("5a 20 41 0d 0a")  # "Z A"
    model.put(102)
    model._changed_at -= 1
    assert device.receive(b"T\r\n") == bytes.fromhex("54 20 53 20 20 20 20 20 31 30 30 2e 30 30 20 67 0d 0a")
    assert device.receive(b"TAC\r\n") == bytes.fromhex("54 41 43 20 41 0d 0a")  # "TAC A"
    device.receive(b"SIR\r\n")
    assert device.streaming
    device.receive(b"SI\r\n")
    assert not device.streaming  # any other command ends SIR


def test_model_settles_after_settle_time_with_noise_meanwhile() -> None:
    clock = Clock()
    model = ScaleModel(settle_s=0.5, noise_g=3, clock=clock, seed=7)
    model.put(1000)
    moving = model.read()
    assert moving.condition is Condition.MOTION
    assert abs(moving.gross_g - 1000) <= 3
    clock.now += 0.6
    assert (model.read().condition, model.read().gross_g) == (Condition.STABLE, 1000)
    model.motion = True
    assert model.read().condition is Condition.MOTION
