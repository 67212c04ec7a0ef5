"""Run a Magellan scanner-scale simulator until Ctrl-C: ``python -m simulators.magellan [--port N] [--control-port N]``.

TCP only (``socket://``): a pty cannot carry the protocol's 7 data bits with odd parity (devices.md §7).
"""

from __future__ import annotations

import argparse

from simulators.magellan.encoder import MagellanProgramming
from simulators.magellan.simulator import MagellanSimulator, ScaleWorld
from simulators.standalone import run_standalone


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", choices=("kg", "lb"), default="kg", help="scale unit (default kg)")
    parser.add_argument("--settle", type=float, default=0.3, help="seconds a new weight moves (default 0.3)")


def _build(args: argparse.Namespace) -> MagellanSimulator:
    return MagellanSimulator(
        port=args.port,
        programming=MagellanProgramming(unit=args.unit),
        world=ScaleWorld(settle_s=args.settle),
        control_port=args.control_port,
    )


def main() -> None:
    run_standalone(__doc__, _build, _arguments, pty=False)


if __name__ == "__main__":
    main()
