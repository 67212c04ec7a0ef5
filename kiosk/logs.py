"""Structured logging: the context a record carries (``sale_id``, ``device``, ``lane`` …) is printed with it.

Call sites pass context as ``extra={...}``; the standard formatter would drop it. ``KeyValueFormatter`` appends
it as ``key=value`` for people; ``JsonFormatter`` writes one JSON object per line for log shippers. Neither ever
sees card data: the code never puts any in a record (payments.md §12).
"""

from __future__ import annotations

import json
import logging
from typing import Any

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


def configure(level: int, lane_id: str, as_json: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(lane_id) if as_json else KeyValueFormatter(lane_id))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))  # migration chatter is not lane news
