"""The camera simulator: its MJPEG wire, control protocol, recordings, and the stand-alone command."""

from __future__ import annotations

import http.server
import socket
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import cv2
import pytest

from drivers.base import PowerState
from drivers.contracts import ScanReceived, Symbology
from simulators.camera import CameraSimulator, Scene, Symbol, render
from simulators.camera.scene import jpeg
from simulators.camera.video import write_video
from tests.drivers.camera_harness import fast_camera
from tests.drivers.recorder import EventRecorder


@pytest.fixture
def sim() -> Iterator[CameraSimulator]:
    with CameraSimulator(fps=20) as simulator:
        yield simulator


def raw_stream_head(url_port: int, n: int) -> bytes:
    """The stream's first bytes: at least ``n``, and at least the first whole part (headers, JPEG, CRLF)."""
    with socket.create_connection(("127.0.0.1", url_port), timeout=5) as conn:
        conn.sendall(b"GET /stream.mjpg HTTP/1.1\r\nHost: camera\r\n\r\n")
        data = b""
        while len(data) < n or not _has_first_part(data):
            chunk = conn.recv(65536)
            assert chunk, "stream closed early"
            data += chunk
    return data


def _has_first_part(data: bytes) -> bool:
    _, _, body = data.partition(b"\r\n\r\n")
    headers, sep, payload = body.partition(b"\r\n\r\n")
    if not sep or b"Content-Length: " not in headers:
        return False
    return len(payload) >= int(headers.rsplit(b": ", 1)[1]) + 2


def test_stream_is_multipart_jpeg_framed_as_the_rfc_says(sim: CameraSimulator) -> None:
    data = raw_stream_head(sim.port, 1)
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200 OK") or head.startswith(b"HTTP/1.1 200 OK")
    assert b"\r\nContent-Type: multipart/x-mixed-replace; boundary=kioskframe" in head
    # RFC 2046 §5.1.1: a part starts with "--" + boundary + CRLF, then its headers, an empty line, the body.
    part_start = bytes.fromhex(
        "2d2d6b696f736b6672616d650d0a436f6e74656e742d547970653a20696d6167652f6a7065670d0a"
    )
    assert body.startswith(part_start + b"Content-Length: ")
    headers, _, payload = body.partition(b"\r\n\r\n")
    length = int(headers.rsplit(b": ", 1)[1])
    # ITU-T T.81 Table B.1: a JPEG starts with SOI (FF D8) and ends with EOI (FF D9).
    assert payload[:2] == bytes.fromhex("ffd8")
    assert payload[length - 2 : length] == bytes.fromhex("ffd9")
    assert payload[length : length + 2] == b"\r\n"


def test_the_driver_reads_a_hand_framed_mjpeg_stream_from_another_server() -> None:
    """The driver's side of the wire, independent of our simulator's encoder: a multipart stream written out
    byte by byte here (RFC 2046 §5.1.1 framing) around a JPEG of a rendered EAN-13."""
    frame = jpeg(render(Scene("4006381333931")))
    part = b"--xyz\r\nContent-Type: image/jpeg\r\n\r\n" + frame + b"\r\n"

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.wfile.write(
                b"HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace;boundary=xyz\r\n\r\n"
            )
            for _ in range(40):
                self.wfile.write(part)
            stop.wait(5)

        def log_message(self, *args: object) -> None:
            pass

    stop = threading.Event()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    device = fast_camera(f"http://127.0.0.1:{server.server_address[1]}/")
    events = EventRecorder(device)
    try:
        device.start()
        scan = events.wait_for(ScanReceived)
        assert (scan.label, scan.symbology, scan.aim_id) == ("4006381333931", Symbology.EAN13, "]E0")
    finally:
        stop.set()
        device.close()
        server.shutdown()
        server.server_close()


def test_control_protocol(sim: CameraSimulator) -> None:
    assert sim.execute("SHOW 4006381333931") == "OK"
    assert sim.execute("SHOW 0104607014231428\\x1d10LOT gs1_datamatrix") == "OK"
    assert sim.execute("FLASH 96385074 ean8") == "OK"
    assert sim.execute("PAIR 5901234123457 9780201379624") == "OK"
    assert sim.execute("CLEAR") == "OK"
    assert sim.execute("SHOW 4006381333932").startswith("ERR EAN-13 check digit")  # says which digit
    assert "expected 1" in sim.execute("SHOW 4006381333932")
    assert sim.execute("SHOW 4006381333931 aztec").startswith("ERR")
    assert sim.execute("UNPLUG") == "OK"
    assert sim.execute("STATUS").startswith("OK plugged=0")
    assert sim.execute("REPLUG") == "OK"
    assert sim.execute("STATUS").startswith("OK plugged=1")
    assert sim.execute("HELP").startswith("OK SHOW")
    assert sim.execute("").startswith("ERR bad command")


def test_unplugged_refuses_connections_on_the_same_port_until_replugged(sim: CameraSimulator) -> None:
    sim.unplug()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", sim.port), timeout=1).close()
    sim.replug()
    assert raw_stream_head(sim.port, 100).startswith(b"HTTP/1.")


@pytest.mark.expect_warnings("unavailable")
def test_a_recording_plays_back_through_the_driver_like_a_camera(tmp_path: Path) -> None:
    clip = tmp_path / "lane.avi"
    codes = ["4006381333931", "96385074", "4006381333931"]
    scenes = [Scene(codes[0]), Scene(None), Scene(codes[1], Symbol.EAN8), Scene(None), Scene(codes[2])]
    assert write_video(clip, scenes, frames_each=8) == 40
    capture = cv2.VideoCapture(str(clip))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == 40
    capture.release()
    device = fast_camera(str(clip), rearm_frames=5)
    events = EventRecorder(device)
    try:
        device.start()
        events.wait_power(PowerState.OFFLINE)  # the clip ended: a camera that stopped sending
        assert [e.label for e in events.of(ScanReceived)] == codes  # the pack shown again is a second scan
    finally:
        device.close()


def test_stand_alone_simulator_prints_its_addresses_and_obeys_its_control_port() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "simulators.camera", "--port", "0", "--control-port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("wire: http://127.0.0.1:"), line
        control_port = int(line.rsplit(", ", 1)[1].rstrip(")\n"))
        with socket.create_connection(("127.0.0.1", control_port), timeout=5) as conn:
            conn.sendall(b"SHOW 4006381333931\nSTATUS\n")
            replies = conn.makefile()
            assert replies.readline() == "OK\n"
            assert replies.readline().startswith("OK plugged=1")
    finally:
        process.terminate()
        process.wait(5)
