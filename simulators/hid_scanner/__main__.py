"""Type barcodes as a keyboard wedge until Ctrl-C: ``python -m simulators.hid_scanner [--port N] [--control-port N]``.

Serves ``struct input_event`` records over TCP (the driver's ``port = "socket://…"``): there is no
``/dev/uinput`` to make a kernel keyboard from, so this is the transport seam, not a fake ``/dev/input``.
"""

from __future__ import annotations

import argparse

from simulators.hid_scanner.simulator import HidWedgeSimulator
from simulators.hid_scanner.typist import GS_CHORDS, WedgeProgramming
from simulators.standalone import run_standalone


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gs-key", default="ctrl+]", choices=sorted(GS_CHORDS), help="key sent for GS")


def _build(args: argparse.Namespace) -> HidWedgeSimulator:
    return HidWedgeSimulator(
        port=args.port, programming=WedgeProgramming(gs_key=args.gs_key), control_port=args.control_port
    )


def main() -> None:
    run_standalone(__doc__, _build, _arguments, pty=False)


if __name__ == "__main__":
    main()
