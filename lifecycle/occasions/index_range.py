"""The byte-ordered comparisons of the occasion index: one definition for every reader.

A union's subtree is a range of paths ("/1/4/" ≤ path < "/1/40") so the (scope_path, due_on) index
serves; a LIKE prefix match cannot use it on SQLite (case-insensitive LIKE) nor on PostgreSQL
databases whose collation is not C. The range must compare in byte order: SQLite does, and so does
PostgreSQL under a byte-order collation (C.UTF-8 …); elsewhere the comparison goes under
COLLATE "C" (correct, but then the index cannot serve).
"""

from __future__ import annotations

import weakref

from sqlalchemy import ColumnElement, Engine, and_, false, text, true
from sqlalchemy.orm import Session

from lifecycle.occasions.index_model import OccasionEntry

# libc collations that order text by code point, i.e. by UTF-8 bytes.
_BYTE_ORDER_COLLATIONS = frozenset({"C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic"})
_COLLATION = text(
    "SELECT d.datcollate, d.datlocprovider::text AS datlocprovider, c.collation_name"
    " FROM pg_database d, information_schema.columns c"
    " WHERE d.datname = current_database() AND c.table_schema = current_schema()"
    " AND c.table_name = 'occasion_index' AND c.column_name = 'scope_path'"
)
_BYTE_ORDERED: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _byte_ordered(session: Session) -> bool:
    """Whether the index's text columns already compare in byte order (asked once per engine)."""
    engine = session.get_bind().engine
    known = _BYTE_ORDERED.get(engine)
    if known is None:
        row = session.execute(_COLLATION).one()
        collation = row.collation_name or row.datcollate
        known = row.datlocprovider == "c" and collation in _BYTE_ORDER_COLLATIONS
        _BYTE_ORDERED[engine] = known
    return known


def bytewise(session: Session, column: ColumnElement[str]) -> ColumnElement[str]:
    """``column`` compared in byte order (plain where it already is, else under COLLATE "C")."""
    if session.get_bind().dialect.name != "postgresql" or _byte_ordered(session):
        return column
    return column.collate("C")


def in_subtree(session: Session, scope_path: str | None) -> ColumnElement[bool]:
    """Entries of the subtree at ``scope_path`` (None: everything; "": nothing)."""
    if scope_path is None:
        return true()
    if not scope_path:
        return false()
    upper = scope_path[:-1] + chr(ord(scope_path[-1]) + 1)
    path = bytewise(session, OccasionEntry.scope_path.expression)
    return and_(path >= scope_path, path < upper)
