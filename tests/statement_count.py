"""Counting the SQL statements an engine sends, per request (a test and bench helper only)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, event


@dataclass
class Statements:
    """The statements sent while counting (``texts``: each one's SQL, for a failure's message)."""

    texts: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.texts)


@contextmanager
def counting(engine: Engine) -> Iterator[Statements]:
    """Count every statement ``engine`` sends inside the block (each ``executemany`` once)."""
    sent = Statements()

    def note(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        sent.texts.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)
