"""A write a unique key or a version decides: the request that loses the race is refused as its
check says (or, for a write its check would skip, goes on without it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy.orm import Session

from lifecycle.errors import ConflictError, FieldProblem, Problems, ValidationFailed

# The check a use case ran before writing, asked again: the field problem (or problems, in the
# order the check names them) it finds now; None or none: the check passes.
Taken = Callable[[], FieldProblem | Sequence[FieldProblem] | None]
# The check of a write a use case skips when it is done already, asked again: whether it is.
Done = Callable[[], bool]


@contextmanager
def refused_as_checked(session: Session, taken: Taken) -> Iterator[None]:
    """Write what the block changes in a savepoint, flushed at its end.

    Two requests both pass a use case's check (no such row yet) and both write: on PostgreSQL
    the second waits at the unique key (or at the row whose version it checks) until the first
    commits, then fails here. The savepoint taken back (what the block changed is read again),
    ``taken`` reads what won and the loser is refused with the check's own problems (code,
    message, field), as if it had come a moment later; a failure the check does not explain
    stays the bare conflict (409: a retry may pass). What was pending before the block is
    flushed first, so it fails as itself (SQLite's writers queue: there the check already sees
    the winner)."""
    with _lost_to_another(session) as lost:
        yield
    if lost:
        found = taken()
        problems = [found] if isinstance(found, FieldProblem) else list(found or ())
        if not problems:
            raise lost[0]
        try:
            Problems(problems).raise_if_any()
        except ValidationFailed as refused:  # the check's refusal, as the check raises it
            raise refused from lost[0]


@contextmanager
def skipped_if_done(session: Session, done: Done) -> Iterator[list[bool]]:
    """Write what the block changes in a savepoint, as ``refused_as_checked``, for a write its
    use case skips when it is done already (``done``: e.g. an event another request recorded,
    a status it set). Losing the race, the block is taken back and, when ``done`` now says so,
    the use case goes on without it (the yielded list then holds True); otherwise the conflict
    stands."""
    skipped: list[bool] = []
    with _lost_to_another(session) as lost:
        yield skipped
    if lost:
        if not done():
            raise lost[0]
        skipped.append(True)


@contextmanager
def _lost_to_another(session: Session) -> Iterator[list[ConflictError]]:
    """The block in a savepoint flushed at its end; a conflict there (a unique key, a version:
    another request's commit) taken back and handed to the caller in the yielded list."""
    session.flush()
    lost: list[ConflictError] = []
    try:
        with session.begin_nested():
            yield lost
            session.flush()
    except ConflictError as conflict:
        lost.append(conflict)
