"""Run a scanner simulator until Ctrl-C: ``python -m simulators.scanner [--pty] [--port N] [--control-port N]``."""

from __future__ import annotations

import argparse

from simulators.scanner.encoder import ScannerProgramming
from simulators.scanner.simulator import SerialScannerSimulator
from simulators.standalone import run_standalone


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--suffix", default="\\r", help="frame suffix, with \\r and \\n escapes (default \\r)"
    )
    parser.add_argument("--no-aim", action="store_true", help="do not send AIM symbology identifiers")


def _build(args: argparse.Namespace) -> SerialScannerSimulator:
    suffix = args.suffix.replace("\\r", "\r").replace("\\n", "\n").encode("ascii")
    return SerialScannerSimulator(
        transport=args.transport,
        port=args.port,
        programming=ScannerProgramming(suffix=suffix, aim_ids=not args.no_aim),
        control_port=args.control_port,
    )


def main() -> None:
    run_standalone(__doc__, _build, _arguments)


if __name__ == "__main__":
    main()
