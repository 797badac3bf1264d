"""The materialised occasion index: every outstanding occasion up to a horizon, one row each.

Reads that ask for outstanding occasions up to the horizon (dashboards, the daily sweep, the ICS
feed) are one indexed query instead of running every generator over every designation. Rows are
rewritten for each designation a unit of work touched (``lifecycle.occasions.tracking``) in the
same transaction, and rebuilt whole when the horizon moves on (``lifecycle.occasions.index``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.db.base import Base, UTCDateTime

# What the dashboard and the 待办 list count by (``index_summary.FACTS``) and filter on.
FACTS = ("kind", "standing", "visible_until", "window_days")


class OccasionEntry(Base):
    """One outstanding occasion as generated with ``as_of`` = the horizon (status comes at read)."""

    __tablename__ = "occasion_index"
    # The facts ride along in the two date indexes, so the counts read an index alone: a subtree
    # by its path range, the whole registry in date order (migration 0022).
    __table_args__ = (
        Index("ix_occasion_index_scope_due", "scope_path", "due_on", *FACTS, "union_id"),
        Index("ix_occasion_index_union_due", "union_id", "due_on"),
        Index("ix_occasion_index_due", "due_on", *FACTS, "scope_path", "union_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(160), unique=True)
    due_on: Mapped[date]
    union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="CASCADE"))
    # Path of the designation's unit union: "due for union X and its subtree" is a prefix match.
    scope_path: Mapped[str] = mapped_column(String(400))
    title: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(400))
    provisional: Mapped[bool]
    standing: Mapped[bool]
    visible_until: Mapped[date | None]
    window_days: Mapped[int] = mapped_column(Integer)


class OccasionIndexState(Base):
    """The one row saying up to which day the index is complete, and since when."""

    __tablename__ = "occasion_index_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    built_for: Mapped[date]  # the as_of of the last full build
    through: Mapped[date]  # every outstanding occasion due on or before this day is indexed
    built_at: Mapped[datetime] = mapped_column(UTCDateTime())
