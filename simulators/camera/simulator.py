"""A lane camera on the network: MJPEG over HTTP, the way IP and USB-to-IP cameras stream.

``cv2.VideoCapture("http://127.0.0.1:<port>/stream.mjpg")`` reads it through OpenCV's FFmpeg back-end, so the
driver's real capture path runs in tests and the demo. One producer thread renders the current scene at
``fps``; every connected client gets the same frames. ``flash`` shows a code for exactly one frame (a code
swept past too fast to confirm); ``unplug`` closes the listening socket and every stream (connection refused
until ``replug``, on the same port).
"""

from __future__ import annotations

import collections
import contextlib
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

from simulators.camera.scene import Degradation, Scene, Symbol, jpeg, render, side_by_side
from simulators.control import LineControlServer
from simulators.device import unescape

_log = logging.getLogger(__name__)

BOUNDARY = b"kioskframe"
VARIANTS = 4  # noise variants rendered per scene and cycled (rendering every frame would cost a core)
RECENT = 8  # frames kept for a client that fell behind (a camera's buffer); older ones are skipped
HELP = (
    "SHOW <data> [ean13|ean8|qr|gs1_datamatrix] [DEGRADATION] | PAIR <ean13> <ean13> | FLASH <data> [SYMBOL] | "
    "CLEAR | UNPLUG | REPLUG | STATUS | HELP  (data may use \\xHH escapes, e.g. \\x1d for GS)"
)


def _module_px(symbol: Symbol) -> float:
    """A comfortable size on a 640×480 sensor: 1-D codes need ≈3 px per module (devices.md §3.4)."""
    return 3.0 if symbol in (Symbol.EAN13, Symbol.EAN8) else 4.0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, simulator: CameraSimulator) -> None:
        self.simulator = simulator
        self.streams: set[socket.socket] = set()
        self.streams_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        sim = self.server.simulator
        if self.path.split("?")[0] == "/frame.jpg":
            _, data = sim.latest_frame()
            self._single(data)
            return
        if self.path.split("?")[0] not in ("/", "/stream.mjpg"):
            self.send_error(404, "try /stream.mjpg or /frame.jpg")
            return
        self.send_response(200)
        self.send_header("Content-Type", f"multipart/x-mixed-replace; boundary={BOUNDARY.decode()}")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        with self.server.streams_lock:
            self.server.streams.add(self.connection)
        sim.client_connected()
        try:
            seen = 0  # frames are numbered from 1
            while sim.serving:
                seen, frame = sim.next_frame(after=seen)
                if frame is None:
                    continue
                self.wfile.write(
                    b"--" + BOUNDARY + b"\r\nContent-Type: image/jpeg\r\n"
                    b"Content-Length: " + str(len(frame)).encode() + b"\r\n\r\n" + frame + b"\r\n"
                )
        except OSError:
            pass  # the driver went away, or unplug() cut the stream
        finally:
            with self.server.streams_lock:
                self.server.streams.discard(self.connection)
            sim.client_disconnected()

    def _single(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        _log.debug("camera http: " + format, *args)


class CameraSimulator:
    """The camera end of :class:`drivers.camera.CameraScanner`. Thread-safe; ``control_port`` as for the
    scanner simulator (``None``: no control server, ``0``: any free port)."""

    def __init__(
        self,
        *,
        port: int = 0,
        fps: float = 15.0,
        width: int = 640,
        height: int = 480,
        control_port: int | None = None,
    ) -> None:
        self.fps, self.width, self.height = fps, width, height
        self._cond = threading.Condition()
        self._scene = Scene(None)
        self._flash: Scene | None = None
        self._frame_no = 0  # frames are numbered from 1
        self._recent: collections.deque[tuple[int, bytes]] = collections.deque(maxlen=RECENT)
        self._cache: dict[Scene, list[bytes]] = {}
        self._clients = 0
        self._connections = 0
        self.serving = True
        self._server: _Server | None = _Server(port, self)
        self.port = self._server.server_address[1]
        self._server_thread = self._serve(self._server)
        self._producer = threading.Thread(target=self._produce, name="sim-camera", daemon=True)
        self._producer.start()
        self._control = (
            LineControlServer(self.execute, port=control_port) if control_port is not None else None
        )

    # -- what the driver connects to ---------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/stream.mjpg"

    @property
    def control_address(self) -> tuple[str, int] | None:
        return self._control.address if self._control is not None else None

    @property
    def connections(self) -> int:
        """Streams ever opened (a reconnecting driver opens a new one)."""
        return self._connections

    def wait_for_client(self, timeout_s: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self._clients > 0, timeout_s)

    def wait_frames(self, n: int, timeout_s: float = 5.0) -> bool:
        """Wait until ``n`` more frames have been produced (each connected client has been sent them)."""
        with self._cond:
            target = self._frame_no + n
            return self._cond.wait_for(lambda: self._frame_no >= target, timeout_s)

    # -- the world ----------------------------------------------------------------------------------
    def show(
        self, data: str | None, symbol: Symbol = Symbol.EAN13, degradation: Degradation = Degradation.NONE
    ) -> None:
        """Hold ``data`` in front of the camera from the next frame on (``None``: take it away)."""
        scene = Scene(data, symbol, degradation, module_px=_module_px(symbol), seed=1)
        self._variants(scene)  # render now: an invalid code fails here, in the caller, not in the producer
        with self._cond:
            self._scene = scene

    def show_pair(self, first: str, second: str) -> None:
        """Two different EAN-13s in one view (two packs held up at once), side by side."""
        both = side_by_side(
            Scene(first, module_px=2.5, seed=3), Scene(second, module_px=2.5, seed=4), self.width, self.height
        )
        pair = Scene(f"{first}|{second}", seed=-1)  # a cache key only: never rendered itself
        self._cache[pair] = [jpeg(both)]
        with self._cond:
            self._scene = pair

    def flash(self, data: str, symbol: Symbol = Symbol.EAN13) -> None:
        """``data`` in exactly one frame, then the previous scene again."""
        scene = Scene(data, symbol, module_px=_module_px(symbol), seed=2)
        self._variants(scene)
        with self._cond:
            self._flash = scene

    def clear(self) -> None:
        self.show(None)

    def unplug(self) -> None:
        """Cable out: every stream ends and connections are refused until :meth:`replug`."""
        server, self._server = self._server, None
        if server is not None:
            self._stop_server(server)

    def replug(self) -> None:
        if self._server is None:
            self._server = _Server(self.port, self)
            self._server_thread = self._serve(self._server)

    @property
    def plugged(self) -> bool:
        return self._server is not None

    def latest_frame(self) -> tuple[int, bytes]:
        with self._cond:
            self._cond.wait_for(lambda: bool(self._recent) or not self.serving, 1.0)
            return self._recent[-1] if self._recent else (0, b"")

    def next_frame(self, after: int) -> tuple[int, bytes | None]:
        """The oldest kept frame produced after frame number ``after``, in order, so a one-frame ``flash`` is
        never skipped by a client a frame or two behind (waits at most four frame intervals)."""
        with self._cond:
            self._cond.wait_for(lambda: self._frame_no > after or not self.serving, 4 / self.fps)
            for number, data in self._recent:
                if number > after:
                    return number, data
            return after, None

    def client_connected(self) -> None:
        with self._cond:
            self._clients += 1
            self._connections += 1
            self._cond.notify_all()

    def client_disconnected(self) -> None:
        with self._cond:
            self._clients -= 1

    def close(self) -> None:
        self.serving = False
        if self._control is not None:
            self._control.close()
        self.unplug()
        with self._cond:
            self._cond.notify_all()
        self._producer.join(2.0)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- inside ---------------------------------------------------------------------------------------
    def _variants(self, scene: Scene) -> list[bytes]:
        cached = self._cache.get(scene)
        if cached is None:
            cached = [jpeg(render(scene, self.width, self.height, n)) for n in range(VARIANTS)]
            self._cache[scene] = cached
        return cached

    def _produce(self) -> None:
        interval = 1.0 / self.fps
        next_at = time.monotonic()
        while self.serving:
            with self._cond:
                scene = self._flash or self._scene
                self._flash = None
            variants = self._variants(scene)
            with self._cond:
                self._frame_no += 1
                self._recent.append((self._frame_no, variants[self._frame_no % len(variants)]))
                self._cond.notify_all()
            next_at += interval
            time.sleep(max(0.0, next_at - time.monotonic()))

    def _serve(self, server: _Server) -> threading.Thread:
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="sim-camera-http", daemon=True
        )
        thread.start()
        return thread

    @staticmethod
    def _stop_server(server: _Server) -> None:
        server.shutdown()
        with server.streams_lock:
            for conn in server.streams:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
        server.server_close()

    # -- control line protocol -----------------------------------------------------------------------
    def execute(self, line: str) -> str:
        """Run one control command; never raises (the reply says what went wrong)."""
        words = line.split()
        command, args = (words[0].upper(), words[1:]) if words else ("", [])
        try:
            return self._dispatch(command, args)
        except ValueError as exc:
            return f"ERR {exc}"

    def _dispatch(self, command: str, args: list[str]) -> str:
        if command in ("SHOW", "FLASH") and 1 <= len(args) <= 3:
            data, symbol = unescape(args[0]), Symbol(args[1].lower()) if len(args) > 1 else Symbol.EAN13
            if command == "FLASH":
                self.flash(data, symbol)
            else:
                self.show(data, symbol, Degradation(args[2].lower()) if len(args) > 2 else Degradation.NONE)
        elif command == "PAIR" and len(args) == 2:
            self.show_pair(args[0], args[1])
        elif command == "CLEAR" and not args:
            self.clear()
        elif command == "UNPLUG" and not args:
            self.unplug()
        elif command == "REPLUG" and not args:
            self.replug()
        elif command == "STATUS" and not args:
            return (
                f"OK plugged={int(self.plugged)} clients={self._clients} connections={self.connections} "
                f"url={self.url} frame={self._frame_no}"
            )
        elif command == "HELP":
            return f"OK {HELP}"
        else:
            return f"ERR bad command; {HELP}"
        return "OK"
