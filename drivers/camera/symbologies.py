"""Names for what a camera may be asked to read, and which decoding back-end tries each first.

Kept free of OpenCV and the decoders so the settings model can be checked before anything heavy loads.
"""

from __future__ import annotations

import enum


class CameraSymbology(enum.StrEnum):
    """The symbologies a camera can be configured for (the names used in ``devices.toml``)."""

    EAN13 = "ean13"  # UPC-A is read as a 13-digit EAN-13 too
    EAN8 = "ean8"
    UPCE = "upce"
    CODE128 = "code128"  # GS1-128 included
    QR = "qr"  # GS1 QR included (SBP payment links are plain QR)
    DATAMATRIX = "datamatrix"  # GS1 DataMatrix (Chestny ZNAK marking codes) included


class Backend(enum.StrEnum):
    ZXING = "zxing"
    PYZBAR = "pyzbar"


DEFAULT_ORDER: dict[CameraSymbology, tuple[Backend, ...]] = {
    # Chosen from benchmarks/camera_figures.py on the generated corpus (docs/benchmarks.md): pyzbar reads
    # more 1-D codes at an angle and under noise, zxing-cpp more QR under blur and is alone on DataMatrix;
    # each falls back to the other where it misses.
    CameraSymbology.EAN13: (Backend.PYZBAR, Backend.ZXING),
    CameraSymbology.EAN8: (Backend.PYZBAR, Backend.ZXING),
    CameraSymbology.UPCE: (Backend.PYZBAR, Backend.ZXING),
    CameraSymbology.CODE128: (Backend.ZXING, Backend.PYZBAR),
    CameraSymbology.QR: (Backend.ZXING, Backend.PYZBAR),
    CameraSymbology.DATAMATRIX: (Backend.ZXING,),
}
