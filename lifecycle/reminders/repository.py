"""Every query of the sweep: recipients, reminder items (insert-or-ignore), job-run claims."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Insert, and_, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lifecycle.occasions.index_model import OccasionEntry
from lifecycle.occasions.index_repository import ENTRY_COLUMNS
from lifecycle.reminders.model import JobRun, OutboxMessage, ReminderItem, SchedulerLease
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union, UnionContact

_CHUNK = 1000
_EMAILS_PER_QUERY = 5000
# "wksh" + 2: the transaction-level advisory lock of the reminder sweep (jobs/leader.py has + 1).
_SWEEP_LOCK = 0x776B7368_0002

# The columns a sweep writes of each item (besides its outbox_id).
_ITEM_COLUMNS = (
    "kind",
    "occasion_key",
    "due_on",
    "recipient_email",
    "lead_step",
    "recipient_name",
    "designation_id",
    "union_id",
    "title",
    "subject",
    "link",
    "occasion_status",
    "sweep_date",
    "created_at",
)

# (kind, occasion key, due date, recipient e-mail, lead step): unique among reminder items.
DedupKey = tuple[str, str, date, str, str]


def _sqlite_value(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite: ISO dates, naive UTC timestamps."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def insert_or_ignore(session: Session, table: Any) -> Insert:
    """``INSERT … ON CONFLICT DO NOTHING`` in the dialect of the session's database."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


class ReminderRepository:
    """Reminder items and job runs; recipients are the contacts of the acting unions."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def root_union_ids(self) -> list[int]:
        """The roots of the union forest (each city federation)."""
        stmt = select(Union.id).where(Union.parent_id.is_(None)).order_by(Union.id)
        return list(self.session.scalars(stmt))

    def contacts_of(self, union_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
        """(name, email) of each union's contacts, read once for a set of unions."""
        found: dict[int, list[tuple[str, str]]] = defaultdict(list)
        ids = sorted(set(union_ids))
        for start in range(0, len(ids), _CHUNK):
            stmt = (
                select(UnionContact.union_id, UnionContact.name, UnionContact.email)
                .where(UnionContact.union_id.in_(ids[start : start + _CHUNK]))
                .order_by(UnionContact.union_id, UnionContact.id)
            )
            for union_id, name, email in self.session.execute(stmt):
                found[union_id].append((name, email))
        return found

    def earliest_indexed_due(self) -> date | None:
        """The earliest due date in the occasion index (how far back overdue repeats reach)."""
        return self.session.scalar(select(func.min(OccasionEntry.due_on)))

    def indexed_announcements(self, as_of: date, due_dates: Sequence[date]) -> Iterator[Any]:
        """Outstanding occasions from the index due on one of ``due_dates`` and visible on
        ``as_of``, once per contact of the acting union, grouped by normalised recipient email
        and in digest order: (email, name, *ENTRY_COLUMNS) rows, streamed."""
        e, c = OccasionEntry, UnionContact
        email = func.lower(func.trim(c.email)).label("email")
        stmt = (
            select(email, c.name, *ENTRY_COLUMNS)
            .join(c, c.union_id == e.union_id)
            .where(
                e.due_on.in_(sorted(due_dates)),
                # A standing warning shows from its start to its lapse (Occasion.visible_on).
                or_(
                    e.standing.is_(False),
                    and_(
                        e.due_on <= as_of,
                        or_(e.visible_until.is_(None), e.visible_until >= as_of),
                    ),
                ),
            )
            .order_by(email, e.due_on, e.kind, e.subject, e.key, c.id)
        )
        yield from self.session.execute(stmt.execution_options(yield_per=10_000))

    def lock_sweeps(self) -> None:
        """Hold the sweep lock until the transaction ends: sweeps run one after another, so
        what one finds already announced stays so (SQLite: every write transaction is one)."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SWEEP_LOCK})

    def existing_keys(self, rows: Sequence[dict[str, Any]]) -> set[DedupKey]:
        """The dedup keys among ``rows`` that are already stored (read by recipients and due
        dates, which the indexes answer)."""
        r = ReminderItem
        emails = sorted({row["recipient_email"] for row in rows})
        dates = sorted({row["due_on"] for row in rows})
        found: set[DedupKey] = set()
        for start in range(0, len(emails), _EMAILS_PER_QUERY):
            stmt = select(r.kind, r.occasion_key, r.due_on, r.recipient_email, r.lead_step).where(
                r.recipient_email.in_(emails[start : start + _EMAILS_PER_QUERY]),
                r.due_on.in_(dates),
            )
            found.update((k, key, d, e, s) for k, key, d, e, s in self.session.execute(stmt))
        return found

    def add_linked_items(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert items that carry their ``outbox_id``, ignoring any whose dedup key exists."""
        if not rows:
            return
        columns = [*_ITEM_COLUMNS, "outbox_id"]
        names = ", ".join(columns)
        if self.session.get_bind().dialect.name == "sqlite":
            stored: dict[Any, Any] = {}  # the few distinct dates and timestamps, converted once
            timed = {"due_on", "sweep_date", "created_at"}

            def value(row: dict[str, Any], c: str) -> Any:
                v = row[c]
                if c in timed:
                    return stored.get(v) or stored.setdefault(v, _sqlite_value(v))
                return v

            self._driver().executemany(
                f"INSERT INTO reminder_items ({names}) VALUES "  # noqa: S608 - fixed names
                f"({', '.join('?' * len(columns))}) ON CONFLICT DO NOTHING",
                [tuple(value(row, c) for c in columns) for row in rows],
            )
            return
        if self.session.get_bind().dialect.name != "postgresql":
            self.session.execute(insert_or_ignore(self.session, ReminderItem.__table__), rows)
            return
        # PostgreSQL: COPY into a scratch table, then one insert-or-ignore from it.
        self.session.execute(
            text(
                "CREATE TEMP TABLE IF NOT EXISTS sweep_items "
                "(LIKE reminder_items INCLUDING DEFAULTS) ON COMMIT DROP"
            )
        )
        self.session.execute(text("TRUNCATE sweep_items"))
        copy_sql = f"COPY sweep_items ({names}) FROM STDIN"
        with self._driver().cursor() as cur, cur.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        self.session.execute(
            text(
                f"INSERT INTO reminder_items ({names}) "  # noqa: S608 - fixed names
                f"SELECT {names} FROM sweep_items ON CONFLICT DO NOTHING"
            )
        )

    def _driver(self) -> Any:
        """The DB-API connection under this session's transaction."""
        raw = self.session.connection().connection.driver_connection
        assert raw is not None
        return raw

    def claim_run(self, job: str, run_date: date, now: datetime) -> int | None:
        """Claim ``job`` for ``run_date``: its id, or None when another run already holds it."""
        stmt = insert_or_ignore(self.session, JobRun.__table__).returning(JobRun.__table__.c.id)
        row = {"job": job, "run_date": run_date, "started_at": now}
        row |= {"items_created": 0, "messages_created": 0}
        return self.session.scalars(stmt, [row]).first()

    def record_run(self, run_id: int, items: int, messages: int) -> None:
        """What a claimed run created."""
        stmt = update(JobRun).where(JobRun.id == run_id)
        self.session.execute(stmt.values(items_created=items, messages_created=messages))

    def last_run_date(self, job: str) -> date | None:
        """The latest date ``job`` ran for."""
        return self.session.scalar(select(func.max(JobRun.run_date)).where(JobRun.job == job))

    def runs(self, job: str, since: date) -> set[date]:
        """The dates ``job`` ran for since ``since``."""
        stmt = select(JobRun.run_date).where(JobRun.job == job, JobRun.run_date >= since)
        return set(self.session.scalars(stmt))

    def history(
        self, email: str, scope: Scope = EVERYTHING, *, limit: int = 200
    ) -> list[tuple[ReminderItem, OutboxMessage | None]]:
        """The reminders sent to ``email`` in the scope, newest first, with their mail."""
        stmt = (
            select(ReminderItem, OutboxMessage)
            .join(Union, Union.id == ReminderItem.union_id)
            .outerjoin(OutboxMessage, OutboxMessage.id == ReminderItem.outbox_id)
            .where(ReminderItem.recipient_email == email, scope.clause(Union.path))
            .order_by(ReminderItem.sweep_date.desc(), ReminderItem.due_on, ReminderItem.id)
            .limit(limit)
        )
        return [(item, message) for item, message in self.session.execute(stmt)]

    def take_lease(self, name: str, holder: str, now: datetime, until: datetime) -> bool:
        """Take or renew the lease ``name`` unless another holder's lease is still running."""
        row = {"name": name, "holder": holder, "expires_at": until, "acquired_at": now}
        self.session.execute(insert_or_ignore(self.session, SchedulerLease.__table__), [row])
        stmt = (
            update(SchedulerLease)
            .where(
                SchedulerLease.name == name,
                or_(SchedulerLease.holder == holder, SchedulerLease.expires_at < now),
            )
            .values(holder=holder, expires_at=until)
        )
        result = self.session.execute(stmt, execution_options={"synchronize_session": False})
        return bool(getattr(result, "rowcount", 0))

    def drop_lease(self, name: str, holder: str) -> None:
        """Give the lease up at once (a clean shutdown)."""
        stmt = select(SchedulerLease).where(
            SchedulerLease.name == name, SchedulerLease.holder == holder
        )
        for lease in self.session.scalars(stmt):
            self.session.delete(lease)
        self.session.flush()
