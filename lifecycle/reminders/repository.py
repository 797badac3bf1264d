"""Every query of the sweep (recipients, stored item keys, digests, items) and a recipient's
reminder history; SQL fetches and stores, Python (``service``, ``policy``) decides."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import ge, le
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, or_, select, text, update
from sqlalchemy.orm import Session

from lifecycle.db.batches import batches
from lifecycle.db.rows import insert_on_conflict, insert_rows
from lifecycle.listings.repository import Window
from lifecycle.listings.windowed import windowed_rows
from lifecycle.occasions.index_model import OccasionEntry
from lifecycle.occasions.index_repository import bytewise
from lifecycle.reminders.model import JobRun, OutboxMessage, ReminderItem
from lifecycle.reminders.policy import ONCE_STEPS
from lifecycle.scope import Scope
from lifecycle.unions.model import Union, UnionContact
from lifecycle.vocab import OutboxStatus

S = TypeVar("S", bound=Select[*tuple[Any, ...]])
# "wksh" + 2: the transaction-level advisory lock of the reminder sweep.
_SWEEP_LOCK = 0x776B7368_0002
# An item's dedup key: (recipient email, kind, occasion key, due date, lead step).
ItemKey = tuple[str, str, str, date, str]
# The tables themselves: a sweep's rows go through Core (no ORM bulk step per row).
_ITEMS = ReminderItem.metadata.tables[ReminderItem.__tablename__]
OUTBOX = OutboxMessage.metadata.tables[OutboxMessage.__tablename__]


@dataclass(frozen=True)
class HistoryFilter:
    """Which of a recipient's reminders to list (every bound inclusive)."""

    status: OutboxStatus | None = None
    sweep_from: date | None = None
    sweep_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None


def where_given(stmt: S, *bounds: tuple[Any, Callable[..., Any], Any]) -> S:
    """``stmt`` narrowed by each (column, operator, value) whose value is given (not None)."""
    return stmt.where(*(op(column, value) for column, op, value in bounds if value is not None))


# A contact's email as recipients are keyed (``Recipient.email``, normalised).
EMAIL_KEY = func.lower(func.trim(UnionContact.email))


def unclaimed(now: datetime) -> ColumnElement[bool]:
    """Pending and held by no sender (a live claim is being sent)."""
    o = OutboxMessage
    return and_(
        o.status == OutboxStatus.PENDING, or_(o.claimed_until.is_(None), o.claimed_until < now)
    )


class Recipient(NamedTuple):
    """A contact of a union under its normalised email, with the name its digest carries."""

    email: str
    name: str
    digest_name: str  # the first contact (by id) with that email, wherever
    role: str


class ReminderRepository:
    """Reminder items and job runs; recipients are the contacts of the acting unions."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def claim_run(self, job: str, run_date: date, now: datetime) -> bool:
        """Claim ``job`` for ``run_date``; False when another run already holds it."""
        claim = insert_on_conflict(self.session, JobRun.__table__).on_conflict_do_nothing()
        row = {"job": job, "run_date": run_date, "started_at": now}
        return self.session.scalars(claim.returning(JobRun.id), [row]).first() is not None

    def record_run(self, job: str, run_date: date, *, items: int, messages: int) -> None:
        """Keep on the claim of ``job`` for ``run_date`` what the run wrote."""
        stmt = update(JobRun).where(JobRun.job == job, JobRun.run_date == run_date)
        self.session.execute(stmt.values(items_created=items, messages_created=messages))

    def runs(self, job: str, limit: int, offset: int = 0) -> Sequence[JobRun]:
        """The latest ``limit`` runs of ``job`` after the first ``offset``, the latest date
        first (one run a date: the order is the same on every page)."""
        stmt = select(JobRun).where(JobRun.job == job).order_by(JobRun.run_date.desc())
        return self.session.scalars(stmt.limit(limit).offset(offset)).all()

    def run_count(self, job: str) -> int:
        """How many runs of ``job`` are kept."""
        return int(self.session.scalar(select(func.count()).where(JobRun.job == job)) or 0)

    def last_run_date(self, job: str) -> date | None:
        """The latest date ``job`` ran for."""
        return self.session.scalar(select(func.max(JobRun.run_date)).where(JobRun.job == job))

    def run_dates(self, job: str, since: date) -> set[date]:
        """The dates ``job`` ran for since ``since``."""
        stmt = select(JobRun.run_date).where(JobRun.job == job, JobRun.run_date >= since)
        return set(self.session.scalars(stmt))

    def union_tree(self) -> tuple[dict[int, int | None], dict[int, str]]:
        """Each union's parent, and its name (a reminder goes up to a union with contacts)."""
        rows = self.session.execute(select(Union.id, Union.parent_id, Union.name)).all()
        return {u: parent for u, parent, _ in rows}, {u: name for u, _, name in rows}

    def lock_sweeps(self) -> None:
        """Hold the sweep lock until the transaction ends: sweeps run one after another, so
        what one finds already announced stays so (SQLite: every write transaction is one)."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SWEEP_LOCK})

    def recipients(self) -> dict[int, list[Recipient]]:
        """Every contact, once per union under its normalised email, by union."""
        c = UnionContact
        stmt = select(c.union_id, c.name, c.email, c.role).order_by(c.id)
        digest_names: dict[str, str] = {}
        found: dict[int, list[Recipient]] = defaultdict(list)
        for union_id, name, email, role in self.session.execute(stmt):
            address = email.strip().lower()
            digest_name = digest_names.setdefault(address, name)
            if all(r.email != address for r in found[union_id]):  # a union's contacts are few
                found[union_id].append(Recipient(address, name, digest_name, role.value))
        return found

    def swept(self, as_of: date) -> bool:
        """Whether some sweep for ``as_of`` stored items already (else none is stored)."""
        stmt = select(ReminderItem.id).where(ReminderItem.sweep_date == as_of).limit(1)
        return self.session.scalar(stmt) is not None

    def last_swept(self, as_of: date) -> date | None:
        """The latest day before ``as_of`` a sweep stored items for (None: none)."""
        i = ReminderItem
        return self.session.scalar(select(func.max(i.sweep_date)).where(i.sweep_date < as_of))

    def told(self, occasions: Collection[tuple[str, str]]) -> set[tuple[str, str, str, date]]:
        """(recipient, kind, occasion key, due date) of every item stored about ``occasions``
        ((kind, key) pairs; a few: the duties new since the last sweep), any step, any day."""
        i = ReminderItem
        found: set[tuple[str, str, str, date]] = set()
        wanted = set(occasions)
        for part in batches(sorted({key for _, key in wanted})):
            stmt = select(i.recipient_email, i.kind, i.occasion_key, i.due_on).where(
                i.occasion_key.in_(part)
            )
            found.update((e, k, o, d) for e, k, o, d in self.session.execute(stmt))
        return {t for t in found if (t[1], t[2]) in wanted}

    def stored_keys(self, as_of: date | None, emails: Collection[str]) -> set[ItemKey]:
        """The keys of the items to ``emails`` stored by a sweep for ``as_of`` (None: none ran),
        and of those announced once whatever the day (``policy.ONCE_STEPS``): only these can
        share a key with the day's, as (due date, lead step) fixes the sweep date otherwise."""
        i = ReminderItem
        columns = (i.recipient_email, i.kind, i.occasion_key, i.due_on, i.lead_step)
        found: set[ItemKey] = set()
        for part in batches(emails):
            # Announced once: a few rows, found by the (lead step, recipient) index.
            days: list[ColumnElement[bool]] = [i.lead_step.in_(sorted(ONCE_STEPS))]
            if as_of is not None:
                days.append(i.sweep_date == as_of)
            for day in days:
                stmt = select(*columns).where(day, i.recipient_email.in_(part))
                found.update((e, k, o, d, s) for e, k, o, d, s in self.session.execute(stmt))
        return found

    def add_digests(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
        """Outbox messages; their ids by dedup key."""
        insert_rows(self.session, OUTBOX, rows)
        found: dict[str, int] = {}
        for keys in batches([r["dedup_key"] for r in rows]):
            o = OutboxMessage
            stmt = select(o.dedup_key, o.id).where(o.dedup_key.in_(keys))
            found.update((key, i) for key, i in self.session.execute(stmt))
        return found

    def supersede(
        self, emails: Collection[str], keys: tuple[str, str], now: datetime
    ) -> list[dict[str, Any]]:
        """Take out of the queue the digests to ``emails`` named in ``keys`` (from, before: the
        digests of earlier days) still pending and held by no sender (a live claim is being
        sent: left alone), marking them superseded; their items."""
        o = OutboxMessage
        named = bytewise(self.session, o.dedup_key.expression)  # the range in byte order
        ids: list[int] = []
        for part in batches(emails):
            stmt = (
                update(o)
                .where(
                    o.recipient_email.in_(part),
                    unclaimed(now),
                    named >= keys[0],
                    named < keys[1],
                )
                .values(status=OutboxStatus.SUPERSEDED)
                .returning(o.id)
            )
            ids += self.session.scalars(stmt, execution_options={"synchronize_session": False})
        return self.items_of(ids)

    def items_of(self, outbox_ids: Collection[int]) -> list[dict[str, Any]]:
        """The reminder items (column values) the mails ``outbox_ids`` carry."""
        found: list[dict[str, Any]] = []
        for chunk in batches(outbox_ids):
            items = select(_ITEMS).where(_ITEMS.c.outbox_id.in_(chunk))
            found += (dict(row) for row in self.session.execute(items).mappings())
        return found

    def withdraw_pending(self, email: str, reason: str, now: datetime) -> int:
        """Take the mails to ``email`` still pending and held by no sender out of the queue, as
        failed with ``reason`` (an administrator reads them on the outbox page); how many."""
        o = OutboxMessage
        stmt = (
            update(o)
            .where(o.recipient_email == email, unclaimed(now))
            .values(status=OutboxStatus.FAILED, failure_reason=reason, claimed_until=None)
            .returning(o.id)
        )
        return len(
            list(self.session.scalars(stmt, execution_options={"synchronize_session": False}))
        )

    def contacts_among(self, emails: Collection[str]) -> set[str]:
        """Which of ``emails`` (normalised) are still some union's contact."""
        if not emails:
            return set()
        stmt = select(EMAIL_KEY).where(EMAIL_KEY.in_(sorted(emails))).distinct()
        return set(self.session.scalars(stmt))

    def leave_out(self, item_ids: Collection[int], reason: str) -> None:
        """Mark items (by id) left out of the digest carrying them, for ``reason``."""
        for part in batches(item_ids):
            stmt = update(_ITEMS).where(_ITEMS.c.id.in_(part)).values(left_out=reason)
            self.session.connection().execute(stmt)

    def move_items(self, outbox_of: Mapping[int, int]) -> None:
        """Put items (by id) into other digests (by outbox id)."""
        if outbox_of:
            stmt = update(_ITEMS).where(_ITEMS.c.id == bindparam("item_id"))
            rows = [{"item_id": item, "into": into} for item, into in outbox_of.items()]
            self.session.connection().execute(stmt.values(outbox_id=bindparam("into")), rows)

    def add_items(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Reminder items; how many (their keys were checked new under the sweep lock, so a
        conflict is a bug and fails the sweep, writing nothing)."""
        return insert_rows(self.session, _ITEMS, rows)

    def history(
        self, email: str, scope: Scope, flt: HistoryFilter, *, limit: int, offset: int
    ) -> tuple[list[tuple[ReminderItem, OutboxMessage | None, str]], int]:
        """Reminders sent to ``email`` in ``scope``, newest sweep first, each with the name of
        the union that must act on it, and how many match."""
        stmt = (
            select(ReminderItem, OutboxMessage, Union.name)
            .join(Union, Union.id == ReminderItem.union_id)
            .outerjoin(OutboxMessage, OutboxMessage.id == ReminderItem.outbox_id)
            .where(ReminderItem.recipient_email == email, scope.clause(Union.path))
        )
        # An item left out of its mail (``left_out``) is withdrawn, whatever its mail's status.
        if flt.status is OutboxStatus.WITHDRAWN:
            left_out = ReminderItem.left_out.is_not(None)
            stmt = stmt.where(or_(OutboxMessage.status == flt.status, left_out))
        elif flt.status is not None:
            stmt = stmt.where(OutboxMessage.status == flt.status, ReminderItem.left_out.is_(None))
        stmt = where_given(
            stmt,
            (ReminderItem.sweep_date, ge, flt.sweep_from),
            (ReminderItem.sweep_date, le, flt.sweep_to),
            (ReminderItem.due_on, ge, flt.due_from),
            (ReminderItem.due_on, le, flt.due_to),
        )
        ordered = stmt.order_by(
            ReminderItem.sweep_date.desc(), ReminderItem.due_on, ReminderItem.id
        )
        found = windowed_rows(self.session, ordered, Window(limit, offset))
        return list(found.items), found.total

    def acting_now(self, keys: Collection[str]) -> dict[str, tuple[int, str]]:
        """The union (id, name) that must act now on each occasion of ``keys`` still outstanding
        (in the occasion index); a key not returned is no longer outstanding."""
        found: dict[str, tuple[int, str]] = {}
        for chunk in batches(keys):
            rows = self.session.execute(
                select(OccasionEntry.key, Union.id, Union.name)
                .join(Union, Union.id == OccasionEntry.union_id)
                .where(OccasionEntry.key.in_(chunk))
            )
            found.update({key: (union_id, name) for key, union_id, name in rows})
        return found
