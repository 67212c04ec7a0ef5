"""The device end of a serial line: a TCP listener (``socket://`` URL) or a pty (a device path), one host.

Why one I/O thread per wire: every socket and fd is touched by that thread only, so ``disconnect()`` from a
test thread can never race a ``recv`` in progress. Other threads hand work to it with :meth:`IoLoop.call`.
Nothing here knows about barcodes; a scale or printer simulator can use the same wires.
"""

from __future__ import annotations

import abc
import contextlib
import logging
import os
import select
import selectors
import shutil
import socket
import tempfile
import threading
import tty
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from simulators.control import loopback_only

_log = logging.getLogger(__name__)

PTY_POLL_S = 0.02
"""How often a pty without a host is checked for the host opening it (the kernel offers no event for it)."""


class NoHostError(RuntimeError):
    """Nothing is connected to the device end, so a frame would go nowhere."""


class IoLoop:
    """A selector on one daemon thread. ``tick`` runs after every wake-up and returns the next timeout."""

    def __init__(self, name: str, tick: Callable[[], float | None] = lambda: None) -> None:
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ, self._drain_wake)
        self._jobs: list[Callable[[], None]] = []
        self._jobs_lock = threading.Lock()
        self._tick = tick
        self._running = True
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def call[T](self, fn: Callable[[], T], timeout_s: float = 5.0) -> T:
        """Run ``fn`` on the loop thread and return its result (or raise its exception) here."""
        if threading.current_thread() is self._thread:
            return fn()
        future: Future[T] = Future()

        def job() -> None:
            try:
                future.set_result(fn())
            except BaseException as exc:  # handed back to the caller, who re-raises it
                future.set_exception(exc)

        with self._jobs_lock:
            self._jobs.append(job)
        self._wake_w.send(b"\0")
        return future.result(timeout_s)

    def register(self, fileobj: socket.socket | int, on_readable: Callable[[], None]) -> None:
        self._selector.register(fileobj, selectors.EVENT_READ, on_readable)

    def unregister(self, fileobj: socket.socket | int) -> None:
        self._selector.unregister(fileobj)

    def stop(self) -> None:
        def halt() -> None:
            self._running = False

        if self._thread.is_alive():
            self.call(halt)
            self._thread.join(2.0)
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()

    def _drain_wake(self) -> None:
        try:
            while self._wake_r.recv(512):
                pass
        except BlockingIOError:
            pass

    def _run(self) -> None:
        timeout = self._tick()
        while self._running:
            for key, _ in self._selector.select(timeout):
                key.data()
            with self._jobs_lock:
                jobs, self._jobs = self._jobs, []
            for job in jobs:
                job()
            timeout = self._tick()


class Wire(abc.ABC):
    """Connection bookkeeping shared by both transports; subclasses run all I/O on ``self._loop``."""

    url: str

    def __init__(self, on_receive: Callable[[bytes], None]) -> None:
        self._on_receive = on_receive
        self._state = threading.Condition()
        self._connected = False
        self._connections = 0

    @property
    def connected(self) -> bool:
        return self._connected

    @property
    def connections(self) -> int:
        """How many times a host has connected; lets callers tell one connection from the next."""
        return self._connections

    def wait_for_client(self, timeout_s: float) -> bool:
        with self._state:
            return self._state.wait_for(lambda: self._connected, timeout_s)

    def _set_connected(self, connected: bool, why: str) -> None:
        with self._state:
            if connected == self._connected:
                return
            self._connected = connected
            self._connections += connected
            self._state.notify_all()
        _log.info("%s: host %s (%s)", self.url, "connected" if connected else "gone", why)

    @abc.abstractmethod
    def write(self, data: bytes) -> None: ...

    @abc.abstractmethod
    def disconnect(self) -> None: ...

    @abc.abstractmethod
    def refuse_connections(self, refuse: bool) -> None: ...

    @abc.abstractmethod
    def close(self) -> None: ...


class TcpWire(Wire):
    """Listens on ``host:port`` (0 = pick a free port); the newest connection is the host, as on a cable."""

    def __init__(
        self,
        on_receive: Callable[[bytes], None],
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        no_delay: bool = False,
    ) -> None:
        """``no_delay``: send each write at once (TCP_NODELAY), as a serial line would. A polled device needs
        it: otherwise Nagle's algorithm holds a small frame back until the host's delayed ACK (~40 ms)
        whenever the host has just written a poll."""
        super().__init__(on_receive)
        self._no_delay = no_delay
        self._host = loopback_only(host)
        self._listener: socket.socket | None = self._listen(port)
        self._port: int = self._listener.getsockname()[1]
        self._client: socket.socket | None = None
        self.url = f"socket://{host}:{self._port}"
        self._loop = IoLoop(f"sim-tcp-{self._port}")
        self._loop.register(self._listener, self._accept)
        self._loop.start()

    def _listen(self, port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, port))
        sock.listen(1)
        sock.setblocking(False)
        return sock

    # -- loop thread ---------------------------------------------------------------------------------
    def _accept(self) -> None:
        if self._listener is None:
            return
        try:
            conn, _ = self._listener.accept()
        except BlockingIOError:
            return
        self._drop("replaced by a new connection")
        conn.settimeout(2.0)
        if self._no_delay:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._client = conn
        self._loop.register(conn, self._readable)
        self._set_connected(True, f"from port {conn.getpeername()[1]}")

    def _readable(self) -> None:
        assert self._client is not None
        try:
            data = self._client.recv(4096)
        except OSError:
            data = b""
        if data:
            self._on_receive(data)
        else:
            self._drop("closed by the host")

    def _drop(self, why: str) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        self._loop.unregister(client)
        with contextlib.suppress(OSError):  # the host closed first
            client.shutdown(socket.SHUT_RDWR)
        client.close()
        self._set_connected(False, why)

    def _send(self, data: bytes) -> None:
        if self._client is None:
            raise NoHostError(f"no host connected to {self.url}")
        try:
            self._client.sendall(data)
        except OSError as exc:
            self._drop(f"send failed: {exc}")
            raise NoHostError(f"host on {self.url} went away: {exc}") from exc

    def _set_refusing(self, refuse: bool) -> None:
        if refuse and self._listener is not None:
            self._loop.unregister(self._listener)
            self._listener.close()
            self._listener = None
        elif not refuse and self._listener is None:
            self._listener = self._listen(self._port)
            self._loop.register(self._listener, self._accept)

    def _shutdown(self) -> None:
        self._drop("simulator closed")
        self._set_refusing(True)

    # -- any thread ----------------------------------------------------------------------------------
    def write(self, data: bytes) -> None:
        self._loop.call(lambda: self._send(data))

    def disconnect(self) -> None:
        self._loop.call(lambda: self._drop("disconnected by the simulator"))

    def refuse_connections(self, refuse: bool) -> None:
        """Close (or reopen, on the same port) the listener: the host's connect is refused meanwhile."""
        self._loop.call(lambda: self._set_refusing(refuse))

    def close(self) -> None:
        self._loop.call(self._shutdown)
        self._loop.stop()


class PtyWire(Wire):
    """A pty at 8N1 raw; ``url`` is a symlink to its slave that survives ``disconnect()``.

    Disconnect closes the master (the host's read fails, as on unplugging a USB-COM scanner) and, unless
    refusing, opens a fresh pty behind the same symlink, so the driver reconnects to the same path. Refusing
    removes the symlink: the port is simply not there. A host is "connected" while it holds the slave open.
    """

    def __init__(self, on_receive: Callable[[bytes], None]) -> None:
        super().__init__(on_receive)
        self._dir = Path(tempfile.mkdtemp(prefix="sim-pty-"))
        self.url = str(self._dir / "ttySIM0")
        self._master: int | None = None
        self._slave_path = ""
        self._reading = False
        self._refusing = False
        self._new_pty()
        self._loop = IoLoop(f"sim-pty-{Path(self._slave_path).name}", tick=self._tick)
        self._loop.start()

    def _new_pty(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # 8N1, no echo, no CR/NL translation: bytes pass through untouched
        self._slave_path = os.ttyname(slave)
        os.close(slave)  # from now on the master sees HUP until a host opens the slave
        os.set_blocking(master, False)
        self._master = master
        self._link()

    def _link(self) -> None:
        tmp = f"{self.url}.new"
        os.symlink(self._slave_path, tmp)
        os.replace(tmp, self.url)

    def _unlink(self) -> None:
        Path(self.url).unlink(missing_ok=True)

    # -- loop thread ---------------------------------------------------------------------------------
    def _tick(self) -> float | None:
        """Notice a host opening the slave: the master's HUP clears. Polled, because no event says so."""
        master = self._master
        if master is None or self._reading:
            return None
        poller = select.poll()
        poller.register(master, select.POLLIN)
        if any(events & select.POLLHUP for _, events in poller.poll(0)):
            return PTY_POLL_S
        self._reading = True
        self._loop.register(master, self._readable)
        self._set_connected(True, f"opened {self._slave_path}")
        return None

    def _readable(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, 4096)
        except BlockingIOError:
            return
        except OSError:  # EIO: every host fd on the slave is closed
            data = b""
        if data:
            self._on_receive(data)
        else:
            self._stop_reading("closed by the host")

    def _stop_reading(self, why: str) -> None:
        if self._reading and self._master is not None:
            self._loop.unregister(self._master)
        self._reading = False
        self._set_connected(False, why)

    def _send(self, data: bytes) -> None:
        if not self._reading or self._master is None:
            raise NoHostError(f"no host has {self.url} open")
        try:
            os.write(self._master, data)
        except OSError as exc:
            self._stop_reading(f"write failed: {exc}")
            raise NoHostError(f"host on {self.url} went away: {exc}") from exc

    def _hang_up(self, why: str) -> None:
        self._stop_reading(why)
        if self._master is not None:
            os.close(self._master)
            self._master = None
        self._unlink()

    def _disconnect(self) -> None:
        self._hang_up("disconnected by the simulator")
        if not self._refusing:
            self._new_pty()

    def _set_refusing(self, refuse: bool) -> None:
        self._refusing = refuse
        if refuse:
            self._unlink()
        elif self._master is None:
            self._new_pty()
        else:
            self._link()

    # -- any thread ----------------------------------------------------------------------------------
    def write(self, data: bytes) -> None:
        self._loop.call(lambda: self._send(data))

    def disconnect(self) -> None:
        self._loop.call(self._disconnect)

    def refuse_connections(self, refuse: bool) -> None:
        self._loop.call(lambda: self._set_refusing(refuse))

    def close(self) -> None:
        self._loop.call(lambda: self._hang_up("simulator closed"))
        self._loop.stop()
        shutil.rmtree(self._dir, ignore_errors=True)
