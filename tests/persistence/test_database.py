from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiosk.persistence import Database, DatabaseUrlError, database_url, default_database_url
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


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o277])
def test_a_new_database_is_private_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "new" / "data" / "kiosk.sqlite3"
    old = os.umask(umask)
    try:
        with Database.open(f"sqlite:///{path}") as db, db.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x)")
    finally:
        os.umask(old)
    for folder in (tmp_path / "new", path.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for file in path.parent.iterdir():  # the database and whatever SQLite made beside it (-wal, -shm)
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name


def test_a_plain_path_is_a_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite3"
    with Database.open(str(path)) as db:
        assert db.sqlite_path == path
    assert database_url("relative.sqlite3").database == str(Path("relative.sqlite3").absolute())


@pytest.mark.parametrize("text", ["postgres ql://x", "nosuchdb://host/x", "sqlite+nodriver:///x", " ", "://"])
def test_a_bad_url_says_what_a_url_looks_like(text: str) -> None:
    with pytest.raises(DatabaseUrlError, match=re.escape("sqlite:////var/lib/kiosk/kiosk.sqlite3")):
        Database.open(text)


def test_a_bad_url_never_echoes_its_password() -> None:
    with pytest.raises(DatabaseUrlError) as caught:
        Database.open("nosuchdb://admin:s3cret@host/x")
    assert "s3cret" not in str(caught.value)
