"""One ZVT command from the ECR's side: send it, then follow the PT while it holds master rights.

ZVT "Master rights" (PA00P015 13.13): after the PT acknowledges a command it is master until it sends
Completion (06 0F) or Abort (06 1E); meanwhile the ECR acknowledges every PT message and may only send
Abort (06 B0). The dialog never resends a command and never guesses: a lost link or a silent PT ends it
as *unfinished*, and the caller reports that as uncertain (payments.md §9: no resend, recover instead).

Runs on the device's worker thread; the :class:`Link` is that thread's alone.
"""

from __future__ import annotations

import logging
import select
import socket
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from drivers.terminal import zvt_messages as m
from drivers.terminal.zvt_fields import Apdu, ApduSplitter, ZvtFormatError

_log = logging.getLogger(__name__)


class LinkLost(Exception):
    """The TCP connection to the terminal failed or was closed by it."""


class Link:
    """A connected socket cut into APDUs. Logs sizes and command names only, never payloads (PCI)."""

    def __init__(self, sock: socket.socket, name: str) -> None:
        self._sock = sock
        self._name = name
        self._splitter = ApduSplitter()
        self._ready: deque[Apdu] = deque()

    @classmethod
    def connect(cls, host: str, port: int, timeout_s: float, name: str) -> Link:
        """TCP_NODELAY: ZVT is small request/answer APDUs; Nagle would hold a command back until the
        terminal's delayed ACK of our last acknowledgement (~40 ms) — measured in benchmarks/terminal.py."""
        sock = socket.create_connection((host, port), timeout=timeout_s)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(sock, name)

    def send(self, data: bytes) -> None:
        _log.debug("%s TX %s (%d bytes)", self._name, data[:2].hex(" ").upper(), len(data))
        try:
            self._sock.sendall(data)
        except OSError as exc:
            raise LinkLost(f"send failed: {exc}") from exc

    def receive(self, timeout_s: float) -> Apdu | None:
        """The next APDU within ``timeout_s`` (None if none came); ``LinkLost`` if the link went away."""
        deadline = time.monotonic() + timeout_s
        while not self._ready:  # a zero time-out still looks once, so an idle check notices a closed link
            readable, _, _ = select.select([self._sock], [], [], max(0.0, deadline - time.monotonic()))
            if readable:
                self._read_some()
            elif time.monotonic() >= deadline:
                return None
        apdu = self._ready.popleft()
        _log.debug("%s RX %s (%d bytes)", self._name, apdu.name, len(apdu.data))
        return apdu

    def _read_some(self) -> None:
        try:
            chunk = self._sock.recv(4096)
        except OSError as exc:
            raise LinkLost(f"receive failed: {exc}") from exc
        if not chunk:
            raise LinkLost("closed by the terminal")
        self._ready.extend(self._splitter.feed(chunk))

    def close(self) -> None:
        try:
            self._sock.close()
        except OSError as exc:  # already gone; nothing to recover
            _log.debug("%s: close failed: %s", self._name, exc)


@dataclass(frozen=True, slots=True)
class Timing:
    """``ack_s``: the PT's acknowledgement (ZVT T3, 5 s). ``silence_s``: longest pause between two PT
    messages while it is master before we give up (must exceed the PT's own card/host time-outs,
    payments.md §14). ``abort_grace_s``: after sending 06 B0 on silence, how long to wait for 06 1E."""

    ack_s: float = 5.0
    silence_s: float = 180.0
    abort_grace_s: float = 5.0


@dataclass(slots=True)
class Dialog:
    """What one command produced. ``finished`` is False when it ended without 06 0F / 06 1E / 84 xx."""

    refused: int | None = None
    info: m.StatusInformation | None = None
    completion: m.Completion | None = None
    aborted: int | None = None
    lines: list[str] = field(default_factory=list)
    unfinished: str | None = None  # why it ended without a final answer
    abort_sent: bool = False

    @property
    def finished(self) -> bool:
        return self.unfinished is None


@dataclass(frozen=True, slots=True)
class Observer:
    """Callbacks on the worker thread: a prompt (04 FF), receipt text, and "should we abort now?"."""

    prompt: Callable[[m.IntermediateStatus], None]
    text: Callable[[m.PrintText], None]
    abort_wanted: Callable[[], bool]


def run(
    link: Link, command: bytes, timing: Timing, observer: Observer, status_enquiry: bool = False
) -> Dialog:
    """Send ``command`` and follow the PT to the end. Raises ``LinkLost`` only before the command was sent;
    a link lost afterwards is reported in :attr:`Dialog.unfinished` (the PT may have acted on it)."""
    dialog = Dialog()
    link.send(command)
    try:
        first = _wait_ack(link, timing.ack_s)
        if first is None:
            dialog.unfinished = f"no acknowledgement within {timing.ack_s:g} s"
            return dialog
        if isinstance(first, m.Refused):
            dialog.refused = first.code
            return dialog
        _follow(link, timing, observer, dialog, status_enquiry)
    except LinkLost as exc:
        dialog.unfinished = f"link lost while the terminal was working: {exc}"
    return dialog


def _wait_ack(link: Link, timeout_s: float) -> m.Acknowledged | m.Refused | None:
    apdu = link.receive(timeout_s)
    if apdu is None:
        return None
    try:
        message = m.decode(apdu)
    except ZvtFormatError:
        message = None
    if isinstance(message, m.Acknowledged | m.Refused):
        return message
    raise LinkLost(f"expected an acknowledgement, got {apdu.name}")


POLL_S = 0.05
"""How often a waiting dialog checks whether the kiosk asked to abort."""


def _follow(link: Link, timing: Timing, observer: Observer, dialog: Dialog, status_enquiry: bool) -> None:
    """Every PT message restarts the silence clock; a silent PT is sent 06 B0 and given ``abort_grace_s``."""
    deadline = time.monotonic() + timing.silence_s
    gave_up = False
    while True:
        if not dialog.abort_sent and dialog.info is None and observer.abort_wanted():
            link.send(m.abort())  # the PT may still finish the payment: only its final answer counts
            dialog.abort_sent = True
        apdu = link.receive(POLL_S)
        if apdu is None:
            if time.monotonic() < deadline:
                continue
            if gave_up:
                dialog.unfinished = "the terminal went silent and did not answer the abort"
                return
            if not dialog.abort_sent:
                link.send(m.abort())
                dialog.abort_sent = True
            gave_up = True
            deadline = time.monotonic() + timing.abort_grace_s
            continue
        if not gave_up:
            deadline = time.monotonic() + timing.silence_s
        if _handle(link, apdu, observer, dialog, status_enquiry):
            return


def _handle(link: Link, apdu: Apdu, observer: Observer, dialog: Dialog, status_enquiry: bool) -> bool:
    """Acknowledge and record one PT message; True when it ends the dialog."""
    try:
        message = m.decode(apdu, after_status_enquiry=status_enquiry)
    except ZvtFormatError as exc:
        _log.info("terminal sent a malformed %s: %s", apdu.name, exc)
        link.send(m.negative_ack(0x9A))
        return False
    if isinstance(message, m.Acknowledged | m.Refused):
        return False  # the PT's answer to our 06 B0
    link.send(m.ACK)
    match message:
        case m.IntermediateStatus():
            observer.prompt(message)
        case m.StatusInformation():
            dialog.info = message
        case m.PrintText():
            dialog.lines += message.lines
            observer.text(message)
        case m.Completion():
            dialog.completion = message
            return True
        case m.Aborted():
            dialog.aborted = message.result_code
            return True
    return False
