from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiosk.persistence import Database, default_database_url
from kiosk.persistence.models import Base


def test_fresh_file_is_migrated_to_head_with_the_models_schema(db: Database, db_url: str) -> None:
    assert Path(db_url.removeprefix("sqlite:///")).exists()  # parent folder created
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == "0001"
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_connections_are_durable(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    raw = db.connect_sqlite()
    assert raw is not None
    assert raw.execute("PRAGMA synchronous").fetchone() == (2,)
    raw.close()


def test_reopening_a_migrated_file_is_a_no_op(db_url: str) -> None:
    Database.open(db_url).close()
    with Database.open(db_url) as again, again.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0001"


def test_in_memory_database_migrates_and_has_no_raw_path() -> None:
    with Database.open("sqlite://") as db:
        assert db.sqlite_path is None
        assert db.connect_sqlite() is None
        with db.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == "0001"


def test_default_url_honours_kiosk_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    assert default_database_url() == f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    monkeypatch.delenv("KIOSK_DATA_DIR")
    assert default_database_url().endswith("open-sco-kiosk/kiosk.sqlite3")
