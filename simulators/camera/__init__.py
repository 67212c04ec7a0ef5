"""The camera scanner's simulator: rendered barcode scenes streamed as MJPEG over HTTP, or written to a file."""

from simulators.camera.scene import Degradation, Scene, Symbol, render, side_by_side
from simulators.camera.simulator import CameraSimulator

__all__ = ["CameraSimulator", "Degradation", "Scene", "Symbol", "render", "side_by_side"]
