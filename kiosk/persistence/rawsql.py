"""Core statements compiled once for a raw ``sqlite3`` connection.

The hot paths (a journal commit per scan, a lookup per scan, a million-row import) skip SQLAlchemy's
per-execution overhead, but the SQL itself is still written once, as a Core statement: the same object runs
through the engine on PostgreSQL, and its SQLite text, parameter order and type conversions (booleans, UTC
timestamps) come from SQLAlchemy's own compiler, so the two paths cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, Executable

_Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class RawStatement:
    """``statement`` for the engine; ``sql`` and ``keys`` (positional parameter names) for ``sqlite3``."""

    statement: Executable
    sql: str
    keys: tuple[str, ...]
    processors: tuple[_Processor | None, ...]
    constants: Mapping[str, Any]  # values of binds the statement fixes itself (``status == 'open'``)

    @classmethod
    def compile(
        cls, statement: Executable, dialect: Dialect, column_keys: Sequence[str] | None = None
    ) -> RawStatement:
        """Compile for a qmark-style SQLite dialect; ``column_keys`` names the VALUES of an INSERT."""
        clause = cast(ClauseElement, statement)
        compiled = cast(SQLCompiler, clause.compile(dialect=dialect, column_keys=list(column_keys or ())))
        keys = tuple(compiled.positiontup or ())
        processors = tuple(compiled.binds[k].type.dialect_impl(dialect).bind_processor(dialect) for k in keys)
        constants = {k: compiled.binds[k].value for k in keys if compiled.binds[k].value is not None}
        return cls(statement, compiled.string, keys, processors, constants)

    def params(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """Positional parameters for ``sqlite3``, converted as SQLAlchemy would convert them."""
        merged = {**self.constants, **values} if self.constants else values
        return tuple(
            merged[key] if proc is None else proc(merged[key])
            for key, proc in zip(self.keys, self.processors, strict=True)
        )
