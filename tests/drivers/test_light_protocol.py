"""Golden vectors for the tower light's host-side commands (devices.md §5 one-byte command table), and the
exact bytes the driver writes for each request (read back by a plain TCP listener, not by our simulator)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from drivers.contracts import Alarm, LightColour
from drivers.light.protocol import Action, Output, buzzer_command, command
from drivers.light.settings import TowerLightSettings
from drivers.light.tower_light import TowerLight
from tests.drivers.recorder import WAIT_S


@pytest.mark.parametrize(
    ("action", "output", "wire"),
    [
        (Action.ON, Output.RED, "11"),
        (Action.OFF, Output.RED, "21"),
        (Action.BLINK, Output.RED, "41"),
        (Action.ON, Output.YELLOW, "12"),
        (Action.OFF, Output.YELLOW, "22"),
        (Action.BLINK, Output.YELLOW, "42"),
        (Action.ON, Output.GREEN, "14"),
        (Action.OFF, Output.GREEN, "24"),
        (Action.BLINK, Output.GREEN, "44"),
        (Action.ON, Output.BLUE, "15"),
        (Action.OFF, Output.WHITE, "26"),
    ],
)
def test_command_bytes(action: Action, output: Output, wire: str) -> None:
    assert command(action, output) == bytes.fromhex(wire)


def test_buzzer() -> None:
    assert (buzzer_command(True), buzzer_command(False)) == (bytes.fromhex("18"), bytes.fromhex("28"))


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(WAIT_S)
        yield server


def read_exactly(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        assert chunk, f"connection closed after {data!r}"
        data += chunk
    return data


def test_driver_writes_state_on_connect_then_one_command_per_request(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    light = TowerLight("light", TowerLightSettings(port=f"socket://127.0.0.1:{port}"))
    try:
        light.start()
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(WAIT_S)
            assert read_exactly(conn, 4) == bytes.fromhex("21 22 24 28")  # all off, buzzer off: a clean start
            light.switch_on(LightColour.GREEN, blink_on_ms=500, blink_off_ms=500)
            assert read_exactly(conn, 2) == bytes.fromhex("44 28")  # green blink, buzzer stays off
            light.switch_on(LightColour.RED, alarm=Alarm.SLOW)
            assert read_exactly(conn, 2) == bytes.fromhex("11 18")  # red on, buzzer on
            light.switch_off(LightColour.RED)
            assert read_exactly(conn, 2) == bytes.fromhex("21 28")
            light.close()  # before the listener's end hangs up, which would be a lost link
    finally:
        light.close()


def test_light_without_buzzer_never_sends_buzzer_commands(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    settings = TowerLightSettings(port=f"socket://127.0.0.1:{port}", buzzer=False, lamps=["red", "green"])
    light = TowerLight("light", settings)
    try:
        light.start()
        assert light.lights == (LightColour.RED, LightColour.GREEN)
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(WAIT_S)
            assert read_exactly(conn, 2) == bytes.fromhex("21 24")
            light.switch_on(LightColour.RED, alarm=Alarm.FAST)
            assert read_exactly(conn, 1) == bytes.fromhex("11")
            light.close()
    finally:
        light.close()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"port": "/dev/ttyUSB0", "lamps": []}, "at least 1"),
        ({"port": "/dev/ttyUSB0", "lamps": ["red", "red"]}, "listed once"),
        ({"port": "/dev/ttyUSB0", "lamps": ["purple"]}, "Input should be"),
        ({"port": "/dev/ttyUSB0", "blink": True}, "Extra inputs"),
    ],
)
def test_settings_are_validated(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TowerLightSettings.model_validate(settings)
