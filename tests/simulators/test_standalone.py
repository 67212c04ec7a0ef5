"""``python -m simulators.<name>``: each stand-alone simulator starts, prints its addresses, obeys STATUS."""

from __future__ import annotations

import re
import socket
import subprocess
import sys

import pytest


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", ["scanner", "light", "magellan", "hid_scanner", "scale"])
def test_standalone_simulator_serves_its_control_port(name: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", f"simulators.{name}", "--control-port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.fullmatch(r"wire: socket://127\.0\.0\.1:\d+  control: \('127\.0\.0\.1', (\d+)\)\n", line)
        assert match, line
        with socket.create_connection(("127.0.0.1", int(match[1])), timeout=10) as conn:
            conn.sendall(b"STATUS\n")
            reply = conn.makefile().readline()
        assert reply.startswith("OK ") and " connected=0" in f" {reply[3:]}", reply
    finally:
        proc.terminate()
        proc.wait(10)
