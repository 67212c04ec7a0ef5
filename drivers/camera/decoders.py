"""Barcode decoding of one camera frame, behind one interface over two libraries.

zxing-cpp (self-contained wheel; the only one that reads DataMatrix; gives the AIM identifier) and pyzbar
(the system's libzbar; stronger on 1-D codes at an angle, under heavy noise and blur — devices.md §3.4). Both
are restricted to the symbologies configured, which is both faster and fewer phantom reads. ``try_downscale``
is off for zxing-cpp: it removed most of its EAN-13 substitutions with valid check digits (devices.md §3.4).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from numpy.typing import NDArray

from drivers.camera.symbologies import Backend, CameraSymbology
from drivers.contracts import Symbology

Gray = NDArray[Any]  # 8-bit grey, one frame


@dataclass(frozen=True, slots=True)
class Read:
    """One code found in one frame. ``text`` is what a scanner would send: GS1 separators as ``\\x1d``."""

    text: str
    symbology: Symbology
    aim_id: str
    centre: tuple[int, int]
    backend: Backend


# AIM identifier → (UnifiedPOS symbology, the configured family it belongs to).
_AIM: dict[str, tuple[Symbology, CameraSymbology]] = {
    "]E0": (Symbology.EAN13, CameraSymbology.EAN13),
    "]E4": (Symbology.EAN8, CameraSymbology.EAN8),
    "]C0": (Symbology.CODE128, CameraSymbology.CODE128),
    "]C1": (Symbology.GS1_128, CameraSymbology.CODE128),
    "]Q1": (Symbology.QRCODE, CameraSymbology.QR),
    "]Q3": (Symbology.GS1_QRCODE, CameraSymbology.QR),
    "]d1": (Symbology.DATAMATRIX, CameraSymbology.DATAMATRIX),
    "]d2": (Symbology.GS1_DATAMATRIX, CameraSymbology.DATAMATRIX),
}


def family(read: Read) -> CameraSymbology:
    return _AIM[read.aim_id][1]


class Decoder(Protocol):
    backend: Backend

    def decode(self, gray: Gray) -> list[Read]:
        """Every code of the decoder's symbologies found in ``gray`` (one frame, 8-bit grey)."""
        ...


class ZxingDecoder:
    backend = Backend.ZXING

    def __init__(self, symbologies: Collection[CameraSymbology], *, try_invert: bool = False) -> None:
        import zxingcpp

        names = {
            CameraSymbology.EAN13: zxingcpp.BarcodeFormat.EAN13,
            CameraSymbology.EAN8: zxingcpp.BarcodeFormat.EAN8,
            CameraSymbology.UPCE: zxingcpp.BarcodeFormat.UPCE,
            CameraSymbology.CODE128: zxingcpp.BarcodeFormat.Code128,
            CameraSymbology.QR: zxingcpp.BarcodeFormat.QRCode,
            CameraSymbology.DATAMATRIX: zxingcpp.BarcodeFormat.DataMatrix,
        }
        self._zx = zxingcpp
        formats = [names[s] for s in symbologies]
        if CameraSymbology.EAN13 in symbologies:
            formats.append(zxingcpp.BarcodeFormat.UPCA)  # a UPC-A is a 13-digit EAN-13 with a leading 0
        self._formats = zxingcpp.BarcodeFormats(formats)
        self._try_invert = try_invert

    def decode(self, gray: Gray) -> list[Read]:
        results = self._zx.read_barcodes(
            gray,
            formats=self._formats,
            try_downscale=False,
            try_invert=self._try_invert,
            text_mode=self._zx.TextMode.Plain,
        )
        reads = []
        for r in results:
            aim = r.symbology_identifier
            if not r.valid or aim not in _AIM:
                continue
            corners = (r.position.top_left, r.position.bottom_right)
            centre = (sum(p.x for p in corners) // 2, sum(p.y for p in corners) // 2)
            reads.append(Read(r.text, _AIM[aim][0], aim, centre, Backend.ZXING))
        return reads


class PyzbarDecoder:
    """libzbar through pyzbar's ctypes wrapper. zbar reports no AIM identifier; it is derived from the
    symbology (zbar reads no DataMatrix, and reports a UPC-A as a 13-digit EAN-13, as the lane wants it).

    Why not ``pyzbar.decode``: it scans every pixel row and column (zbar's density 1) and offers no way to
    change that. Every third row and column (``density=3``) read as many codes of our corpus at a third of
    the cost — bars are tall, and a QR finder pattern spans many rows.
    """

    backend = Backend.PYZBAR
    _NAMES: ClassVar[dict[CameraSymbology, tuple[str, str]]] = {
        CameraSymbology.EAN13: ("EAN13", "]E0"),
        CameraSymbology.EAN8: ("EAN8", "]E4"),
        CameraSymbology.UPCE: ("UPCE", "]E0"),
        CameraSymbology.CODE128: ("CODE128", "]C0"),
        CameraSymbology.QR: ("QRCODE", "]Q1"),
    }

    def __init__(self, symbologies: Iterable[CameraSymbology], *, density: int = 3) -> None:
        from pyzbar import pyzbar, wrapper  # type: ignore[import-untyped]  # no stubs upstream

        self._pyzbar, self._zbar = pyzbar, wrapper
        wanted = [s for s in symbologies if s in self._NAMES]
        if not wanted:
            raise ValueError("pyzbar reads none of the configured symbologies")
        self._symbols = [getattr(wrapper.ZBarSymbol, self._NAMES[s][0]) for s in wanted]
        self._aim = {self._NAMES[s][0]: self._NAMES[s][1] for s in wanted}
        self._density = density

    def _scan(self, gray: Gray) -> list[Any]:
        from ctypes import c_void_p, cast

        zbar, none, config = self._zbar, self._zbar.ZBarSymbol.NONE, self._zbar.ZBarConfig
        pixels, width, height = self._pyzbar._pixel_data(gray)
        with self._pyzbar._image_scanner() as scanner:
            zbar.zbar_image_scanner_set_config(scanner, none, config.CFG_ENABLE, 0)
            for symbol in self._symbols:
                zbar.zbar_image_scanner_set_config(scanner, symbol, config.CFG_ENABLE, 1)
            zbar.zbar_image_scanner_set_config(scanner, none, config.CFG_X_DENSITY, self._density)
            zbar.zbar_image_scanner_set_config(scanner, none, config.CFG_Y_DENSITY, self._density)
            with self._pyzbar._image() as image:
                zbar.zbar_image_set_format(image, self._pyzbar._FOURCC["L800"])
                zbar.zbar_image_set_size(image, width, height)
                zbar.zbar_image_set_data(image, cast(pixels, c_void_p), len(pixels), None)
                zbar.zbar_scan_image(scanner, image)
                return list(self._pyzbar._decode_symbols(self._pyzbar._symbols_for_image(image)))

    def decode(self, gray: Gray) -> list[Read]:
        reads = []
        for r in self._scan(gray):
            aim = self._aim.get(r.type)
            if aim is None:
                continue
            rect = r.rect
            text = r.data.decode("utf-8", errors="replace")
            centre = (rect.left + rect.width // 2, rect.top + rect.height // 2)
            reads.append(Read(text, _AIM[aim][0], aim, centre, Backend.PYZBAR))
        return reads


PYZBAR_READS = frozenset(PyzbarDecoder._NAMES)


def make_decoder(backend: Backend, symbologies: Collection[CameraSymbology], *, try_invert: bool) -> Decoder:
    if backend is Backend.ZXING:
        return ZxingDecoder(symbologies, try_invert=try_invert)
    return PyzbarDecoder(symbologies)


class CascadeDecoder:
    """Per symbology, an ordered list of back-ends: the first one looks for all its symbologies; a later one
    looks only for the symbologies still missing from this frame. So an empty frame costs each back-end once,
    and a frame read by the first costs only the first."""

    def __init__(
        self, order: Mapping[CameraSymbology, Sequence[Backend]], *, try_invert: bool = False
    ) -> None:
        backends: list[Backend] = []
        for chain in order.values():
            backends.extend(b for b in chain if b not in backends)
        self._stages: list[tuple[Decoder, frozenset[CameraSymbology]]] = []
        for backend in backends:
            wanted = frozenset(s for s, chain in order.items() if backend in chain)
            if backend is Backend.PYZBAR:
                wanted &= PYZBAR_READS
            if wanted:
                self._stages.append((make_decoder(backend, wanted, try_invert=try_invert), wanted))
        self._order = order

    @property
    def backends(self) -> list[Backend]:
        return [decoder.backend for decoder, _ in self._stages]

    def decode(self, gray: Gray) -> list[Read]:
        reads: list[Read] = []
        found: set[CameraSymbology] = set()
        for decoder, wanted in self._stages:
            if wanted <= found:
                continue
            reads.extend(r for r in decoder.decode(gray) if family(r) not in found)
            found.update(family(r) for r in reads)
        return reads
