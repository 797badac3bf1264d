"""Per-title locks of a projection rewritten inside writing transactions (the occasion index, the
funding findings): its rewrite of one title runs alone, held until the transaction ends.

A projection's rewrite reads what is stored of a title, deletes it and inserts it again. Two
PostgreSQL transactions doing so at once (READ COMMITTED) each miss the rows the other is
inserting: both insert, and a unique key fails. Under the lock the second waits for the first to
commit, then reads, deletes and inserts what the first committed. SQLite needs none: every writing
transaction already holds the database's one write lock (``BEGIN IMMEDIATE``).

Advisory locks, not row locks on the designations: a title's row is share-locked by every foreign
key check of a row naming it (FOR UPDATE there would deadlock two ledger writers) and held by
version bumps taken in any order, while these locks are taken only here, in ascending order,
after the transaction's own writes. A rewrite of many titles or all of them (a full build or
audit, an import) takes the projection's lock exclusively instead of one per title, which every
per-title rewrite holds shared: the lock table stays small.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import IntEnum

from sqlalchemy import text
from sqlalchemy.orm import Session


class Projection(IntEnum):
    """The first key of a projection's locks ("wksh" + n, as ``jobs/runner.py`` numbers its own);
    the second is the designation's id, 0 for the whole projection."""

    OCCASION_INDEX = 0x776B7368 + 3
    FUNDING_FINDINGS = 0x776B7368 + 4


# More titles than this in one rewrite: the whole projection is locked instead.
MAX_TITLE_LOCKS = 64
_WHOLE = 0
_SHARED = text("SELECT pg_advisory_xact_lock_shared(:projection, :title)")
_EXCLUSIVE = text("SELECT pg_advisory_xact_lock(:projection, :title)")


def lock_titles(
    session: Session, projection: Projection, designation_ids: Collection[int] | None
) -> None:
    """Wait until no other transaction rewrites ``projection`` for these titles (None: for any),
    then hold them until this transaction ends (nothing to do on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    key = int(projection)
    if designation_ids is None or len(set(designation_ids)) > MAX_TITLE_LOCKS:
        session.execute(_EXCLUSIVE, {"projection": key, "title": _WHOLE})
        return
    session.execute(_SHARED, {"projection": key, "title": _WHOLE})
    for title in sorted(set(designation_ids)):  # one order for every writer: no deadlock
        session.execute(_EXCLUSIVE, {"projection": key, "title": title})
