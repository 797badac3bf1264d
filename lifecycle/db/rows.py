"""Many plain rows into one table as ordinary writes of a unit of work (the sweep, the index)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import islice
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lifecycle.errors import IntegrityConflict

_PAGE = 5000  # rows held at a time


def insert_on_conflict(session: Session, table: Any) -> postgresql.Insert | sqlite.Insert:
    """An INSERT taking ``ON CONFLICT`` clauses, in the dialect of the session's database."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def insert_rows(session: Session, table: Table, rows: Iterable[Mapping[str, Any]]) -> int:
    """Rows (all with the same columns) into ``table`` on the session's connection, inside its
    transaction, a page at a time, each value bound as an insert binds it (its column's type):
    COPY on PostgreSQL, the compiled insert run for every row elsewhere (SQLite). How many."""
    connection = session.connection()
    dialect = connection.dialect
    count = 0
    pages = iter(rows)
    while page := list(islice(pages, _PAGE)):
        count += len(page)
        names = [c.name for c in table.c if c.name in page[0]]  # in the insert's order
        types = [(k, table.c[n].type.dialect_impl(dialect)) for k, n in enumerate(names)]
        binds = [(k, b, isinstance(t, JSON)) for k, t in types if (b := t.bind_processor(dialect))]
        values = itemgetter(*names)
        bound = [list(values(row)) for row in page]
        for k, bind, each in binds:
            _bind_column(bound, k, bind, each=each)
        try:
            _write(connection, table, names, bound)
        except (IntegrityError, dialect.loaded_dbapi.IntegrityError) as err:
            # The driver's own error (COPY bypasses SQLAlchemy) refused as any write's would be:
            # a lost race (409), not a fault of the service.
            raise IntegrityConflict() from err
    return count


def _bind_column(bound: list[list[Any]], k: int, bind: Any, *, each: bool) -> None:
    """Bind column ``k`` of every row: each distinct value once (a page's rows share their days,
    their time of writing), or (``each``: a JSON document, unhashable) row by row."""
    done: dict[tuple[type, Any], Any] = {}
    for found in bound:
        value = found[k]
        if each:
            found[k] = bind(value)
            continue
        try:
            found[k] = done[value.__class__, value]
        except KeyError:
            found[k] = done[value.__class__, value] = bind(value)


def _write(connection: Connection, table: Table, names: list[str], bound: list[list[Any]]) -> None:
    """One page of bound rows: COPY on PostgreSQL, the compiled insert elsewhere."""
    dialect = connection.dialect
    if dialect.name != "postgresql":
        statement = str(insert(table).compile(dialect=dialect, column_keys=names))
        connection.exec_driver_sql(statement, [tuple(found) for found in bound])
        return
    copying = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
    driver: Any = connection.connection.driver_connection  # psycopg's connection
    with driver.cursor() as cursor, cursor.copy(copying) as copy:
        for found in bound:
            copy.write_row(found)
