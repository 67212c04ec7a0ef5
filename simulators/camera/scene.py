"""What the camera sees: a barcode rendered into a cluttered frame, then degraded like a real lane camera.

Symbols are drawn by ``pystrich`` (a pure-Python encoder, independent of both decoders the driver uses, so a
bug shared by an encoder and a decoder of one library cannot hide here); GS1 DataMatrix gets its leading FNC1.
Everything is deterministic for a given seed, so a corpus, a test and a benchmark see the same frames.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from pystrich.datamatrix import FNC1, DataMatrixEncoder
from pystrich.ean13 import EAN13Encoder
from pystrich.qrcode import QRCodeEncoder

Image = NDArray[Any]  # what OpenCV hands back (its stubs type results as a union of array kinds)
GS = "\x1d"


class Symbol(enum.StrEnum):
    """What the simulator can print. Names match the AIM-free names the driver's settings use."""

    EAN13 = "ean13"
    EAN8 = "ean8"
    QR = "qr"
    GS1_DATAMATRIX = "gs1_datamatrix"


class Degradation(enum.StrEnum):
    """Thirteen ways a lane camera's view goes wrong (devices.md §3.4 measured the same kinds)."""

    NONE = "none"
    BLUR_1 = "blur_1"  # defocus, Gaussian sigma 1 px
    BLUR_2 = "blur_2"
    MOTION = "motion"  # an item swept past: 9 px horizontal motion blur
    NOISE_10 = "noise_10"  # sensor noise, sigma 10 grey levels
    NOISE_25 = "noise_25"
    ROTATE_15 = "rotate_15"
    ROTATE_45 = "rotate_45"
    ROTATE_90 = "rotate_90"
    PERSPECTIVE = "perspective"  # the pack tilted towards the camera
    LOW_CONTRAST = "low_contrast"  # glossy wrap: dark bars at 40 % of white
    LOW_LIGHT = "low_light"  # dim and noisy
    COMBINED = "combined"  # tilt + blur + noise + low contrast


@dataclass(frozen=True, slots=True)
class Scene:
    """One thing in front of the camera. ``data`` is what a scanner would send (GS separators included)."""

    data: str | None  # None: nothing but clutter
    symbol: Symbol = Symbol.EAN13
    degradation: Degradation = Degradation.NONE
    module_px: float = 3.0  # size of one bar/cell on the sensor
    seed: int = 0


# EAN-8: left digits in L-code, right digits in R-code (the complement); guards 101 / 01010 / 101
# (GS1 General Specifications §5.2.1.2, figure 5.2.1.2-1). pystrich draws EAN-13 only.
_EAN_L = (
    "0001101",
    "0011001",
    "0010011",
    "0111101",
    "0100011",
    "0110001",
    "0101111",
    "0111011",
    "0110111",
    "0001011",
)


def _ean8_bitmap(data: str) -> Image:
    if len(data) != 8 or not data.isdigit():
        raise ValueError(f"EAN-8 data must be 8 digits, got {data!r}")
    weights = (3, 1, 3, 1, 3, 1, 3)
    check = (10 - sum(int(d) * w for d, w in zip(data[:7], weights, strict=True)) % 10) % 10
    if int(data[7]) != check:
        raise ValueError(f"EAN-8 check digit of {data!r} is wrong (expected {check})")
    right = "".join("".join("1" if bit == "0" else "0" for bit in _EAN_L[int(d)]) for d in data[4:])
    bits = "101" + "".join(_EAN_L[int(d)] for d in data[:4]) + "01010" + right + "101"
    quiet = "0" * 7
    row = np.array([0 if bit == "1" else 255 for bit in quiet + bits + quiet], dtype=np.uint8)
    return np.tile(row, (40, 1))


@lru_cache(maxsize=256)
def _symbol_bitmap(data: str, symbol: Symbol) -> Image:
    """The symbol at one pixel per module, with its quiet zone, white 255 / black 0."""
    if symbol is Symbol.EAN8:
        return _ean8_bitmap(data)
    if symbol is Symbol.EAN13:
        if len(data) != 13 or not data.isdigit():
            raise ValueError(f"EAN-13 data must be 13 digits, got {data!r}")
        # pystrich computes the check digit itself: a wrong one in ``data`` would silently become right.
        ean = EAN13Encoder(data[:12])
        if ean.full_code != data:
            raise ValueError(f"EAN-13 check digit of {data!r} is wrong (expected {ean.full_code[-1]})")
        encoder: EAN13Encoder | QRCodeEncoder | DataMatrixEncoder = ean
    elif symbol is Symbol.QR:
        encoder = QRCodeEncoder(data)
    else:  # GS1 DataMatrix: FNC1 first (it makes the symbol GS1, AIM ]d2), then FNC1 for every GS
        parts = data.split(GS)
        payload = FNC1 + parts[0]
        for part in parts[1:]:
            payload = payload + FNC1 + part
        encoder = DataMatrixEncoder(payload)
    return np.array(encoder.get_pilimage(1).convert("L"), dtype=np.uint8)


def _clutter(height: int, width: int, rng: np.random.Generator) -> Image:
    """A shelf-like background: a lighting gradient, packaging blocks, lines and printed-looking text."""
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    base = 150 + 60 * (0.6 * y + 0.4 * x) + rng.uniform(-20, 20)
    frame = np.clip(base, 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(6, 12))):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        x1, y1 = x0 + int(rng.integers(20, width // 3)), y0 + int(rng.integers(20, height // 3))
        cv2.rectangle(frame, (x0, y0), (x1, y1), int(rng.integers(40, 230)), -1)
    for _ in range(int(rng.integers(4, 10))):
        p0 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        p1 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        cv2.line(frame, p0, p1, int(rng.integers(0, 255)), int(rng.integers(1, 4)))
    letters = "ABCDEFGHKMNOPRSTXYZ0123456789"
    for _ in range(int(rng.integers(3, 7))):
        text = "".join(rng.choice(list(letters), size=int(rng.integers(3, 10))))
        origin = (int(rng.integers(0, width - 40)), int(rng.integers(20, height)))
        cv2.putText(frame, text, origin, cv2.FONT_HERSHEY_SIMPLEX, float(rng.uniform(0.4, 1.2)), 20, 2)
    return frame


def _warp(symbol: Image, scene: Scene, rng: np.random.Generator) -> tuple[Image, Image]:
    """Scale the symbol to ``module_px`` and apply the geometric degradation; returns patch and its mask."""
    scale = scene.module_px
    patch: Image = cv2.resize(symbol, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    h, w = patch.shape
    mask: Image = np.full((h, w), 255, np.uint8)
    angle = {
        Degradation.ROTATE_15: 15.0,
        Degradation.ROTATE_45: 45.0,
        Degradation.ROTATE_90: 90.0,
    }.get(scene.degradation, float(rng.uniform(-4, 4)))
    if scene.degradation in (Degradation.PERSPECTIVE, Degradation.COMBINED):
        d = 0.18 * w
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
        dst = np.array([[d, 0.08 * h], [w - d * 0.2, 0], [w, h], [0, h * 0.95]], np.float32)
        matrix = cv2.getPerspectiveTransform(src, dst)
        patch = cv2.warpPerspective(patch, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
        mask = cv2.warpPerspective(mask, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    centre = (w / 2, h / 2)
    rotation = cv2.getRotationMatrix2D(centre, angle, 1.0)
    cos, sin = abs(rotation[0, 0]), abs(rotation[0, 1])
    new_w, new_h = int(h * sin + w * cos) + 2, int(h * cos + w * sin) + 2
    rotation[0, 2] += new_w / 2 - centre[0]
    rotation[1, 2] += new_h / 2 - centre[1]
    patch = cv2.warpAffine(patch, rotation, (new_w, new_h), flags=cv2.INTER_LINEAR, borderValue=255)
    mask = cv2.warpAffine(mask, rotation, (new_w, new_h), flags=cv2.INTER_NEAREST, borderValue=0)
    return patch, mask


def _photometric(frame: Image, degradation: Degradation, rng: np.random.Generator) -> Image:
    image: Image = frame.astype(np.float32)
    if degradation in (Degradation.LOW_CONTRAST, Degradation.COMBINED):
        image = 255 - (255 - image) * 0.6
    if degradation is Degradation.LOW_LIGHT:
        image = image * 0.35
    if degradation in (Degradation.BLUR_1, Degradation.COMBINED):
        image = cv2.GaussianBlur(image, (0, 0), 1.0)
    if degradation is Degradation.BLUR_2:
        image = cv2.GaussianBlur(image, (0, 0), 2.0)
    if degradation is Degradation.MOTION:
        kernel = np.zeros((9, 9), np.float32)
        kernel[4, :] = 1 / 9
        image = cv2.filter2D(image, -1, kernel)
    sigma = {
        Degradation.NOISE_10: 10.0,
        Degradation.NOISE_25: 25.0,
        Degradation.LOW_LIGHT: 12.0,
        Degradation.COMBINED: 8.0,
    }.get(degradation, 2.0)  # every real sensor has a little noise
    image = image + rng.normal(0, sigma, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def render(scene: Scene, width: int = 640, height: int = 480, frame_no: int = 0) -> Image:
    """A BGR frame of ``scene``; ``frame_no`` changes only the sensor noise (and a pixel or two of jitter),
    as consecutive frames of a still scene do."""
    layout = np.random.default_rng(scene.seed)
    frame = _clutter(height, width, layout)
    if scene.data is not None:
        patch, mask = _warp(_symbol_bitmap(scene.data, scene.symbol), scene, layout)
        ph, pw = patch.shape
        if ph > height or pw > width:
            raise ValueError(f"symbol of {pw}x{ph} px does not fit a {width}x{height} frame")
        jitter = np.random.default_rng((scene.seed, frame_no))
        x0 = int(layout.integers(0, width - pw + 1))
        y0 = int(layout.integers(0, height - ph + 1))
        x0 = min(max(0, x0 + int(jitter.integers(-2, 3))), width - pw)
        y0 = min(max(0, y0 + int(jitter.integers(-2, 3))), height - ph)
        region = frame[y0 : y0 + ph, x0 : x0 + pw]
        np.copyto(region, patch, where=mask > 0)
    noisy = _photometric(frame, scene.degradation, np.random.default_rng((scene.seed, frame_no, 1)))
    return cv2.cvtColor(noisy, cv2.COLOR_GRAY2BGR)


def side_by_side(
    first: Scene, second: Scene, width: int = 640, height: int = 480, frame_no: int = 0
) -> Image:
    """Two packs held up at once: each scene rendered into one half of the frame."""
    half = width // 2
    return np.hstack([render(first, half, height, frame_no), render(second, width - half, height, frame_no)])


def jpeg(frame: Image, quality: int = 85) -> bytes:
    ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return bytes(encoded.tobytes())
