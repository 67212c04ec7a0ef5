"""Run a scale simulator until Ctrl-C:
``python -m simulators.scale [--protocol toledo_8217|mt_sics] [--pty] [--port N] [--control-port N]``.

Then e.g. ``echo "WEIGHT 1234" | nc 127.0.0.1 <control port>``; ``HELP`` lists the commands. Over ``--pty``
the line is 8N1 (a pty cannot carry the 8217's 7E1); configure the driver with ``bytesize = 8``, ``parity = "N"``.
"""

from __future__ import annotations

import argparse

from simulators.scale.model import ScaleModel
from simulators.scale.simulator import ScaleSimulator
from simulators.standalone import run_standalone


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--protocol", choices=["toledo_8217", "mt_sics"], default="toledo_8217")
    parser.add_argument("--unit", choices=["g", "kg", "lb"], help="weighing unit (8217: kg/lb, SICS: g/kg)")
    parser.add_argument("--capacity-g", type=int, default=15_000)
    parser.add_argument("--settle-s", type=float, default=0.3)
    parser.add_argument("--noise-g", type=int, default=3)


def _build(args: argparse.Namespace) -> ScaleSimulator:
    return ScaleSimulator(
        args.protocol,
        transport=args.transport,
        port=args.port,
        model=ScaleModel(capacity_g=args.capacity_g, settle_s=args.settle_s, noise_g=args.noise_g),
        unit=args.unit,
        control_port=args.control_port,
    )


def main() -> None:
    run_standalone(__doc__, _build, _arguments)


if __name__ == "__main__":
    main()
