"""A unit of work on a database of a test's own (``fresh_database_url``), its engine disposed
afterwards: for tests that set up or read what a command or a server process committed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.uow import UnitOfWork


@contextmanager
def unit_on(url: str) -> Iterator[UnitOfWork]:
    engine = make_engine(url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            yield u
    finally:
        engine.dispose()
