"""One page of a record's own list (its history, filings, grants) and how many rows it has."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from lifecycle.listings.repository import Listing, Window


def windowed(session: Session, stmt: Select[Any], window: Window) -> Listing[Any]:
    """The rows of ``stmt`` (ordered) in ``window``, and the number of all its rows."""
    counted = select(func.count()).select_from(stmt.order_by(None).subquery())
    total = session.scalar(counted) or 0
    page = session.scalars(stmt.limit(window.limit).offset(window.offset)).unique().all()
    return Listing(page, total)


def windowed_rows(session: Session, stmt: Select[*tuple[Any, ...]], window: Window) -> Listing[Any]:
    """As ``windowed``, for a statement of several columns: the page's rows as tuples."""
    counted = select(func.count()).select_from(stmt.order_by(None).subquery())
    total = session.scalar(counted) or 0
    rows = session.execute(stmt.limit(window.limit).offset(window.offset)).unique().all()
    return Listing([tuple(r) for r in rows], total)
