"""Design tokens: the few colours and sizes the theme is built from.

Calm, high-contrast colours (text ≥ 7:1 on the background); one green for "go on / pay", one blue for
secondary actions, red only for removing. Touch targets are 64–80 px high with ≥ 8 px gaps (guide §10).
Sizes are in pixels because kiosk screens have fixed, known geometry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Tokens:
    font_family: str = "'Inter', 'Roboto', 'Noto Sans', 'DejaVu Sans', sans-serif"
    bg: str = "#eef2f5"
    surface: str = "#ffffff"
    surface_alt: str = "#f6f8fa"
    line: str = "#d5dde5"
    text: str = "#17212b"
    text_muted: str = "#56616d"
    primary: str = "#1a7f4b"
    primary_pressed: str = "#12603a"
    primary_text: str = "#ffffff"
    secondary: str = "#1f5fa8"
    secondary_pressed: str = "#174a84"
    danger: str = "#b42318"
    warning_bg: str = "#fff4d6"
    warning_line: str = "#e0a526"
    header_bg: str = "#17324d"
    header_text: str = "#ffffff"
    selection: str = "#d9ecff"
    scrim: str = "rgba(15, 25, 35, 150)"
    radius: int = 14
    gap: int = 16
    pad: int = 32
    font_body: int = 24
    font_small: int = 18
    font_row: int = 24
    font_title: int = 64
    font_subtitle: int = 32
    font_total: int = 56
    button_height: int = 80
    button_font: int = 28
    button_pad: int = 28
    header_height: int = 72
    row_height: int = 64
    keypad_key: int = 88
    side_width: int = 600  # the total and action column next to the basket
    quantity_width: int = 110
    amount_width: int = 210


REGULAR = Tokens()

COMPACT = replace(
    REGULAR,
    gap=10,
    pad=18,
    font_body=20,
    font_small=15,
    font_row=20,
    font_title=44,
    font_subtitle=24,
    font_total=40,
    button_height=64,
    button_font=21,
    button_pad=10,
    header_height=56,
    row_height=56,
    keypad_key=68,
    side_width=340,
    quantity_width=80,
    amount_width=130,
)
