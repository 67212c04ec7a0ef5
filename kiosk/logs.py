"""Structured logging: the context a record carries (``sale_id``, ``device``, ``lane`` …) is printed with it.

Call sites pass context as ``extra={...}``; the standard formatter would drop it. ``KeyValueFormatter`` appends
it as ``key=value`` for people; ``JsonFormatter`` writes one JSON object per line for log shippers. Neither ever
sees card data: the code never puts any in a record (payments.md §12).

Besides the console (at the verbosity asked for), every command logs INFO and up to a rotating file in the data
folder, ``logs/kiosk.log`` (``0600`` in a ``0700`` folder): an internal error's traceback goes there, and the
console gets one line naming it.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any, Final

from kiosk.datafolder import data_folder, open_private, private_dir

LOG_FILE_NAME: Final = "kiosk.log"
LOG_FILE_BYTES: Final = 2_000_000
LOG_FILE_BACKUPS: Final = 5

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


def context_of(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and v is not None}


class KeyValueFormatter(logging.Formatter):
    def __init__(self, lane_id: str) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self._lane_id = lane_id

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        context = {"lane": self._lane_id, **context_of(record)}
        return text + " " + " ".join(f"{k}={v}" for k, v in context.items())


class JsonFormatter(logging.Formatter):
    def __init__(self, lane_id: str) -> None:
        super().__init__()
        self._lane_id = lane_id

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "lane": self._lane_id,
            **context_of(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose files (the current one and each new one after a rollover) are ``0600``."""

    def _open(self) -> io.TextIOWrapper:
        return open(open_private(Path(self.baseFilename)), "a", encoding=self.encoding, errors=self.errors)


def _file_handler(reuse: PrivateRotatingFileHandler | None) -> PrivateRotatingFileHandler | None:
    """The log file in the data folder (``reuse`` if it already is that file), or None with a note on stderr
    when it cannot be written: a read-only data folder must not stop a technician's ``diag``."""
    folder = data_folder() / "logs"
    if reuse is not None and Path(reuse.baseFilename) == (folder / LOG_FILE_NAME).absolute():
        return reuse
    if reuse is not None:
        reuse.close()
    try:
        private_dir(folder)
        return PrivateRotatingFileHandler(
            folder / LOG_FILE_NAME, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILE_BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        print(f"kiosk: not logging to a file: {folder}: {exc.strerror or exc}", file=sys.stderr)
        return None


def _installed_file_handler() -> PrivateRotatingFileHandler | None:
    return next((h for h in logging.getLogger().handlers if isinstance(h, PrivateRotatingFileHandler)), None)


def configure(level: int, lane_id: str, as_json: bool) -> None:
    """Console at ``level``, the log file at INFO. Replaces the handlers an earlier call installed (and only
    those: a test harness's capturing handler stays)."""
    formatter = JsonFormatter(lane_id) if as_json else KeyValueFormatter(lane_id)
    root = logging.getLogger()
    previous = [h for h in root.handlers if getattr(h, "_kiosk", False)]
    old_file = next((h for h in previous if isinstance(h, PrivateRotatingFileHandler)), None)
    for stale in previous:
        root.removeHandler(stale)
        if stale is not old_file:
            stale.close()
    console: logging.Handler = logging.StreamHandler()
    console.setLevel(level)
    file_handler = _file_handler(old_file)
    if file_handler is not None:
        file_handler.setLevel(logging.INFO)
    for handler in (console, file_handler):
        if handler is not None:
            handler.setFormatter(formatter)
            handler._kiosk = True  # type: ignore[attr-defined]
            root.addHandler(handler)
    root.setLevel(min(level, logging.INFO))
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))  # migration chatter is not lane news


def record_crash(message: str) -> Path | None:
    """Write the exception being handled, with its traceback, to the log file only; return that file."""
    handler = _installed_file_handler()
    if handler is None:
        return None
    record = logging.LogRecord("kiosk", logging.CRITICAL, __file__, 0, message, None, sys.exc_info())
    handler.handle(record)
    handler.flush()
    path = Path(handler.baseFilename)
    return path if path.is_file() else None
