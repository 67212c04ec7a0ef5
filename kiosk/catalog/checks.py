"""The checks that span rows, run in SQL over the staging files ATTACHed to one connection.

Each worker checked its own rows (:mod:`kiosk.catalog.staging`); what needs the whole file or the catalog is
done here: keys repeated across files, and codes or PLUs owned by other products of the catalog. SQL finds
the few rows that matter; only those are walked in Python.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kiosk.catalog.csvrows import RowError
from kiosk.catalog.staging import KEY_SOURCES, repeats_sql

_MMAP_BYTES: Final = 1 << 30


class Staging:
    """SQL over the staging files attached to ``conn`` as ``s0``, ``s1`` …, and the catalog in ``main``."""

    def __init__(self, conn: sqlite3.Connection, files: Sequence[Path]) -> None:
        self.conn = conn
        self.schemas = [f"s{i}" for i in range(len(files))]
        for schema, file in zip(self.schemas, files, strict=True):
            conn.execute("ATTACH DATABASE ? AS " + schema, (str(file),))
            conn.execute(f"PRAGMA {schema}.journal_mode = OFF")  # scratch: nothing to roll back to
            conn.execute(f"PRAGMA {schema}.synchronous = OFF")
            # The write reads rows in key order, not file order: mapped pages make each jump a memory read.
            conn.execute(f"PRAGMA {schema}.mmap_size = {_MMAP_BYTES}")

    def union(self, select_from: str, order_by: str = "") -> str:
        """``select_from`` (with ``{s}`` for the schema) over every staging file, as one compound SELECT."""
        compound = " UNION ALL ".join(select_from.format(s=s) for s in self.schemas)
        return compound + (f" ORDER BY {order_by}" if order_by else "")

    def count(self, select_from: str) -> int:
        return sum(self.conn.execute(select_from.format(s=s)).fetchone()[0] for s in self.schemas)

    def catalog_is_empty(self) -> bool:
        return bool(self.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM main.product)").fetchone()[0])

    def row_errors(self) -> list[RowError]:
        sql = self.union("SELECT line, col, value, reason FROM {s}.error", "line")
        return [RowError(*row) for row in self.conn.execute(sql)]

    def remove(self, lines: set[int]) -> None:
        """Take rows out of the import (refused after reading): the write only sees what is left."""
        if not lines:
            return
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS refused (line INTEGER PRIMARY KEY)")
        self.conn.executemany("INSERT OR IGNORE INTO temp.refused VALUES (?)", ((n,) for n in lines))
        for s in self.schemas:
            self.conn.execute(f"DELETE FROM {s}.product WHERE line IN temp.refused")
            self.conn.execute(f"DELETE FROM {s}.barcode WHERE line IN temp.refused")

    def repeated(self) -> dict[str, list[str]]:
        """Keys found more than once, by kind (:data:`KEY_SOURCES`): each worker listed its file's own; the
        pairs of files are compared here, each pair of sources through the smaller one's keys."""
        found: dict[str, list[str]] = {kind: [] for kind in KEY_SOURCES}
        selects = [f"SELECT kind, key FROM {s}.repeated" for s in self.schemas]
        for i, s in enumerate(self.schemas):
            for later in self.schemas[i + 1 :]:
                for kind, sources in KEY_SOURCES.items():
                    for ia, a in enumerate(sources):
                        for ib, b in enumerate(sources):
                            pair = ((s, *a), (later, *b)) if ia <= ib else ((later, *b), (s, *a))
                            selects.append(repeats_sql(kind, *pair))
        for sql in selects:
            for kind, key in self.conn.execute(sql):
                found[kind].append(key)
        return found

    def rows_with(self, skus: Sequence[str], codes: Sequence[str], plus: Sequence[str]) -> list[Keys]:
        """Line, sku, PLU and every barcode of the staged rows holding any of these keys, by line."""
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (kind TEXT, key TEXT)")
        self.conn.execute("DELETE FROM temp.wanted")
        self.conn.executemany(
            "INSERT INTO temp.wanted VALUES (?, ?)",
            [("sku", k) for k in skus] + [("code", k) for k in codes] + [("plu", k) for k in plus],
        )
        lines = self.union(
            "SELECT line FROM {s}.product WHERE sku IN (SELECT key FROM temp.wanted WHERE kind = 'sku') "
            "OR code IN (SELECT key FROM temp.wanted WHERE kind = 'code') "
            "OR plu IN (SELECT key FROM temp.wanted WHERE kind = 'plu') "
            "UNION ALL SELECT line FROM {s}.barcode WHERE code IN "
            "(SELECT key FROM temp.wanted WHERE kind = 'code')"
        )
        found: dict[int, Keys] = {}
        for line, sku, plu, code in self.conn.execute(
            self.union(f"SELECT line, sku, plu, code FROM {{s}}.product WHERE line IN ({lines})", "line")
        ):
            found[line] = Keys(line, sku, plu, [code] if code is not None else [])
        for line, code, _ in self.conn.execute(  # a row's codes in the order it gave them
            self.union(f"SELECT line, code, rowid FROM {{s}}.barcode WHERE line IN ({lines})", "1, 3")
        ):
            found[line].codes.append(code)
        return list(found.values())


@dataclass(frozen=True, slots=True)
class Keys:
    """The keys of one staged row, for the checks that compare rows with each other."""

    line: int
    sku: str
    plu: str | None
    codes: list[str]


def duplicates(staging: Staging) -> tuple[list[RowError], set[int]]:
    """Rows repeating a sku, barcode or PLU of an earlier kept row, as a sequential reading would find them.

    SQL finds the keys that occur twice (usually none); only the rows holding one are then walked in line
    order, in Python. A row whose keys are all unique can neither be refused nor block another row, so the
    walk over that subset refuses exactly the rows a walk over the whole file would.
    """
    repeated = staging.repeated()
    skus, codes, plus = repeated["sku"], repeated["code"], repeated["plu"]
    if not (skus or codes or plus):
        return [], set()
    errors: list[RowError] = []
    refused: set[int] = set()
    sku_at: dict[str, int] = {}
    code_at: dict[str, int] = {}
    plu_at: dict[str, int] = {}
    for row in staging.rows_with(skus, codes, plus):
        before = len(errors)
        if (first := sku_at.get(row.sku)) is not None:
            errors.append(RowError(row.line, "sku", row.sku, f"duplicate sku (first on line {first})"))
        for code in row.codes:
            if (first := code_at.get(code)) is not None:
                errors.append(RowError(row.line, "barcodes", code, f"duplicate barcode (on line {first})"))
        if row.plu is not None and (first := plu_at.get(row.plu)) is not None:
            errors.append(RowError(row.line, "plu", row.plu, f"duplicate PLU (on line {first})"))
        if len(errors) > before:
            refused.add(row.line)
            continue
        sku_at[row.sku] = row.line
        code_at.update(dict.fromkeys(row.codes, row.line))
        if row.plu is not None:
            plu_at[row.plu] = row.line
    return errors, refused


def conflicts(staging: Staging) -> tuple[list[RowError], set[int]]:
    """Refuse rows claiming a barcode or PLU that stays with another product of the catalog.

    A code owned by a sku that this file re-imports is free to move (that sku's codes are replaced), unless
    that sku's own row is refused — which can free nothing, so repeat until no new refusal appears.
    """
    candidates = [
        (column, key, line, sku, owner)
        for column, sql in (
            (
                "barcodes",
                "SELECT p.code, p.line, p.sku, c.sku FROM {s}.product p "
                "JOIN main.product_barcode c ON c.code = p.code WHERE c.sku <> p.sku "
                "UNION ALL SELECT b.code, b.line, p.sku, c.sku FROM {s}.barcode b "
                "JOIN {s}.product p ON p.line = b.line "
                "JOIN main.product_barcode c ON c.code = b.code WHERE c.sku <> p.sku",
            ),
            (
                "plu",
                "SELECT p.plu, p.line, p.sku, c.sku FROM {s}.product p "
                "JOIN main.product c ON c.plu = p.plu WHERE p.plu IS NOT NULL AND c.sku <> p.sku",
            ),
        )
        for key, line, sku, owner in staging.conn.execute(staging.union(sql, "2, 1"))
    ]
    if not candidates:
        return [], set()
    owners = {owner for *_, owner in candidates}
    importing = {
        sku
        for (sku,) in staging.conn.execute(
            staging.union("SELECT sku FROM {s}.product WHERE sku IN (SELECT value FROM json_each(?))"),
            [json.dumps(sorted(owners))] * len(staging.schemas),
        )
    }
    errors: list[RowError] = []
    refused: set[int] = set()
    while hits := [c for c in candidates if c[2] not in refused and c[4] not in importing]:
        for column, key, line, sku, owner in hits:
            errors.append(RowError(line, column, key, f"already belongs to sku {owner}"))
            refused.add(line)
            importing.discard(sku)
    return errors, refused
