"""The roll of paper: what the print head puts on it, as text lines and as a 1-bit image (Pillow).

An 80 mm thermal printer at 203 dpi prints 576 dots a line; Font A cells are 12 × 24 dots (48 columns),
Font B 9 × 17 (64 columns) — the Epson TM-T88 geometry most receipt printers copy. Text is drawn with a
monospaced TrueType font (DejaVu Sans Mono, Debian ``fonts-dejavu-core``, which covers Cyrillic) fitted into
those cells, so a receipt looks as it would on paper and its QR code can be read back from the PNG.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import barcode
import qrcode
from PIL import Image, ImageDraw, ImageFont, ImageOps

HEAD_DOTS: Final = 576
MARGIN_DOTS: Final = 32  # 4 mm of blank paper each side of the printable width, as on 80 mm rolls
DEFAULT_LINE_SPACING: Final = 30  # dots; ESC 2
CELLS: Final = {"A": (12, 24), "B": (9, 17)}
FONT_FILES: Final = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono{}.ttf",
    "/usr/share/fonts/TTF/DejaVuSansMono{}.ttf",
)

Align = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True)
class Style:
    """The character and line settings in force (ESC !, ESC E, ESC -, GS !, GS B, ESC a, ESC M, ESC 3)."""

    font: Literal["A", "B"] = "A"
    bold: bool = False
    underline: int = 0
    width: int = 1
    height: int = 1
    invert: bool = False
    align: Align = "left"
    line_spacing: int = DEFAULT_LINE_SPACING


@dataclass(frozen=True, slots=True)
class PrintedCode:
    """A barcode or 2-D code the printer generated itself (``GS k``, ``GS ( k``), with its data."""

    kind: str  # "QR", "EAN13", "CODE128" …
    data: str


@dataclass(frozen=True, slots=True)
class Receipt:
    """One piece of paper, from the previous cut (or power-on) to this cut."""

    lines: tuple[str, ...]
    codes: tuple[PrintedCode, ...]
    image: Image.Image
    cut: str  # "full", "partial" or "" (not cut yet: taken with ``Paper.tear_off``)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG", optimize=True)
        return out.getvalue()

    def save_png(self, path: Path) -> None:
        path.write_bytes(self.png())


@functools.cache
def _truetype(bold: bool, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for pattern in FONT_FILES:
        candidate = Path(pattern.format("-Bold" if bold else ""))
        if candidate.is_file():
            return ImageFont.truetype(str(candidate), size)
    return ImageFont.load_default(size)


@functools.cache
def _glyph(char: str, font: str, bold: bool) -> Image.Image:
    """One character in its cell, black on white ("L" mode), before scaling."""
    cell_w, cell_h = CELLS[font]
    size = round(cell_h * 0.84)
    face = _truetype(bold, size)
    cell = Image.new("L", (cell_w, cell_h), 255)
    draw = ImageDraw.Draw(cell)
    left, _, right, _ = draw.textbbox((0, 0), char, font=face)
    x = (cell_w - (right - left)) / 2 - left
    draw.text((x, cell_h - size * 1.08), char, font=face, fill=0)
    return cell.point(lambda v: 0 if v < 128 else 255)


@dataclass(slots=True)
class _Line:
    glyphs: list[tuple[Image.Image, Align]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    width: int = 0


class Paper:
    """Accumulates printed lines into strips of a receipt; ``cut`` closes the receipt and starts the next."""

    def __init__(self) -> None:
        self._line = _Line()
        self._strips: list[Image.Image] = []
        self._lines: list[str] = []
        self._codes: list[PrintedCode] = []

    @property
    def pending(self) -> bool:
        """Text is waiting in the line buffer for LF."""
        return bool(self._line.glyphs)

    @property
    def blank(self) -> bool:
        """Nothing printed since the last cut (no text pending, no strip)."""
        return not self._strips and not self._line.glyphs

    # -- text ----------------------------------------------------------------------------------------
    def text(self, chars: str, style: Style) -> None:
        for char in chars:
            glyph = self._styled(char, style)
            if self._line.width + glyph.width > HEAD_DOTS:  # the head wraps a full line by itself
                self.newline(style)
            self._line.glyphs.append((glyph, style.align))
            self._line.text.append(char)
            self._line.width += glyph.width

    def tab(self, style: Style) -> None:
        """HT: to the next multiple of 8 columns (the default tab stops)."""
        cell_w = CELLS[style.font][0] * style.width
        column = self._line.width // cell_w
        self.text(" " * (8 - column % 8), style)

    def newline(self, style: Style) -> int:
        """LF: print the line buffer and feed one line; returns the dots fed."""
        line, self._line = self._line, _Line()
        tallest = max((g.height for g, _ in line.glyphs), default=0)
        height = max(style.line_spacing, tallest)
        strip = Image.new("L", (HEAD_DOTS, height), 255)
        align = line.glyphs[0][1] if line.glyphs else "left"
        x = {"left": 0, "center": (HEAD_DOTS - line.width) // 2, "right": HEAD_DOTS - line.width}[align]
        for glyph, _ in line.glyphs:
            strip.paste(glyph, (x, tallest - glyph.height))
            x += glyph.width
        self._strips.append(strip)
        self._lines.append("".join(line.text))
        return height

    def feed(self, dots: int) -> None:
        """ESC J: feed paper without a line of text (pending text is printed first)."""
        if self._line.glyphs:
            self.newline(Style())
        if dots > 0:
            self._strips.append(Image.new("L", (HEAD_DOTS, dots), 255))

    def _styled(self, char: str, style: Style) -> Image.Image:
        glyph = _glyph(char, style.font, style.bold)
        if style.underline:
            glyph = glyph.copy()
            ImageDraw.Draw(glyph).rectangle(
                (0, glyph.height - style.underline, glyph.width, glyph.height - 1), fill=0
            )
        if style.invert:
            glyph = ImageOps.invert(glyph)
        if (style.width, style.height) != (1, 1):
            glyph = glyph.resize(
                (glyph.width * style.width, glyph.height * style.height), Image.Resampling.NEAREST
            )
        return glyph

    # -- graphics ------------------------------------------------------------------------------------
    def block(self, image: Image.Image, style: Style) -> int:
        """A raster image, barcode or QR code, placed by the justification in force; returns its height."""
        if self._line.glyphs:
            self.newline(style)
        image = image.crop((0, 0, min(image.width, HEAD_DOTS), image.height))
        strip = Image.new("L", (HEAD_DOTS, image.height), 255)
        x = {"left": 0, "center": (HEAD_DOTS - image.width) // 2, "right": HEAD_DOTS - image.width}[
            style.align
        ]
        strip.paste(image.convert("L"), (x, 0))
        self._strips.append(strip)
        return image.height

    def qr(self, data: str, module: int, ec: str, style: Style) -> int:
        levels = {"L": qrcode.ERROR_CORRECT_L, "M": qrcode.ERROR_CORRECT_M}
        levels |= {"Q": qrcode.ERROR_CORRECT_Q, "H": qrcode.ERROR_CORRECT_H}
        code = qrcode.QRCode(border=0, box_size=1, error_correction=levels[ec])
        code.add_data(data)
        code.make(fit=True)
        matrix = code.get_matrix()
        image = Image.new("L", (len(matrix[0]), len(matrix)), 255)
        image.putdata([0 if dark else 255 for row in matrix for dark in row])
        self._codes.append(PrintedCode("QR", data))
        self._lines.append(f"[QR {data}]")
        return self.block(
            image.resize((image.width * module, image.height * module), Image.Resampling.NEAREST), style
        )

    def barcode(self, kind: str, data: str, *, module: int, height: int, hri: int, style: Style) -> int:
        """A 1-D symbol from its module pattern (python-barcode); HRI text below (``GS H`` 2 or 3) or above."""
        names = {"UPCA": "upca", "EAN13": "ean13", "EAN8": "ean8", "CODE39": "code39", "ITF": "itf"}
        names |= {"CODABAR": "codabar", "CODE128": "code128"}
        symbol = barcode.get(names[kind], data, **({"add_checksum": False} if kind == "CODE39" else {}))
        modules = symbol.build()[0]
        bars = Image.new("L", (len(modules) * module, height), 255)
        draw = ImageDraw.Draw(bars)
        for i, bit in enumerate(modules):
            if bit == "1":
                draw.rectangle((i * module, 0, (i + 1) * module - 1, height - 1), fill=0)
        self._codes.append(PrintedCode(kind, data))
        self._lines.append(f"[{kind} {data}]")
        hri_style = Style(align=style.align)
        if hri in (1, 3):
            self.text(data, hri_style)
            self.newline(hri_style)
        fed = self.block(bars, style)
        if hri in (2, 3):
            self.text(data, hri_style)
            fed += self.newline(hri_style)
        return fed

    # -- the knife -----------------------------------------------------------------------------------
    def cut(self, partial: bool) -> Receipt:
        return self.tear_off("partial" if partial else "full")

    def tear_off(self, cut: str = "") -> Receipt:
        """Close the receipt printed so far (pending text first) and start a new one."""
        if self._line.glyphs:
            self.newline(Style())
        height = sum(s.height for s in self._strips)
        printed = Image.new("L", (HEAD_DOTS, max(height, 1)), 255)
        y = 0
        for strip in self._strips:
            printed.paste(strip, (0, y))
            y += strip.height
        image = Image.new("L", (HEAD_DOTS + 2 * MARGIN_DOTS, printed.height + 2 * MARGIN_DOTS), 255)
        image.paste(printed, (MARGIN_DOTS, MARGIN_DOTS))
        receipt = Receipt(tuple(self._lines), tuple(self._codes), image.convert("1"), cut)
        self._strips, self._lines, self._codes = [], [], []
        return receipt
