"""The kiosk's one theme: ``theme.qss`` with ``@{token}`` placeholders filled from :mod:`ui.theme.tokens`.

Widgets never get their own style sheets; they carry dynamic properties (``role``, ``variant``) that the
theme's selectors match. A denser token set serves small (1024×768) screens with the same theme file.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from functools import cache
from pathlib import Path

from ui.theme.tokens import COMPACT, REGULAR, Tokens

__all__ = ["COMPACT", "REGULAR", "Tokens", "stylesheet", "tokens_for"]

_TOKEN = re.compile(r"@\{([a-z_]+)\}")


@cache
def _template() -> str:
    return (Path(__file__).with_name("theme.qss")).read_text(encoding="utf-8")


def stylesheet(tokens: Tokens) -> str:
    """The theme with every placeholder replaced by that token (an unknown name is a KeyError, not a silent gap)."""
    values = {key: str(value) for key, value in asdict(tokens).items()}
    return _TOKEN.sub(lambda match: values[match.group(1)], _template())


def tokens_for(width: int, height: int) -> Tokens:
    """Regular tokens for full-HD kiosks, compact ones for 1024×768-class screens."""
    return COMPACT if width < 1400 or height < 900 else REGULAR
