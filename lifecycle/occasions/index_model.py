"""The materialised occasion index (every outstanding occasion up to a horizon, one row each), its
tally and its state; kept true by ``lifecycle.occasions.index`` in the writing transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.db.base import Base, UTCDateTime
from lifecycle.occasions.model import OccasionKind, Timeline

# The rule's days (``model.Timeline``) that a read compares with as_of ride along in the indexes.
DAYS = Timeline._fields[1:]  # overdue_from, shows_from, shows_until


class OccasionEntry(Base):
    """One outstanding occasion generated with ``as_of`` = the horizon, and its ``Timeline`` days
    (a read compares them with its ``as_of``; it decides nothing)."""

    __tablename__ = "occasion_index"
    __table_args__ = (
        Index("ix_occasion_index_scope_due", "scope_path", "due_on", *DAYS, "union_id"),
        Index("ix_occasion_index_union_due", "union_id", "due_on", *DAYS),
        Index("ix_occasion_index_due", "due_on", *DAYS, "scope_path", "union_id"),
        # The sweep's duties arisen since its last day (``policy.arrival_step``): a date range.
        Index("ix_occasion_index_arose", "arose_on", "due_on"),
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
    arose_on: Mapped[date | None]  # ``Occasion.arose_on``
    # ``Timeline``: no NULLs, the ends of time are ``model.ALWAYS`` and ``model.NEVER``.
    due_from: Mapped[date]
    overdue_from: Mapped[date]
    shows_from: Mapped[date]
    shows_until: Mapped[date]


# (union, kind, due_on, the ``Timeline``): the tally's primary key; with every day of the
# timeline the tally answers any status filter (due_from tells due from upcoming).
KEY_COLUMNS = ("union_id", "kind", "due_on", *Timeline._fields)


class OccasionTally(Base):
    """How many entries of a union's subtree share a kind, a due date and a timeline (``mine``:
    those the union acts on): what the dashboard's figures and the 待办 list's totals add up."""

    __tablename__ = "occasion_tally"
    # The 待办 list's totals read a union's tally by due date.
    __table_args__ = (Index("ix_occasion_tally_union_due", "union_id", "due_on", *DAYS),)

    union_id: Mapped[int] = mapped_column(
        ForeignKey("unions.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    due_on: Mapped[date] = mapped_column(primary_key=True)
    due_from: Mapped[date] = mapped_column(primary_key=True)
    overdue_from: Mapped[date] = mapped_column(primary_key=True)
    shows_from: Mapped[date] = mapped_column(primary_key=True)
    shows_until: Mapped[date] = mapped_column(primary_key=True)
    due_month: Mapped[date]  # the first day of due_on's month
    entries: Mapped[int] = mapped_column(Integer)
    mine: Mapped[int] = mapped_column(Integer)


# The board's key (``index.board_key``): a union, a kind, a due month and the days a dashboard
# compares with its as_of, each read only within the days the board answers for.
BOARD_COLUMNS = ("union_id", "kind", "due_month", "undated", *DAYS)


class OccasionBoard(Base):
    """The tally as the dashboard reads it: entries of a union's subtree alike in kind, due month
    and their ``Timeline``'s days as seen from the days the index answers a 12-month dashboard
    for (a day before them: ``ALWAYS``, after: ``NEVER``; months before the build's: ``ALWAYS``),
    so a district's 5,900 rows of the tally are ~430 here (150,000 designations)."""

    __tablename__ = "occasion_board"

    union_id: Mapped[int] = mapped_column(
        ForeignKey("unions.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    due_month: Mapped[date] = mapped_column(primary_key=True)
    undated: Mapped[bool] = mapped_column(Boolean, primary_key=True)  # ``Timeline.undated``
    overdue_from: Mapped[date] = mapped_column(primary_key=True)
    shows_from: Mapped[date] = mapped_column(primary_key=True)
    shows_until: Mapped[date] = mapped_column(primary_key=True)
    entries: Mapped[int] = mapped_column(Integer)
    mine: Mapped[int] = mapped_column(Integer)


class OccasionIndexState(Base):
    """The one row saying up to which day the index is complete, and since when."""

    __tablename__ = "occasion_index_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    built_for: Mapped[date]  # the as_of of the last full build
    through: Mapped[date]  # every outstanding occasion due on or before this day is indexed
    built_at: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class Tallied:
    """Entries of a subtree alike in kind and due month (a read of the board:
    ``index_repository.OccasionIndexRepository.tallied``)."""

    kind: OccasionKind
    month: date | None  # the first day of the due month; None: before the month read
    entries: int
    overdue: int  # of them, entries overdue
    this_month: int  # not overdue, due by the end of as_of's month (a warning standing since)
    mine: int  # entries the subtree's own union acts on
    undated: int  # entries due on no day (in no month, never overdue)
