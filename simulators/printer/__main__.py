"""Run a receipt printer simulator until Ctrl-C:
``python -m simulators.printer [--pty] [--port 9100] [--control-port N] [--paper-out-after N] [--slow-ms N]``."""

from __future__ import annotations

import argparse
import contextlib
import logging
import threading

from simulators.printer.engine import PrinterFaults
from simulators.printer.simulator import ReceiptPrinterSimulator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pty", action="store_true", help="serve a pty instead of TCP")
    parser.add_argument(
        "--port", type=int, default=9100, help="TCP port for the wire (default 9100, 0 = any)"
    )
    parser.add_argument("--control-port", type=int, default=0, help="TCP port for control commands")
    parser.add_argument("--paper-out-after", type=int, default=None, help="lines until the roll runs out")
    parser.add_argument("--slow-ms", type=int, default=0, help="mechanism delay per line fed")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    faults = PrinterFaults(paper_out_after_lines=args.paper_out_after, line_delay_s=args.slow_ms / 1000)
    with ReceiptPrinterSimulator(
        transport="pty" if args.pty else "tcp", port=args.port, faults=faults, control_port=args.control_port
    ) as sim:
        print(f"wire: {sim.url}  control: {sim.control_address}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
