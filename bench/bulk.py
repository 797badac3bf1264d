"""Bulk loading for the benchmarks: COPY on PostgreSQL, executemany on SQLite, in chunks."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.engine import Connection

CHUNK = 20_000


def _chunks(rows: Iterable[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text_value = value.isoformat() if isinstance(value, date | datetime) else str(value)
    return text_value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def load_table(conn: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Bulk-load rows: COPY on PostgreSQL, executemany on SQLite."""
    count = 0
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        assert raw is not None
        for chunk in _chunks(rows):
            columns = list(chunk[0])
            buf = io.StringIO()
            for row in chunk:
                buf.write("\t".join(_copy_value(row[c]) for c in columns))
                buf.write("\n")
            cols = ", ".join(f'"{c}"' for c in columns)
            with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as cp:
                cp.write(buf.getvalue())
            count += len(chunk)
        if count:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f'(SELECT max(id) FROM "{table.name}"))'
                )
            )
        return count
    for chunk in _chunks(rows):
        conn.execute(table.insert(), chunk)
        count += len(chunk)
    return count
