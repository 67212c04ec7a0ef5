"""Settings of the camera scanner (``[devices.camera.settings]``): imports nothing heavy (no OpenCV), so the
configuration can be checked before the first frame is painted."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, Strict, model_validator

from drivers.camera.symbologies import DEFAULT_ORDER, Backend, CameraSymbology
from drivers.settings import DriverSettings

# TOML gives names as strings and arrays as lists: these two are converted (the model is strict otherwise).
SymbologyName = Annotated[CameraSymbology, Strict(False)]
BackendName = Annotated[Backend, Strict(False)]


class CameraScannerSettings(DriverSettings):
    """``[devices.camera.settings]`` for ``camera_scanner``. Symbology and back-end names are strings in TOML
    (``symbologies = ["ean13", "datamatrix"]``), hence not strict for those two."""

    port: Annotated[str, Field(min_length=1)]
    """``http://…/stream.mjpg`` or ``rtsp://…`` (FFmpeg), a video file, or ``/dev/video0`` / ``v4l2:0``."""
    symbologies: Annotated[tuple[SymbologyName, ...], Strict(False)] = (
        CameraSymbology.EAN13,
        CameraSymbology.EAN8,
        CameraSymbology.QR,
        CameraSymbology.DATAMATRIX,
    )
    order: Annotated[
        dict[SymbologyName, Annotated[tuple[BackendName, ...], Strict(False)]] | None, Strict(False)
    ] = None
    """Back-ends per symbology, first tried first; default: :data:`DEFAULT_ORDER` (measured)."""
    try_invert: bool = False
    """Also look for light-on-dark codes (laser-etched marks): doubles zxing-cpp's DataMatrix cost at 720p."""
    motion_threshold: Annotated[float, Field(ge=0, le=64)] = 1.5
    """Decode only after the view changed by this mean grey-level difference (0: decode every frame)."""
    motion_hold_frames: Annotated[int, Field(ge=1, le=3000)] = 45
    """…and for this many frames after the last change (3 s at 15 fps)."""
    confirm_frames: Annotated[int, Field(ge=2, le=10)] = 2
    rearm_frames: Annotated[int, Field(ge=1, le=300)] = 5
    width: Annotated[int, Field(ge=160, le=3840)] | None = None
    height: Annotated[int, Field(ge=120, le=2160)] | None = None
    open_timeout_s: Annotated[float, Field(gt=0, le=30)] = 2.0
    read_timeout_s: Annotated[float, Field(gt=0, le=30)] = 1.0
    reconnect_min_s: Annotated[float, Field(gt=0, le=5)] = 0.5
    reconnect_max_s: Annotated[float, Field(gt=0, le=5)] = 2.0  # capped: back within 5 s of a replug
    manufacturer: str = "generic"
    model: str = "UVC/IP camera"

    @model_validator(mode="after")
    def _consistent(self) -> CameraScannerSettings:
        if not self.symbologies:
            raise ValueError("symbologies: at least one is needed")
        if (self.width is None) != (self.height is None):
            raise ValueError("width and height go together")
        if self.reconnect_min_s > self.reconnect_max_s:
            raise ValueError("reconnect_min_s must not exceed reconnect_max_s")
        for symbology, backends in self.resolved_order().items():
            if not backends:
                raise ValueError(f"order.{symbology}: no back-end")
            if symbology is CameraSymbology.DATAMATRIX and backends != (Backend.ZXING,):
                raise ValueError("order.datamatrix: only zxing reads DataMatrix")
        return self

    def resolved_order(self) -> dict[CameraSymbology, tuple[Backend, ...]]:
        chosen = self.order or {}
        unknown = set(chosen) - set(self.symbologies)
        if unknown:
            raise ValueError(f"order names symbologies not enabled: {sorted(unknown)}")
        return {s: tuple(chosen.get(s, DEFAULT_ORDER[s])) for s in self.symbologies}
