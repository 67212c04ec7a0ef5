"""Decoding real rendered frames with each back-end, the identifiers the lane relies on, and the settings."""

from __future__ import annotations

import cv2
import pytest
from pydantic import ValidationError

from drivers.camera.decoders import CascadeDecoder, Gray, PyzbarDecoder, ZxingDecoder, family
from drivers.camera.settings import CameraScannerSettings
from drivers.camera.symbologies import Backend, CameraSymbology
from drivers.contracts import Symbology
from simulators.camera import Degradation, Scene, Symbol, render

GS = "\x1d"
# A Chestny ZNAK marking code as printed on a pack: GTIN, serial, crypto tail (GS1 DataMatrix, AIM ]d2).
MARKING = f"0104607014231428215Yj!Q4&{GS}91EE06{GS}92YWJjZA=="
ALL = tuple(CameraSymbology)


def gray(scene: Scene) -> Gray:
    return cv2.cvtColor(render(scene), cv2.COLOR_BGR2GRAY)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("scene", "aim", "symbology"),
    [
        (Scene("4006381333931", Symbol.EAN13), "]E0", Symbology.EAN13),
        (Scene("96385074", Symbol.EAN8), "]E4", Symbology.EAN8),
        (Scene("https://qr.nspk.ru/AS100001", Symbol.QR, module_px=4), "]Q1", Symbology.QRCODE),
        (Scene(MARKING, Symbol.GS1_DATAMATRIX, module_px=4), "]d2", Symbology.GS1_DATAMATRIX),
    ],
)
def test_zxing_reads_each_symbology_with_its_aim_identifier(
    scene: Scene, aim: str, symbology: Symbology
) -> None:
    (read,) = ZxingDecoder(ALL).decode(gray(scene))
    assert (read.text, read.aim_id, read.symbology) == (scene.data, aim, symbology)


def test_gs1_datamatrix_keeps_the_group_separators_the_marking_code_needs() -> None:
    (read,) = ZxingDecoder([CameraSymbology.DATAMATRIX]).decode(
        gray(Scene(MARKING, Symbol.GS1_DATAMATRIX, module_px=4))
    )
    assert read.text.split(GS) == ["0104607014231428215Yj!Q4&", "91EE06", "92YWJjZA=="]
    assert family(read) is CameraSymbology.DATAMATRIX


def test_pyzbar_reads_1d_and_qr_and_derives_the_identifier() -> None:
    decoder = PyzbarDecoder([CameraSymbology.EAN13, CameraSymbology.QR])
    (ean,) = decoder.decode(gray(Scene("4006381333931", Symbol.EAN13)))
    assert (ean.text, ean.aim_id, ean.backend) == ("4006381333931", "]E0", Backend.PYZBAR)
    (qr,) = decoder.decode(gray(Scene("https://qr.nspk.ru/AS100001", Symbol.QR, module_px=4)))
    assert (qr.aim_id, qr.symbology) == ("]Q1", Symbology.QRCODE)


def test_restricted_symbologies_are_not_read() -> None:
    only_qr = ZxingDecoder([CameraSymbology.QR])
    assert only_qr.decode(gray(Scene("4006381333931", Symbol.EAN13))) == []


def test_an_empty_frame_reads_nothing() -> None:
    assert CascadeDecoder(CameraScannerSettings(port="x").resolved_order()).decode(gray(Scene(None))) == []


def test_the_cascade_falls_back_to_the_second_backend_where_the_first_misses() -> None:
    # Defocused (Gaussian sigma 2): on this seeded frame libzbar finds nothing and zxing-cpp reads it.
    scene = Scene("4006381333931", Symbol.EAN13, Degradation.BLUR_2, seed=0)
    assert PyzbarDecoder([CameraSymbology.EAN13]).decode(gray(scene)) == []
    reads = CascadeDecoder({CameraSymbology.EAN13: (Backend.PYZBAR, Backend.ZXING)}).decode(gray(scene))
    assert [(r.text, r.backend) for r in reads] == [("4006381333931", Backend.ZXING)]


def test_settings_reject_what_a_technician_could_mistype() -> None:
    with pytest.raises(ValidationError, match="confirm_frames"):
        CameraScannerSettings(port="http://cam/stream", confirm_frames=1)  # one frame is never enough
    with pytest.raises(ValidationError, match="only zxing reads DataMatrix"):
        CameraScannerSettings(port="x", order={CameraSymbology.DATAMATRIX: (Backend.PYZBAR,)})
    with pytest.raises(ValidationError, match="symbolog"):
        CameraScannerSettings(port="x", symbologies=("ean13", "aztec"))
    with pytest.raises(ValidationError, match="extra"):
        CameraScannerSettings(port="x", fps=30)  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="width and height"):
        CameraScannerSettings(port="x", width=1280)
