from __future__ import annotations

from datetime import UTC, datetime

from simulators.traffic import Direction, TrafficLog, TrafficRecord


def test_line_format_is_hex_and_ascii() -> None:
    record = TrafficRecord(
        Direction.TO_HOST, b"]E0123\r", datetime(2025, 1, 31, 9, 15, 2, 117_400, tzinfo=UTC)
    )
    assert record.format() == "2025-01-31T09:15:02.117Z D>H   7  5d 45 30 31 32 33 0d  ]E0123."


def test_log_keeps_the_last_frames() -> None:
    log = TrafficLog(capacity=2)
    for data in (b"a", b"b", b"c"):
        log.record(Direction.TO_DEVICE, data)
    assert [r.data for r in log.records()] == [b"b", b"c"]
    assert all(" H>D " in line for line in log.lines())
