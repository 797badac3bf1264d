"""The daily sweep: occasions due an announcement → items per recipient → one digest each (§6)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any

from lifecycle.occasions import index as occasion_index
from lifecycle.occasions.model import (
    OCCASION_KIND_LABELS,
    OCCASION_STATUS_LABELS,
    Occasion,
    OccasionKind,
    OccasionStatus,
)
from lifecycle.occasions.service import iter_occasions_for_union
from lifecycle.reminders.model import ReminderItem
from lifecycle.reminders.policy import ReminderPolicy, announcement_dates, lead_step, step_label
from lifecycle.uow import UnitOfWork

SWEEP_JOB = "reminder_sweep"
DIGEST_KIND = "reminder_digest"
# Items written per round (whole recipients only): bounds the sweep's memory, not its work.
_ITEMS_PER_WRITE = 20_000

Row = dict[str, Any]


@dataclass(frozen=True)
class Digest:
    """One recipient's mail of the day and the items it lists."""

    outbox_id: int
    recipient_email: str
    recipient_name: str
    items: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class SweepResult:
    """What one sweep created (nothing on a rerun of the same date)."""

    as_of: date
    items_created: int
    digests: tuple[Digest, ...]
    already_ran: bool = False


def announcements(
    uow: UnitOfWork, as_of: date, policy: ReminderPolicy
) -> Iterator[tuple[Occasion, str]]:
    """Every occasion the policy announces on ``as_of``, with its lead step (the one selection)."""
    end = as_of + timedelta(days=policy.horizon_days)
    for root_id in uow.reminders.root_union_ids():
        found_all = iter_occasions_for_union(uow, root_id, as_of, end, as_of, outstanding_only=True)
        for found in found_all:
            step = lead_step(found, as_of, policy)
            if step is not None:
                yield found, step


@lru_cache(maxsize=256)
def _label(kind: str) -> str:
    """The kind in Chinese; a kind unknown here shows its code rather than failing."""
    try:
        return OCCASION_KIND_LABELS[OccasionKind(kind)]
    except (KeyError, ValueError):
        return kind


@lru_cache(maxsize=64)
def _status_label(status: str) -> str:
    try:
        return OCCASION_STATUS_LABELS[OccasionStatus(status)]
    except (KeyError, ValueError):
        return status


_step_label = lru_cache(maxsize=4096)(step_label)


def item_payload(item: ReminderItem) -> dict[str, Any]:
    """An item as the digest mail shows it (plain JSON, rendered by notifications/)."""
    return payload_of(
        {
            "kind": item.kind,
            "title": item.title,
            "subject": item.subject,
            "due_on": item.due_on,
            "lead_step": item.lead_step,
            "occasion_status": item.occasion_status,
            "link": item.link,
        }
    )


def payload_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """An item row (column values) as the digest mail shows it."""
    return {
        "kind": row["kind"],
        "kind_label": _label(row["kind"]),
        "title": row["title"],
        "subject": row["subject"],
        "due_on": row["due_on"].isoformat(),
        "step": row["lead_step"],
        "step_label": _step_label(row["lead_step"]),
        "status": row["occasion_status"],
        "status_label": _status_label(row["occasion_status"]),
        "link": row["link"],
    }


def _item_row(o: Occasion, step: str, contact: tuple[str, str], as_of: date, now: datetime) -> Row:
    name, email = contact
    return {
        "kind": o.kind.value,
        "occasion_key": o.key,
        "due_on": o.due_on,
        "recipient_email": email,
        "lead_step": step,
        "recipient_name": name,
        "designation_id": o.designation_id,
        "union_id": o.union_id,
        "title": o.title,
        "subject": o.subject,
        "link": o.link,
        "occasion_status": o.status.value,
        "sweep_date": as_of,
        "created_at": now,
    }


def _digest_order(row: Row) -> tuple[str, date, str, str, str]:
    return (row["recipient_email"], row["due_on"], row["kind"], row["subject"], row["occasion_key"])


def announced_rows(
    uow: UnitOfWork, as_of: date, policy: ReminderPolicy, now: datetime
) -> Iterator[Row]:
    """The day's item rows (one per occasion and recipient), grouped by recipient, in digest
    order: streamed from the occasion index when it answers for ``as_of``, else generated."""
    end = as_of + timedelta(days=policy.horizon_days)
    if not occasion_index.usable(uow, end, as_of):
        rows = [
            _item_row(o, step, (name, email.strip().lower()), as_of, now)
            for o, step, contacts in _with_contacts(uow, as_of, policy)
            for name, email in contacts
        ]
        yield from sorted(rows, key=_digest_order)
        return
    earliest = uow.reminders.earliest_indexed_due()
    if earliest is None:
        return
    dates = announcement_dates(policy, as_of, earliest)
    # Status and step depend on (kind, due date, window, standing) only: decided once per
    # combination by the same pure functions as everywhere else.
    decided: dict[tuple[str, date, int, bool], tuple[str, str] | None] = {}
    for entry in uow.reminders.indexed_announcements(as_of, dates):
        combo = (entry.kind, entry.due_on, entry.window_days, entry.standing)
        if combo not in decided:
            o = occasion_index.entry_to_occasion(tuple(entry)[2:], as_of)
            step = lead_step(o, as_of, policy)
            decided[combo] = None if step is None else (step, o.status.value)
        decision = decided[combo]
        if decision is None:
            continue
        step, status = decision
        yield {
            "kind": entry.kind,
            "occasion_key": entry.key,
            "due_on": entry.due_on,
            "recipient_email": entry.email,
            "lead_step": step,
            "recipient_name": entry.name,
            "designation_id": entry.designation_id,
            "union_id": entry.union_id,
            "title": entry.title,
            "subject": entry.subject,
            "link": entry.link,
            "occasion_status": status,
            "sweep_date": as_of,
            "created_at": now,
        }


def _with_contacts(
    uow: UnitOfWork, as_of: date, policy: ReminderPolicy
) -> Iterator[tuple[Occasion, str, list[tuple[str, str]]]]:
    found = list(announcements(uow, as_of, policy))
    contacts = uow.reminders.contacts_of({o.union_id for o, _ in found})
    for o, step in found:
        yield o, step, contacts.get(o.union_id, [])


def sweep(
    uow: UnitOfWork,
    as_of: date,
    *,
    policy: ReminderPolicy,
    now: datetime,
    detail: bool = True,
) -> SweepResult:
    """Write the day's new reminder items and one outbox digest per recipient (DOMAIN.md §6).

    Streams: recipients are written ``_ITEMS_PER_WRITE`` items at a time (the items whose dedup
    key is new, a digest for each recipient of them, the items linked to it, insert-or-ignore).
    ``detail=False`` leaves the items out of the returned digests (the job only counts them).
    """
    uow.reminders.lock_sweeps()
    digests: list[Digest] = []
    created = 0
    batch: list[Row] = []
    for _email, rows in groupby(
        announced_rows(uow, as_of, policy, now), key=itemgetter("recipient_email")
    ):
        batch.extend(rows)
        if len(batch) >= _ITEMS_PER_WRITE:
            created += _write(uow, batch, as_of, now, digests, detail=detail)
            batch = []
    if batch:
        created += _write(uow, batch, as_of, now, digests, detail=detail)
    return SweepResult(as_of, created, tuple(digests))


def _write(
    uow: UnitOfWork,
    rows: list[Row],
    as_of: date,
    now: datetime,
    digests: list[Digest],
    *,
    detail: bool,
) -> int:
    """Write the new items of whole recipients: one digest each first, then the items linked
    to it (the sweep lock keeps "new" true until the commit)."""
    existing = uow.reminders.existing_keys(rows)
    per_recipient: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        key = (row["kind"], row["occasion_key"], row["due_on"], row["recipient_email"])
        if (*key, row["lead_step"]) not in existing:
            per_recipient[row["recipient_email"]].append(row)
    if not per_recipient:
        return 0
    messages: list[dict[str, Any]] = []
    payloads: list[list[dict[str, Any]]] = []
    for email, items in per_recipient.items():
        payload_items = [payload_of(row) for row in items]
        name = items[0]["recipient_name"]
        payloads.append(payload_items)
        messages.append(
            {
                "kind": DIGEST_KIND,
                "dedup_key": f"{DIGEST_KIND}:{as_of.isoformat()}:{email}:{_first_item(items)}",
                "recipient_email": email,
                "recipient_name": name,
                "payload": {"as_of": as_of.isoformat(), "name": name, "items": payload_items},
                "next_attempt_at": now,
                "created_at": now,
            }
        )
    outbox_ids = uow.outbox.add_many(messages)
    linked: list[Row] = []
    for outbox_id, message, payload_items, items in zip(
        outbox_ids, messages, payloads, per_recipient.values(), strict=True
    ):
        linked.extend({**row, "outbox_id": outbox_id} for row in items)
        shown = tuple(payload_items) if detail else ()
        digests.append(
            Digest(outbox_id, message["recipient_email"], message["recipient_name"], shown)
        )
    uow.reminders.add_linked_items(linked)
    return len(linked)


def _first_item(items: list[Row]) -> str:
    """Items are unique, so the first item's dedup key names its digest for good (hashed)."""
    first = items[0]
    key = "|".join(
        str(first[c]) for c in ("kind", "occasion_key", "due_on", "recipient_email", "lead_step")
    )
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def run_sweep(
    uow: UnitOfWork, as_of: date, *, policy: ReminderPolicy, now: datetime, detail: bool = True
) -> SweepResult:
    """The sweep for ``as_of`` at most once: a job-run claim row in the same transaction."""
    run_id = uow.reminders.claim_run(SWEEP_JOB, as_of, now)
    if run_id is None:
        return SweepResult(as_of, 0, (), already_ran=True)
    result = sweep(uow, as_of, policy=policy, now=now, detail=detail)
    uow.reminders.record_run(run_id, result.items_created, len(result.digests))
    return result


def dates_to_sweep(uow: UnitOfWork, today: date, catch_up_days: int) -> list[date]:
    """Today, plus the last ``catch_up_days`` dates no sweep ran for (missed while down)."""
    last = uow.reminders.last_run_date(SWEEP_JOB)
    if last is None or catch_up_days <= 0:
        return [today]
    since = max(last + timedelta(days=1), today - timedelta(days=catch_up_days))
    done = uow.reminders.runs(SWEEP_JOB, since)
    days = [since + timedelta(days=n) for n in range((today - since).days + 1)]
    return [d for d in days if d not in done] or [today]
