"""Every query of the sweep: recipients, reminder items (insert-or-ignore), job-run claims."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Insert, Table, and_, bindparam, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lifecycle.occasions.index_model import OccasionEntry
from lifecycle.occasions.index_repository import ENTRY_COLUMNS
from lifecycle.reminders.model import JobRun, OutboxMessage, ReminderItem, SchedulerLease
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union, UnionContact

_CHUNK = 1000

_UNNEST_COLUMNS = {
    "kind": "VARCHAR",
    "occasion_key": "VARCHAR",
    "due_on": "DATE",
    "recipient_email": "VARCHAR",
    "lead_step": "VARCHAR",
    "recipient_name": "VARCHAR",
    "designation_id": "INTEGER",
    "union_id": "INTEGER",
    "title": "VARCHAR",
    "subject": "VARCHAR",
    "link": "VARCHAR",
    "occasion_status": "VARCHAR",
    "sweep_date": "DATE",
    "created_at": "TIMESTAMPTZ",
}

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

    def add_items(self, rows: Sequence[dict[str, Any]]) -> dict[DedupKey, int]:
        """Insert items whose dedup key is new; the ids of those actually inserted, by key."""
        dialect = self.session.get_bind().dialect.name
        if rows and dialect == "postgresql":
            return self._add_items_unnest(rows)
        if rows and dialect == "sqlite":
            return self._add_items_sqlite(rows)
        c = ReminderItem.__table__.c
        inserted: dict[DedupKey, int] = {}
        for start in range(0, len(rows), _CHUNK):
            stmt = insert_or_ignore(self.session, ReminderItem.__table__).returning(
                c.id, c.kind, c.occasion_key, c.due_on, c.recipient_email, c.lead_step
            )
            for item_id, *key in self.session.execute(stmt, list(rows[start : start + _CHUNK])):
                inserted[(key[0], key[1], key[2], key[3], key[4])] = item_id
        return inserted

    def _add_items_sqlite(self, rows: Sequence[dict[str, Any]]) -> dict[DedupKey, int]:
        """SQLite: multi-row VALUES straight to the driver (values stored as SQLAlchemy stores
        them), a thousand rows a statement; the driver's executemany cannot return rows."""
        raw = self._driver()
        columns = list(_UNNEST_COLUMNS)
        names = ", ".join(columns)
        one = "(" + ", ".join("?" * len(columns)) + ")"
        inserted: dict[DedupKey, int] = {}
        stored: dict[Any, Any] = {}  # the few distinct dates and timestamps, converted once
        timed = {"due_on", "sweep_date", "created_at"}
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            params = []
            for row in chunk:
                for c in columns:
                    value = row[c]
                    if c in timed:
                        value = stored.get(value) or stored.setdefault(value, _sqlite_value(value))
                    params.append(value)
            # Column names come from the constant above, never from input.
            cursor = raw.execute(
                f"INSERT INTO reminder_items ({names}) VALUES "  # noqa: S608
                + ", ".join([one] * len(chunk))
                + " ON CONFLICT DO NOTHING "
                "RETURNING id, kind, occasion_key, due_on, recipient_email, lead_step",
                params,
            )
            for item_id, kind, key, due_on, email, step in cursor.fetchall():
                inserted[(kind, key, date.fromisoformat(due_on), email, step)] = item_id
        return inserted

    def _driver(self) -> Any:
        """The DB-API connection under this session's transaction."""
        raw = self.session.connection().connection.driver_connection
        assert raw is not None
        return raw

    def _add_items_unnest(self, rows: Sequence[dict[str, Any]]) -> dict[DedupKey, int]:
        """PostgreSQL: one array per column through ``unnest`` (a short statement however many
        rows, where a multi-row VALUES list costs more to build than to run)."""
        arrays = {f"a_{name}": [r[name] for r in rows] for name in _UNNEST_COLUMNS}
        columns = ", ".join(_UNNEST_COLUMNS)
        casts = ", ".join(f"CAST(:a_{n} AS {t}[])" for n, t in _UNNEST_COLUMNS.items())
        # Column names and types come from the constant above, never from input.
        sql = text(
            f"INSERT INTO reminder_items ({columns}) SELECT * FROM unnest({casts}) "  # noqa: S608
            "ON CONFLICT DO NOTHING "
            "RETURNING id, kind, occasion_key, due_on, recipient_email, lead_step"
        )
        inserted: dict[DedupKey, int] = {}
        for item_id, kind, key, due_on, email, step in self.session.execute(sql, arrays):
            inserted[(kind, key, due_on, email, step)] = item_id
        return inserted

    def attach(self, carried_by: Sequence[tuple[int, int]]) -> None:
        """Record which mail carries each item: (item id, outbox id) pairs, one round trip."""
        if carried_by and self.session.get_bind().dialect.name == "postgresql":
            sql = text(
                "UPDATE reminder_items SET outbox_id = v.o "
                "FROM unnest(CAST(:ids AS INTEGER[]), CAST(:oids AS INTEGER[])) AS v(i, o) "
                "WHERE reminder_items.id = v.i"
            )
            self.session.execute(
                sql, {"ids": [i for i, _ in carried_by], "oids": [o for _, o in carried_by]}
            )
            return
        if carried_by and self.session.get_bind().dialect.name == "sqlite":
            self._driver().executemany(
                "UPDATE reminder_items SET outbox_id = ? WHERE id = ?",
                [(o, i) for i, o in carried_by],
            )
            return
        c = ReminderItem.__table__.c
        stmt = (
            update(cast(Table, ReminderItem.__table__))
            .where(c.id == bindparam("item_id"))
            .values(outbox_id=bindparam("outbox_id"))
        )
        pairs = [{"item_id": i, "outbox_id": o} for i, o in carried_by]
        for start in range(0, len(pairs), _CHUNK):
            self.session.execute(stmt, pairs[start : start + _CHUNK])

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
