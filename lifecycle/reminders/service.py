"""The daily sweep: occasions due an announcement → items per recipient → one digest each (§6)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from lifecycle.occasions.model import (
    OCCASION_KIND_LABELS,
    OCCASION_STATUS_LABELS,
    Occasion,
    OccasionKind,
    OccasionStatus,
)
from lifecycle.occasions.service import iter_occasions_for_union
from lifecycle.reminders.model import OutboxMessage, ReminderItem
from lifecycle.reminders.policy import ReminderPolicy, lead_step, step_label
from lifecycle.uow import UnitOfWork

SWEEP_JOB = "reminder_sweep"
DIGEST_KIND = "reminder_digest"


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


def _label(kind: str) -> str:
    """The kind in Chinese; a kind unknown here shows its code rather than failing."""
    try:
        return OCCASION_KIND_LABELS[OccasionKind(kind)]
    except (KeyError, ValueError):
        return kind


def _status_label(status: str) -> str:
    try:
        return OCCASION_STATUS_LABELS[OccasionStatus(status)]
    except (KeyError, ValueError):
        return status


def item_payload(item: ReminderItem) -> dict[str, Any]:
    """An item as the digest mail shows it (plain JSON, rendered by notifications/)."""
    return {
        "kind": item.kind,
        "kind_label": _label(item.kind),
        "title": item.title,
        "subject": item.subject,
        "due_on": item.due_on.isoformat(),
        "step": item.lead_step,
        "step_label": step_label(item.lead_step),
        "status": item.occasion_status,
        "status_label": _status_label(item.occasion_status),
        "link": item.link,
    }


def sweep(uow: UnitOfWork, as_of: date, *, policy: ReminderPolicy, now: datetime) -> SweepResult:
    """Write the day's new reminder items and one outbox digest per recipient (DOMAIN.md §6)."""
    found = list(announcements(uow, as_of, policy))
    contacts = uow.reminders.contacts_of({o.union_id for o, _ in found})
    rows: list[dict[str, Any]] = []
    for o, step in found:
        for name, email in contacts.get(o.union_id, ()):
            rows.append(
                {
                    "kind": o.kind.value,
                    "occasion_key": o.key,
                    "due_on": o.due_on,
                    "recipient_email": email.strip().lower(),
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
            )
    new_ids = uow.reminders.add_items(rows)
    per_recipient: dict[str, list[ReminderItem]] = defaultdict(list)
    for row in rows:
        key = (row["kind"], row["occasion_key"], row["due_on"], row["recipient_email"])
        item_id = new_ids.pop((*key, row["lead_step"]), None)
        if item_id is not None:
            per_recipient[row["recipient_email"]].append(ReminderItem(id=item_id, **row))
    digests: list[Digest] = []
    carried_by: list[tuple[int, int]] = []
    for email in sorted(per_recipient):
        items = sorted(per_recipient[email], key=lambda i: (i.due_on, i.kind, i.subject, i.id))
        payload_items = tuple(item_payload(i) for i in items)
        name = items[0].recipient_name
        message = uow.outbox.add(
            OutboxMessage(
                kind=DIGEST_KIND,
                # Items are unique, so the first item's id names this digest for good.
                dedup_key=f"{DIGEST_KIND}:{as_of.isoformat()}:{email}:{min(i.id for i in items)}",
                recipient_email=email,
                recipient_name=name,
                payload={"as_of": as_of.isoformat(), "name": name, "items": list(payload_items)},
                next_attempt_at=now,
                created_at=now,
            )
        )
        carried_by.extend((i.id, message.id) for i in items)
        digests.append(Digest(message.id, email, name, payload_items))
    uow.reminders.attach(carried_by)
    return SweepResult(as_of, len(carried_by), tuple(digests))


def run_sweep(
    uow: UnitOfWork, as_of: date, *, policy: ReminderPolicy, now: datetime
) -> SweepResult:
    """The sweep for ``as_of`` at most once: a job-run claim row in the same transaction."""
    run_id = uow.reminders.claim_run(SWEEP_JOB, as_of, now)
    if run_id is None:
        return SweepResult(as_of, 0, (), already_ran=True)
    result = sweep(uow, as_of, policy=policy, now=now)
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
