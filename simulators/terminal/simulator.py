"""A ZVT payment terminal on TCP: the device end of ``drivers.terminal.ZvtTerminal``, with its own ledger.

The wire (``simulators.wire.TcpWire``, the newest connection is the ECR) feeds raw APDUs to a
:class:`~simulators.terminal.session.PtSession` on its own thread. Outcomes are scripted per transaction
(:meth:`ZvtTerminalSimulator.script`, or ``NEXT …`` on the control port); with nothing scripted the
terminal approves. The :class:`~simulators.terminal.ledger.Ledger` says what was really charged.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from typing import Self

from simulators.control import LineControlServer
from simulators.terminal import zvt_pt
from simulators.terminal.ledger import Ledger
from simulators.terminal.session import Identity, Outcome, PtSession, Script
from simulators.traffic import Direction, TrafficLog
from simulators.wire import NoHostError, TcpWire

_log = logging.getLogger(__name__)

DEFAULT_PORT = 20007

HELP = (
    "NEXT APPROVE|DECLINE [rc-hex]|TIMEOUT|CANCEL|DROP_BEFORE|DROP_AFTER [DELAY <s>] | LEDGER | STATUS | "
    "CURRENCY <iso-numeric> | DISCONNECT | REFUSE ON|OFF | UNPLUG | REPLUG | HELP"
)


class ZvtTerminalSimulator:
    """``currency`` is the ISO 4217 numeric code the terminal accepts (978 EUR, 643 RUB).

    ``card_delay_s`` is the default time a shopper takes to present the card; ``control_port`` ``None``
    for no control server, ``0`` for any free port. All methods are thread-safe.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        currency: int = 978,
        terminal_id: str = "52500001",
        card_delay_s: float = 0.0,
        control_port: int | None = None,
        traffic_frames: int = 200,
    ) -> None:
        self.ledger = Ledger()
        self.traffic = TrafficLog(traffic_frames)
        self._lock = threading.Lock()
        self._scripts: collections.deque[Script] = collections.deque()
        self._card_delay_s = card_delay_s
        self._readers: dict[int, zvt_pt.StreamReader] = {}
        self._wire = TcpWire(self._received, port=port)
        self._session = PtSession(
            Identity(terminal_id=terminal_id, currency=currency),
            self.ledger,
            send=self._send,
            connection=lambda: self._wire.connections if self._wire.connected else -1,
            drop=self._wire.disconnect,
            next_script=self._next_script,
        )
        self._thread = threading.Thread(target=self._session.run, name="sim-zvt-session", daemon=True)
        self._thread.start()
        self._control = (
            LineControlServer(self.execute, port=control_port) if control_port is not None else None
        )

    # -- properties ----------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return self._wire.url

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    @property
    def control_address(self) -> tuple[str, int] | None:
        return self._control.address if self._control is not None else None

    @property
    def connected(self) -> bool:
        return self._wire.connected

    @property
    def currency(self) -> int:
        return self._session.identity.currency

    def set_currency(self, currency: int) -> None:
        if not 0 < currency < 1000:
            raise ValueError(f"ISO 4217 numeric codes have three digits, got {currency}")
        self._session.identity = Identity(self._session.identity.terminal_id, currency)

    def wait_for_client(self, timeout_s: float = 5.0) -> bool:
        return self._wire.wait_for_client(timeout_s)

    def wait_idle(self, timeout_s: float = 5.0) -> bool:
        """True once no dialog is running and every received command has been served."""
        deadline = time.monotonic() + timeout_s
        while self._session.busy or not self._session.inbox.empty():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    # -- the world -----------------------------------------------------------------------------------
    def script(self, outcome: Outcome, result_code: int = 0x05, card_delay_s: float | None = None) -> None:
        """Queue the outcome of the next card transaction (purchase, refund or reversal)."""
        delay = self._card_delay_s if card_delay_s is None else card_delay_s
        with self._lock:
            self._scripts.append(Script(outcome, result_code, delay))

    def _next_script(self) -> Script:
        with self._lock:
            return self._scripts.popleft() if self._scripts else Script(card_delay_s=self._card_delay_s)

    def disconnect(self) -> None:
        self._wire.disconnect()

    def refuse_connections(self, refuse: bool) -> None:
        self._wire.refuse_connections(refuse)

    def close(self) -> None:
        if self._control is not None:
            self._control.close()
        self._session.stop()
        self._wire.close()
        self._thread.join(2.0)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- wire ----------------------------------------------------------------------------------------
    def _send(self, data: bytes) -> None:
        try:
            self._wire.write(data)
        except NoHostError:
            _log.info("terminal: the ECR is gone; %d bytes not sent", len(data))
            return
        self.traffic.record(Direction.TO_HOST, data)

    def _received(self, data: bytes) -> None:
        """On the wire's I/O thread: split into APDUs and hand them to the session."""
        self.traffic.record(Direction.TO_DEVICE, data)
        connection = self._wire.connections
        reader = self._readers.setdefault(connection, zvt_pt.StreamReader())
        for klass, instr, payload in reader.push(data):
            self._session.inbox.put((connection, klass, instr, payload))

    # -- control line protocol -----------------------------------------------------------------------
    def execute(self, line: str) -> str:
        """Run one control command; never raises (the reply says what went wrong)."""
        words = line.split()
        command, args = words[0].upper(), [w.upper() for w in words[1:]]
        try:
            return self._dispatch(command, args)
        except (ValueError, IndexError) as exc:
            return f"ERR {exc}"

    def _dispatch(self, command: str, args: list[str]) -> str:
        if command == "NEXT" and args:
            self._script_from_words(args)
        elif command == "LEDGER" and not args:
            return f"OK {self.ledger.to_json()}"
        elif command == "STATUS" and not args:
            return (
                f"OK connected={int(self.connected)} url={self.url} currency={self.currency:03d} "
                f"attempts={self.ledger.attempts} bookings={len(self.ledger.entries())} "
                f"net={self.ledger.net(self.currency)} queued={len(self._scripts)}"
            )
        elif command == "CURRENCY" and len(args) == 1:
            self.set_currency(int(args[0]))
        elif command == "DISCONNECT" and not args:
            self.disconnect()
        elif command == "REFUSE" and args in (["ON"], ["OFF"]):
            self.refuse_connections(args[0] == "ON")
        elif command == "UNPLUG" and not args:  # the cable out: refused and the ECR's link dropped
            self.refuse_connections(True)
            self.disconnect()
        elif command == "REPLUG" and not args:
            self.refuse_connections(False)
        elif command == "HELP":
            return f"OK {HELP}"
        else:
            return f"ERR bad command; {HELP}"
        return "OK"

    def _script_from_words(self, args: list[str]) -> None:
        outcome = Outcome(args[0].lower())
        rest = args[1:]
        delay: float | None = None
        if "DELAY" in rest:
            at = rest.index("DELAY")
            delay = float(rest[at + 1])
            rest = rest[:at] + rest[at + 2 :]
        code = int(rest[0], 16) if rest and outcome is Outcome.DECLINE else 0x05
        if rest and outcome is not Outcome.DECLINE:
            raise ValueError(f"unexpected {' '.join(rest)}")
        self.script(outcome, code, delay)
