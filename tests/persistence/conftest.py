from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.persistence import Database


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'kiosk.sqlite3'}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database.open(db_url)
    yield database
    database.close()
