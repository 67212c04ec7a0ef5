"""Run a scanner simulator until Ctrl-C: ``python -m simulators.scanner [--pty] [--port N] [--control-port N]``."""

from __future__ import annotations

import argparse
import contextlib
import logging
import threading

from simulators.scanner.encoder import ScannerProgramming
from simulators.scanner.simulator import SerialScannerSimulator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pty", action="store_true", help="serve a pty instead of TCP")
    parser.add_argument("--port", type=int, default=0, help="TCP port for the wire (0 = any free port)")
    parser.add_argument("--control-port", type=int, default=0, help="TCP port for control commands")
    parser.add_argument(
        "--suffix", default="\\r", help="frame suffix, with \\r and \\n escapes (default \\r)"
    )
    parser.add_argument("--no-aim", action="store_true", help="do not send AIM symbology identifiers")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    suffix = args.suffix.replace("\\r", "\r").replace("\\n", "\n").encode("ascii")
    programming = ScannerProgramming(suffix=suffix, aim_ids=not args.no_aim)
    with SerialScannerSimulator(
        transport="pty" if args.pty else "tcp",
        port=args.port,
        programming=programming,
        control_port=args.control_port,
    ) as sim:
        print(f"wire: {sim.url}  control: {sim.control_address}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
