"""Alembic environment for the kiosk database.

Normally run by :meth:`kiosk.persistence.database.Database.migrate`, which passes its own connection in
``config.attributes["connection"]`` (so in-memory and temporary databases migrate too). Run from the
``alembic`` command line, it builds an engine from ``sqlalchemy.url``. Logging is left to the application.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from kiosk.persistence.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things in place
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported")
run_migrations_online()
