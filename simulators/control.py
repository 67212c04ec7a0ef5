"""A tiny line protocol on localhost so another process can act as the world (demo panel, technician, nc).

One command per line (UTF-8), one reply line per command: ``OK …`` or ``ERR reason``. The server knows no
commands itself; it hands each line to an ``execute`` function, so any simulator can reuse it.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import socketserver
import threading
from collections.abc import Callable

_log = logging.getLogger(__name__)


def loopback_only(host: str) -> str:
    """``host`` if it is a loopback address, else ``ValueError``: a simulator's wire and control ports act as
    the world (scan a code, approve a card), so nothing off this machine may reach them."""
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"simulators listen on a loopback address only, not {host!r}")
    return host


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], execute: Callable[[str], str]) -> None:
        self.execute = execute
        self.open_connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        with self.server.connections_lock:
            self.server.open_connections.add(self.connection)
        try:
            for raw in self.rfile:
                line = raw.decode("utf-8", errors="replace").strip()
                if line:
                    self.wfile.write((self.server.execute(line) + "\n").encode("utf-8"))
        except OSError:
            pass  # the client went away, or close() shut the connection down
        finally:
            with self.server.connections_lock:
                self.server.open_connections.discard(self.connection)


class LineControlServer:
    """Serves ``execute`` on ``host:port`` (0 = pick a free port) until :meth:`close`."""

    def __init__(self, execute: Callable[[str], str], host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = _Server((loopback_only(host), port), execute)
        self.address: tuple[str, int] = self._server.server_address[:2]  # type: ignore[assignment]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="sim-control", daemon=True
        )
        self._thread.start()
        _log.info("control port listening on %s:%d", *self.address)

    def close(self) -> None:
        self._server.shutdown()
        with self._server.connections_lock:
            for conn in self._server.open_connections:
                with contextlib.suppress(OSError):  # already closed by the client
                    conn.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        self._thread.join(2.0)
