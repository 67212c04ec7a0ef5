"""Run a receipt printer simulator until Ctrl-C: ``python -m simulators.printer [--pty] [--port 9100]
[--control-port N] [--paper-out-after N] [--slow-ms N]``; the wire listens on 9100 like a LAN printer."""

from __future__ import annotations

import argparse

from simulators.printer.engine import PrinterFaults
from simulators.printer.simulator import ReceiptPrinterSimulator
from simulators.standalone import run_standalone


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(port=9100)  # the raw-printing port every LAN receipt printer listens on
    parser.add_argument("--paper-out-after", type=int, default=None, help="lines until the roll runs out")
    parser.add_argument("--slow-ms", type=int, default=0, help="mechanism delay per line fed")


def _build(args: argparse.Namespace) -> ReceiptPrinterSimulator:
    faults = PrinterFaults(paper_out_after_lines=args.paper_out_after, line_delay_s=args.slow_ms / 1000)
    return ReceiptPrinterSimulator(
        transport=args.transport, port=args.port, faults=faults, control_port=args.control_port
    )


def main() -> None:
    run_standalone(__doc__, _build, _arguments)


if __name__ == "__main__":
    main()
