"""Opening the kiosk database: engine, SQLite pragmas, migrations to head, dedicated raw connections.

SQLite runs in WAL mode with ``synchronous=FULL``: every committed scan survives a crash *and* a power cut
(performance.md §5: ~0.25 ms per commit, cheap enough for one commit per scanned line). The hot paths (scan
journal, barcode lookup, bulk import) use dedicated ``sqlite3`` connections from :meth:`Database.connect_sqlite`;
everything else, and every non-SQLite backend, goes through the SQLAlchemy engine.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from kiosk.datafolder import data_folder, open_private, private_dir

DB_FILE_NAME: Final = "kiosk.sqlite3"
BUSY_TIMEOUT_MS: Final = 5000
MIGRATIONS_DIR: Final = Path(__file__).with_name("migrations")
URL_EXAMPLES: Final = (
    "a file path, or a URL such as sqlite:////var/lib/kiosk/kiosk.sqlite3 or postgresql://user@host/kiosk"
)


class DatabaseUrlError(ValueError):
    """Text that is neither a database URL the kiosk can use nor a file path."""


def database_url(text: str) -> URL:
    """The URL of ``text``: a URL as given, or a plain file path as its SQLite URL.

    A technician types ``--database /srv/kiosk/catalog.sqlite3`` as readily as a URL; anything else that is
    not a usable URL is a :class:`DatabaseUrlError` saying what one looks like (never SQLAlchemy's own).
    """
    if not text.strip():
        raise DatabaseUrlError(f"empty database location: give {URL_EXAMPLES}")
    if "://" not in text:
        return make_url(f"sqlite:///{Path(text).expanduser().absolute()}")
    try:
        url = make_url(text)
        url.get_dialect()  # an unknown backend or driver fails here, not at the first query
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        shown = text.split("@")[-1] if "@" in text else text  # never echo a password
        raise DatabaseUrlError(f"not a database URL: {shown[:80]!r}; give {URL_EXAMPLES}") from exc
    return url


def _private_file(path: Path) -> None:
    """Create the SQLite file ``path`` (and its missing folders) private to this user whatever the umask: 0700
    folders, a 0600 file. SQLite gives the ``-wal`` and ``-shm`` files it creates beside it the same mode."""
    private_dir(path.parent)
    with suppress(FileExistsError):  # an existing database keeps the mode its owner gave it
        os.close(open_private(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL))


def default_database_url(folder: Path | None = None) -> str:
    """SQLite file in ``folder``, by default the lane's data folder (:func:`kiosk.datafolder.data_folder`)."""
    return f"sqlite:///{(folder or data_folder()) / DB_FILE_NAME}"


def processes_using(path: Path) -> list[str]:
    """Other processes with the SQLite file ``path`` (or its WAL) open, as ``pid N (command line)``.

    SQLite cannot say who holds its write lock; the processes that have the file open are the candidates, and
    naming them tells an operator what to wait for or stop. Linux ``/proc`` only; elsewhere, or for
    processes of other users, nothing is found.
    """
    wanted = {str(path.resolve()), f"{path.resolve()}-wal"}
    found: list[str] = []
    for proc in Path("/proc").glob("[0-9]*"):
        if int(proc.name) == os.getpid():
            continue
        try:
            if not any(os.readlink(fd) in wanted for fd in (proc / "fd").iterdir()):
                continue
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        found.append(f"pid {proc.name} ({command[:120]})")
    return found


def _apply_pragmas(conn: sqlite3.Connection, *, readonly: bool) -> None:
    """Per-connection settings. ``synchronous``, ``foreign_keys`` and the busy timeout are not stored in the
    file, so every connection must set them; WAL is persistent but setting it is idempotent."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if readonly:
        conn.execute("PRAGMA query_only = ON")
    else:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")


def _is_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"


class Database:
    """One kiosk database. Create with :meth:`open`; it is migrated to the newest schema before use."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Database:
        """Create the engine (and a SQLite file, private to this user, with its folders) and upgrade the schema
        to head. ``url`` may be a plain file path (see :func:`database_url`)."""
        parsed = database_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(parsed)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
        db = cls(engine)
        if migrate:
            db.migrate()
        return db

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self, revision: str = "head") -> None:
        """Run Alembic to ``revision`` on one of our own connections (works for in-memory databases too)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)

    def session(self) -> Session:
        return self._sessions()

    @property
    def sqlite_path(self) -> Path | None:
        """The file of a file-backed SQLite database, else ``None`` (in-memory or another backend)."""
        url = self.engine.url
        if url.get_backend_name() != "sqlite" or _is_memory(url):
            return None
        return Path(str(url.database))

    def connect_sqlite(self, *, readonly: bool = False) -> sqlite3.Connection | None:
        """A dedicated raw connection for a hot path, or ``None`` where the caller must use Core instead.

        The connection is in autocommit mode (``isolation_level=None``): a single statement is its own
        transaction, and no read transaction stays open between lookups, so a reader always sees the newest
        committed WAL snapshot (a long-lived read transaction would pin an old catalog and block checkpoints).
        It may be shared between threads; callers serialise access with their own lock.
        """
        path = self.sqlite_path
        if path is None:
            return None
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        _apply_pragmas(conn, readonly=readonly)
        return conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _sqlite_engine(url: URL) -> Engine:
    memory = _is_memory(url)
    if not memory:
        _private_file(Path(str(url.database)))
    # One shared connection for an in-memory database, or each thread would see its own empty database.
    engine = (
        create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        if memory
        else create_engine(url)
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: the module's legacy mode
        # runs DDL outside any transaction, which would make a migration that fails halfway non-atomic.
        dbapi_conn.isolation_level = None
        _apply_pragmas(dbapi_conn, readonly=False)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine
