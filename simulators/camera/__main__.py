"""Run a camera simulator until Ctrl-C: ``python -m simulators.camera [--port N] [--control-port N]``.

Point a driver (``port = "http://127.0.0.1:<port>/stream.mjpg"``), VLC or a browser at the printed stream URL;
type ``SHOW 4006381333931`` on the control port (``nc 127.0.0.1 <port>``) to hold a code up to the camera.
"""

from __future__ import annotations

import argparse

from simulators.camera.simulator import CameraSimulator
from simulators.standalone import run_standalone


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fps", type=float, default=15.0, help="frames per second (default 15)")
    parser.add_argument("--size", default="640x480", help="frame size WxH (default 640x480)")


def _build(args: argparse.Namespace) -> CameraSimulator:
    width, _, height = args.size.partition("x")
    return CameraSimulator(
        port=args.port, fps=args.fps, width=int(width), height=int(height), control_port=args.control_port
    )


def main() -> None:
    run_standalone(__doc__.splitlines()[0], _build, _arguments, pty=False)


if __name__ == "__main__":
    main()
