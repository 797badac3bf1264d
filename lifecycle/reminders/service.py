"""The daily sweep: occasions due an announcement → items per recipient → one digest each (§6).

Every decision is a pure function: which occasions exist (the occasion rules), which are
announced today (``policy.lead_step``), who is told (``policy.reaches``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from lifecycle.occasions import index as occasion_index
from lifecycle.occasions.facts import Window
from lifecycle.occasions.model import (
    OCCASION_KIND_LABELS,
    OCCASION_STATUS_LABELS,
    Occasion,
    OccasionKind,
    OccasionStatus,
)
from lifecycle.occasions.service import iter_occasions_for_union
from lifecycle.reminders.model import ReminderItem
from lifecycle.reminders.policy import (
    ReminderPolicy,
    announcement_dates,
    lead_step,
    reaches,
    step_label,
)
from lifecycle.reminders.repository import Recipient
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import OutboxStatus

SWEEP_JOB = "reminder_sweep"
ItemRow = dict[str, Any]
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
    """Every occasion the policy announces on ``as_of``, with its lead step (the one selection).

    From the occasion index (the rule's projection) when it reaches the horizon, fetching only
    the entries due on a day the policy may announce (``announcement_dates``); else from the
    generators. Either way ``lead_step`` and ``Occasion.visible_on`` decide.
    """
    end = as_of + timedelta(days=policy.horizon_days)
    if occasion_index.usable(uow, end, as_of):
        earliest = uow.occasion_index.earliest_due()
        if earliest is None:
            return
        dates = announcement_dates(policy, as_of, earliest)
        window = Window(earliest, end, include_overdue=True)
        found_all: Iterable[Occasion] = occasion_index.read(
            uow, None, window, as_of, due_dates=dates
        )
    else:
        found_all = (
            found
            for root_id in uow.reminders.root_union_ids()
            for found in iter_occasions_for_union(
                uow, root_id, as_of, end, as_of, outstanding_only=True, scope=EVERYTHING
            )
        )
    for found in found_all:
        step = lead_step(found, as_of, policy)
        if step is not None and found.visible_on(as_of):
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


class Item(NamedTuple):
    """One announced occasion for one recipient (the occasion shared by all its recipients)."""

    occasion: Occasion
    step: str
    name: str  # the recipient's name at the acting union

    def row(self, email: str) -> ItemRow:
        """The item's columns, as stored and as ``payload_of`` reads them."""
        o = self.occasion
        return {
            "kind": o.kind.value,
            "occasion_key": o.key,
            "due_on": o.due_on,
            "recipient_email": email,
            "lead_step": self.step,
            "recipient_name": self.name,
            "designation_id": o.designation_id,
            "union_id": o.union_id,
            "title": o.title,
            "subject": o.subject,
            "link": o.link,
            "occasion_status": o.status.value,
        }


def _digest_key(kind: str, as_of: date, email: str, rows: Sequence[ItemRow]) -> str:
    """Names a digest for good: the day, the recipient and a hash of its first item."""
    first = min(
        f"{i['kind']}|{i['occasion_key']}|{i['due_on'].isoformat()}|{i['lead_step']}" for i in rows
    )
    digest = hashlib.sha256(first.encode()).hexdigest()[:16]
    return f"{kind}:{as_of.isoformat()}:{email}:{digest}"


def day_items(
    uow: UnitOfWork,
    as_of: date,
    policy: ReminderPolicy,
    recipients: Mapping[int, Sequence[Recipient]],
) -> dict[str, list[Item]]:
    """The day's new items by recipient email: each announced occasion once per contact of the
    acting union whose role can act on it (``reaches``), less those stored before."""
    stored = uow.reminders.stored_keys(as_of)
    by_email: dict[str, list[Item]] = defaultdict(list)
    seen: set[tuple[str, str, date, str]] = set()
    for o, step in announcements(uow, as_of, policy):
        kind = o.kind.value
        if (kind, o.key, o.due_on, step) in seen:
            continue
        seen.add((kind, o.key, o.due_on, step))
        for r in recipients.get(o.union_id, ()):
            if not reaches(r.role, kind) or (r.email, kind, o.key, o.due_on, step) in stored:
                continue
            by_email[r.email].append(Item(o, step, r.name))
    return by_email


def sweep(
    uow: UnitOfWork,
    as_of: date,
    *,
    policy: ReminderPolicy,
    now: datetime,
    detail: bool = True,
    batch: int = 100,
) -> SweepResult:
    """Write the day's new reminder items and one outbox digest per recipient (DOMAIN.md §6).

    Under the sweep lock: the day's items come from the occasion rules (``announcements``),
    grouped by recipient in Python and written as ordinary rows of this unit of work, a batch
    of recipients at a time (each digest, then its items linked to it).
    ``detail=False`` leaves the items out of the returned digests (the job only counts them).
    """
    repo = uow.reminders
    repo.lock_sweeps()
    recipients = repo.recipients()
    by_email = day_items(uow, as_of, policy, recipients)
    names = {r.email: r.digest_name for rs in recipients.values() for r in rs}
    digests: list[Digest] = []
    created = 0
    emails = sorted(by_email)
    for start in range(0, len(emails), batch):
        chunk = emails[start : start + batch]
        rows: list[dict[str, Any]] = []
        shown: list[list[dict[str, Any]]] = []
        per_email: list[list[ItemRow]] = []
        for email in chunk:
            items = sorted(
                (i.row(email) for i in by_email.pop(email)),
                key=lambda i: (i["due_on"], i["kind"], i["subject"], i["occasion_key"]),
            )
            per_email.append(items)
            payload_items = [payload_of(i) for i in items]
            shown.append(payload_items)
            rows.append(
                {
                    "kind": DIGEST_KIND,
                    "dedup_key": _digest_key(DIGEST_KIND, as_of, email, items),
                    "recipient_email": email,
                    "recipient_name": names[email],
                    "payload": {
                        "as_of": as_of.isoformat(),
                        "name": names[email],
                        "items": payload_items,
                    },
                    "status": OutboxStatus.PENDING,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
            )
        ids = repo.add_digests(rows)
        item_rows = [
            {**i, "outbox_id": outbox_id, "sweep_date": as_of, "created_at": now}
            for outbox_id, items in zip(ids, per_email, strict=True)
            for i in items
        ]
        repo.add_items(item_rows)
        created += len(item_rows)
        digests.extend(
            Digest(outbox_id, email, names[email], tuple(items) if detail else ())
            for outbox_id, email, items in zip(ids, chunk, shown, strict=True)
        )
    return SweepResult(as_of, created, tuple(digests))
