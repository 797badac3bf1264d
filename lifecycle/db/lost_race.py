"""A write a unique key decides: the request that loses the race is refused as its check says."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from lifecycle.errors import FieldProblem, IntegrityConflict, Problems, ValidationFailed

# The check a use case ran before writing, asked again: the field problem it finds now, or None.
Taken = Callable[[], FieldProblem | None]


@contextmanager
def refused_as_checked(session: Session, taken: Taken) -> Iterator[None]:
    """Write what the block changes in a savepoint, flushed at its end.

    Two requests both pass a use case's check (no such row yet) and both insert: on PostgreSQL
    the second waits at the unique key until the first commits, then fails here. The savepoint
    taken back, ``taken`` reads what won and the loser is refused with the check's own problem
    (code, message, field), as if it had come a moment later; a failure the check does not
    explain stays the bare conflict. What was pending before the block is flushed first, so it
    fails as itself (SQLite's writers queue: there the check already sees the winner)."""
    session.flush()
    try:
        with session.begin_nested():
            yield
            session.flush()
    except IntegrityConflict as lost:
        problem = taken()
        if problem is None:
            raise
        try:
            Problems([problem]).raise_if_any()
        except ValidationFailed as refused:  # the check's refusal, as the check raises it
            raise refused from lost
