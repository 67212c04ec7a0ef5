"""Run a tower light simulator until Ctrl-C: ``python -m simulators.light [--pty] [--port N] [--control-port N]``."""

from __future__ import annotations

from simulators.light.simulator import TowerLightSimulator
from simulators.standalone import run_standalone


def main() -> None:
    run_standalone(
        __doc__,
        lambda args: TowerLightSimulator(
            transport=args.transport, port=args.port, control_port=args.control_port
        ),
    )


if __name__ == "__main__":
    main()
