"""Run a ZVT terminal simulator until Ctrl-C: ``python -m simulators.terminal [--port N] [--control-port N]``."""

from __future__ import annotations

import argparse
import contextlib
import logging
import threading

from simulators.terminal.simulator import DEFAULT_PORT, ZvtTerminalSimulator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"ZVT TCP port (default {DEFAULT_PORT})"
    )
    parser.add_argument("--control-port", type=int, default=0, help="TCP port for control commands")
    parser.add_argument("--currency", type=int, default=978, help="ISO 4217 numeric code (978 EUR, 643 RUB)")
    parser.add_argument("--terminal-id", default="52500001", help="8-digit terminal id")
    parser.add_argument("--card-delay", type=float, default=0.5, help="seconds the shopper takes per card")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with ZvtTerminalSimulator(
        port=args.port,
        currency=args.currency,
        terminal_id=args.terminal_id,
        card_delay_s=args.card_delay,
        control_port=args.control_port,
    ) as sim:
        print(f"zvt: {sim.url}  control: {sim.control_address}  currency: {sim.currency:03d}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
