"""Every query of the sweep: recipients, reminder items (insert-or-ignore), job-run claims."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Insert,
    and_,
    bindparam,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lifecycle.occasions.index_model import OccasionEntry
from lifecycle.reminders.model import JobRun, OutboxMessage, ReminderItem, SchedulerLease
from lifecycle.reminders.sweep_sql import (
    DECIDED,
    FROM_INDEX,
    NEW_ITEM,
    PAYLOAD_FIELDS,
    SCRATCH,
    STORED,
    hash16,
)
from lifecycle.scope import Scope
from lifecycle.unions.model import Union, UnionContact
from lifecycle.vocab import OutboxStatus

_CHUNK = 1000
# "wksh" + 2: the transaction-level advisory lock of the reminder sweep (jobs/leader.py has + 1).
_SWEEP_LOCK = 0x776B7368_0002
# SQLite page cache of a sweep's connection, main and temporary database each (KiB).
_SWEEP_CACHE_KIB = 32_768
# PostgreSQL sort memory of a sweep's transaction (the server's, not this process's).
_SWEEP_WORK_MEM = "256MB"

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


def _visible_on(as_of: date) -> ColumnElement[bool]:
    """A standing warning shows from its start to its lapse (Occasion.visible_on)."""
    e = OccasionEntry
    return or_(
        e.standing.is_(False),
        and_(e.due_on <= as_of, or_(e.visible_until.is_(None), e.visible_until >= as_of)),
    )


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
        self._cache_kib: int | None = None  # SQLite's page cache before a sweep

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

    def lock_sweeps(self) -> None:
        """Hold the sweep lock until the transaction ends: sweeps run one after another, so
        what one finds already announced stays so (SQLite: every write transaction is one)."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SWEEP_LOCK})

    def start_sweep(self) -> None:
        """Empty scratch tables for one sweep (temporary; dropped at the commit on PostgreSQL).

        On SQLite the day's new items are kept in digest order (a WITHOUT ROWID table keyed by
        recipient, due date, kind, subject, occasion), so that one scan in key order groups each
        recipient's items in the order the mail lists them.
        """
        postgres = self._dialect() == "postgresql"
        if postgres:
            # The digests sort the day's items by recipient: in memory, not in temporary files.
            self._sql(f"SET LOCAL work_mem = '{_SWEEP_WORK_MEM}'")
            # Payloads (kilobytes of JSON each) compressed with lz4 where the server has it:
            # several times faster than the default pglz; reads decompress either.
            self._sql(
                "SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings "
                "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
            )
        else:
            # The day's writes touch the item indexes all over: a page cache that holds them
            # (the default 2 MB made SQLite re-read and re-write pages); back at ``end_sweep``.
            # The sorter's memory follows the main cache's size.
            self._cache_kib = self._sql("PRAGMA cache_size").scalar()
            self._sql(f"PRAGMA cache_size = -{_SWEEP_CACHE_KIB}")
            self._sql(f"PRAGMA temp.cache_size = -{_SWEEP_CACHE_KIB}")
        for name, ddl in SCRATCH.items():
            self._sql(f"DROP TABLE IF EXISTS {name}")
            if postgres:
                self._sql(f"CREATE TEMPORARY TABLE {name} ({ddl[0]}) ON COMMIT DROP")
            else:
                self._sql(f"CREATE TEMPORARY TABLE {name} ({ddl[0]}{ddl[1]}")

    def end_sweep(self) -> None:
        """SQLite: the scratch tables dropped (PostgreSQL drops them at the commit) and the
        connection's page caches back to their size before the sweep."""
        if self._dialect() == "postgresql":
            return
        for name in SCRATCH:
            self._sql(f"DROP TABLE IF EXISTS {name}")
        if self._cache_kib is not None:
            self._sql(f"PRAGMA cache_size = {int(self._cache_kib)}")
            self._sql(f"PRAGMA temp.cache_size = {int(self._cache_kib)}")
            self._cache_kib = None

    def stage_recipients(self) -> dict[int, list[tuple[str, str, str]]]:
        """Every contact once per union under its normalised email, with the name its digest
        carries (the first contact, by id, with that email); returned as well, per union, as
        (email, name, digest name)."""
        c = UnionContact
        stmt = select(c.union_id, c.name, c.email).order_by(c.id)
        digest_names: dict[str, str] = {}
        per_union: dict[tuple[int, str], str] = {}
        for union_id, name, email in self.session.execute(stmt):
            address = email.strip().lower()
            digest_names.setdefault(address, name)
            per_union.setdefault((union_id, address), name)
        rows = [(u, e, n, digest_names[e]) for (u, e), n in per_union.items()]
        self._load("sweep_recipients", ("union_id", "email", "name", "digest_name"), rows)
        self._analyse("sweep_recipients")
        found: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        for union_id, email, name, digest_name in rows:
            found[union_id].append((email, name, digest_name))
        return found

    def indexed_combinations(
        self, as_of: date, due_dates: Sequence[date]
    ) -> list[tuple[str, date, int, bool]]:
        """The distinct (kind, due date, window, standing) of the index entries due on one of
        ``due_dates`` and visible on ``as_of``: all a lead step and a status depend on."""
        e = OccasionEntry
        stmt = (
            select(e.kind, e.due_on, e.window_days, e.standing)
            .distinct()
            .where(e.due_on.in_(sorted(due_dates)), _visible_on(as_of))
        )
        return [(k, d, w, s) for k, d, w, s in self.session.execute(stmt)]

    def stage_decisions(self, decided: Iterable[Sequence[Any]]) -> None:
        """The decided combinations (``DECIDED`` order), announced ones only."""
        self._load("sweep_decided", DECIDED, decided)
        self._analyse("sweep_decided")

    def stage_indexed(self, as_of: date, due_dates: Sequence[date]) -> None:
        """The day's new items from the occasion index: every visible entry of a decided
        combination (due on one of ``due_dates``), once per recipient of its union, unless its
        dedup key is stored already."""
        picked = ", ".join(f"{source} AS {name}" for name, source in FROM_INDEX.items())
        stored = STORED.format(n="r.email", key="e.key", step="d.lead_step", t="e")
        # In digest order: on SQLite the rows then append to the key-ordered table instead of
        # landing at random places in it; on PostgreSQL the items are inserted in this order,
        # so each index (led by recipient, or the new outbox ids) is written in runs.
        order = " ORDER BY 1, 2, 3, 4, 5"
        self._sql(
            f"INSERT INTO sweep_new ({', '.join(FROM_INDEX)}) "  # noqa: S608 - fixed names
            f"SELECT {picked} FROM sweep_decided d "
            # CROSS JOIN fixes SQLite's loop order (decisions, their entries by due date, their
            # recipients); PostgreSQL plans it as the inner join it is.
            "CROSS JOIN occasion_index e CROSS JOIN sweep_recipients r "
            # The dates once more: PostgreSQL then reads those index ranges only, rather than
            # the whole due-date index merged with the decisions.
            "WHERE e.due_on IN :dates AND e.due_on = d.due_on AND e.kind = d.kind "
            "AND e.window_days = d.window_days "
            "AND e.standing = d.standing AND r.union_id = e.union_id "
            # A standing warning shows from its start to its lapse (Occasion.visible_on).
            "AND (NOT e.standing OR (e.due_on <= :as_of "
            "AND (e.visible_until IS NULL OR e.visible_until >= :as_of))) "
            f"AND NOT EXISTS ({stored}){order}",
            as_of=as_of,
            dates=sorted(set(due_dates)),
        )

    def stage_items(self, rows: Iterable[Sequence[Any]]) -> None:
        """The day's items computed in Python (``NEW_ITEM`` order), less those already stored."""
        self._load("sweep_new", NEW_ITEM, rows)
        stored = STORED.format(
            n="n.recipient_email", key="n.occasion_key", step="n.lead_step", t="n"
        )
        self._sql(f"DELETE FROM sweep_new AS n WHERE EXISTS ({stored})")  # noqa: S608

    def write_digests(self, kind: str, as_of: date, now: datetime) -> list[tuple[int, str, str]]:
        """One outbox message per recipient of the staged items, its payload (the items in
        digest order, as ``payload_of`` shows them) built by the database: (id, email, name)."""
        postgres = self._dialect() == "postgresql"
        if not postgres:  # PostgreSQL has sha256(); SQLite gets the same function from Python
            self._driver().create_function("sweep_hash", 1, hash16, deterministic=True)
        day = "to_char(n.due_on, 'YYYY-MM-DD')" if postgres else "n.due_on"
        first = f"min(n.kind || '|' || n.occasion_key || '|' || {day} || '|' || n.lead_step)"
        fields = {**PAYLOAD_FIELDS, "due_on": day}
        pairs = ", ".join(f"'{k}', {v}" for k, v in fields.items())
        if postgres:
            first = f"substr(encode(sha256(convert_to({first}, 'UTF8')), 'hex'), 1, 16)"
            items = (
                f"json_agg(json_build_object({pairs}) "
                "ORDER BY n.due_on, n.kind, n.subject, n.occasion_key)"
            )
            build = "json_build_object"
        else:
            first = f"sweep_hash({first})"
            # The table is read in its key order, i.e. digest order (``start_sweep``).
            items = f"json_group_array(json_object({pairs}))"
            build = "json_object"
        payload = (
            f"{build}('as_of', CAST(:day AS TEXT), 'name', min(n.digest_name), 'items', {items})"
        )
        key = f"CAST(:prefix AS TEXT) || n.recipient_email || ':' || {first}"
        rows = self._sql(
            "INSERT INTO outbox_messages"  # noqa: S608 - fixed names
            "  (kind, dedup_key, recipient_email, recipient_name, "
            "payload, status, attempts, next_attempt_at, created_at) "
            f"SELECT :kind, {key}, n.recipient_email, "
            f"min(n.digest_name), {payload}, :status, 0, :now, :now "
            "FROM sweep_new n GROUP BY n.recipient_email "
            "RETURNING id, recipient_email, recipient_name",
            kind=kind,
            prefix=f"{kind}:{as_of.isoformat()}:",
            day=as_of.isoformat(),
            status=OutboxStatus.PENDING.value,
            now=now,
        ).all()
        found = [(int(i), str(e), str(n)) for i, e, n in rows]
        self._load("sweep_digests", ("email", "outbox_id"), [(e, i) for i, e, _n in found])
        return found

    def write_items(self, as_of: date, now: datetime) -> int:
        """Insert the staged items, each linked to its digest; how many.

        A plain insert, not insert-or-ignore: the staged keys are new (checked under the sweep
        lock) and unique, so a conflict would be a bug, and it fails the sweep (nothing is
        written) rather than mailing an item the table does not hold. PostgreSQL's speculative
        insertion also cost a write per item.
        """
        names = ", ".join([*_ITEM_COLUMNS, "outbox_id"])
        result = self._sql(
            f"INSERT INTO reminder_items ({names}) SELECT "  # noqa: S608 - fixed names
            "n.kind, n.occasion_key, n.due_on, n.recipient_email, n.lead_step, n.recipient_name, "
            "n.designation_id, n.union_id, n.title, n.subject, n.link, n.occasion_status, "
            ":as_of, :now, d.outbox_id FROM sweep_new n CROSS JOIN sweep_digests d "
            "WHERE d.email = n.recipient_email",
            as_of=as_of,
            now=now,
        )
        return int(getattr(result, "rowcount", 0))

    def payloads(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The payloads of some outbox messages (what a dry run shows)."""
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), _CHUNK):
            stmt = select(OutboxMessage.id, OutboxMessage.payload).where(
                OutboxMessage.id.in_(ids[start : start + _CHUNK])
            )
            found.update((i, p) for i, p in self.session.execute(stmt))
        return found

    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def _sql(self, sql: str, **params: Any) -> Any:
        """Run one statement (a list parameter expands for ``IN :name``); SQLite gets dates and
        timestamps as SQLAlchemy stores them."""
        if self._dialect() != "postgresql":
            params = {
                k: [_sqlite_value(x) for x in v] if isinstance(v, list) else _sqlite_value(v)
                for k, v in params.items()
            }
        stmt = text(sql)
        lists: list[BindParameter[Any]] = [
            bindparam(k, expanding=True) for k, v in params.items() if isinstance(v, list)
        ]
        if lists:
            stmt = stmt.bindparams(*lists)
        return self.session.execute(stmt, params)

    def _load(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Bulk-load rows into a scratch table (COPY on PostgreSQL)."""
        names = ", ".join(columns)
        # Materialised first: rows may come from queries on this very connection, which a COPY
        # in progress would block.
        rows = list(rows)
        if self._dialect() == "postgresql":
            with (
                self._driver().cursor() as cur,
                cur.copy(f"COPY {table} ({names}) FROM STDIN") as cp,
            ):
                for row in rows:
                    cp.write_row(row)
            return
        marks = ", ".join("?" * len(columns))
        self._driver().executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - fixed names
            [tuple(_sqlite_value(v) for v in row) for row in rows],
        )

    def _driver(self) -> Any:
        """The DB-API connection under this session's transaction."""
        raw = self.session.connection().connection.driver_connection
        assert raw is not None
        return raw

    def _analyse(self, table: str) -> None:
        """PostgreSQL plans the day's joins with the scratch table's real size and values."""
        if self._dialect() == "postgresql":
            self._sql(f"ANALYZE {table}")

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
        self, email: str, scope: Scope, *, limit: int = 200
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
