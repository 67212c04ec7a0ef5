"""``python -m simulators.<name>``: one simulator in its own process until Ctrl-C, for a technician or a demo.

Every stand-alone simulator takes the same ``--pty``, ``--port`` and ``--control-port`` options and prints
where its wire and control port are, so a driver (``port = "socket://…"``) and ``nc`` can find it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Protocol, Self


class Served(Protocol):
    """What a stand-alone simulator must offer: where its wire and control port are, and a context."""

    @property
    def url(self) -> str: ...

    @property
    def control_address(self) -> tuple[str, int] | None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...


def run_standalone(
    description: str | None,
    build: Callable[[argparse.Namespace], Served],
    add_arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None,
    *,
    pty: bool = True,
) -> None:
    """Parse the common options (``args.transport``, ``args.port``, ``args.control_port``), build, serve.

    ``pty=False`` for 7-bit protocols: a Linux pty cannot carry 7 data bits with parity (devices.md §7).
    """
    parser = argparse.ArgumentParser(description=description)
    if pty:
        parser.add_argument("--pty", action="store_true", help="serve a pty instead of TCP")
    parser.add_argument("--port", type=int, default=0, help="TCP port for the wire (0 = any free port)")
    parser.add_argument("--control-port", type=int, default=0, help="TCP port for control commands")
    add_arguments(parser)
    args = parser.parse_args()
    args.transport = "pty" if getattr(args, "pty", False) else "tcp"
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with build(args) as sim:
        print(f"wire: {sim.url}  control: {sim.control_address}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
