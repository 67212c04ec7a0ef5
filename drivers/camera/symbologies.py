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
    # Chosen from benchmarks/camera_figures.py on its 2,028-frame corpus (2026-12-02, figures in
    # docs/benchmarks.md). Scenes read out of 169 per symbology, zxing-cpp / pyzbar / this order:
    # EAN-13 121 / 112 / 124, EAN-8 132 / 128 / 141, QR 139 / 59 / 139, GS1 DataMatrix 141 / 0 / 141; no
    # misread by any. zxing-cpp reads most alone and is asked first (one call covers every family); pyzbar,
    # asked only for 1-D codes zxing-cpp missed, adds reads there. It adds nothing to QR at its row-skipping
    # density, and reads no DataMatrix, so it is not asked for those.
    CameraSymbology.EAN13: (Backend.ZXING, Backend.PYZBAR),
    CameraSymbology.EAN8: (Backend.ZXING, Backend.PYZBAR),
    CameraSymbology.UPCE: (Backend.ZXING, Backend.PYZBAR),
    CameraSymbology.CODE128: (Backend.ZXING, Backend.PYZBAR),
    CameraSymbology.QR: (Backend.ZXING,),
    CameraSymbology.DATAMATRIX: (Backend.ZXING,),
}
