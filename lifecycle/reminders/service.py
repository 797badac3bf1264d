"""The daily sweep: occasions due an announcement → items per recipient → one digest each (§6);
the occasion rules, ``policy.lead_step`` and ``policy.reaches`` decide, as pure functions."""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from lifecycle.db.batches import IDS_PER_QUERY
from lifecycle.occasions import index as occasion_index
from lifecycle.occasions.facts import Window
from lifecycle.occasions.model import OCCASION_KIND_LABELS, OCCASION_STATUS_LABELS, Occasion
from lifecycle.occasions.service import iter_occasions_for_union
from lifecycle.reminders.policy import (
    ReminderPolicy,
    Routes,
    announcement_dates,
    lead_step,
    reaches,
    step_label,
)
from lifecycle.reminders.repository import Recipient
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DailyJob, OutboxStatus

SWEEP_JOB: str = DailyJob.REMINDER_SWEEP.value
DIGEST_KIND = "reminder_digest"
# Recipients whose items one batch of the sweep holds in memory (their digests whole).
EMAILS_PER_BATCH = 750


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
    uow: UnitOfWork,
    as_of: date,
    policy: ReminderPolicy,
    union_ids: Collection[int] | None = None,
) -> Iterator[tuple[Occasion, str]]:
    """Every occasion announced on ``as_of`` (acted on by one of ``union_ids``) with its lead step:
    from the occasion index when it reaches the horizon (only the due dates ``announcement_dates``
    names), else from the generators; ``lead_step`` and ``visible_on`` decide."""
    end = as_of + timedelta(days=policy.horizon_days)
    found: Iterable[Occasion]
    if occasion_index.usable(uow, end, as_of):
        earliest = uow.occasion_index.earliest_due()
        if earliest is None:
            return
        dates = announcement_dates(policy, as_of, earliest)
        window = Window(earliest, end, include_overdue=True)
        found = occasion_index.read(uow, None, window, as_of, union_ids=union_ids, due_dates=dates)
    else:
        found = (
            o
            for root_id in uow.reminders.root_union_ids()
            for o in iter_occasions_for_union(
                uow, root_id, as_of, end, as_of, outstanding_only=True, scope=EVERYTHING
            )
            if union_ids is None or o.union_id in union_ids
        )
    for o in found:
        step = lead_step(o, as_of, policy)
        if step is not None and o.visible_on(as_of):
            yield o, step


_KIND_LABELS: dict[str, str] = {k.value: label for k, label in OCCASION_KIND_LABELS.items()}
_STATUS_LABELS: dict[str, str] = {s.value: label for s, label in OCCASION_STATUS_LABELS.items()}


def kind_label(kind: str) -> str:
    """The kind in Chinese; a kind unknown here shows its code rather than failing."""
    return _KIND_LABELS.get(kind, kind)


_step_label = lru_cache(maxsize=4096)(step_label)


def payload_of(row: Mapping[str, Any], on_behalf_of: str | None = None) -> dict[str, Any]:
    """An item row (column values) as the digest mail shows it (plain JSON, rendered by
    notifications/); ``on_behalf_of``: the acting union the recipient's union passes it on to."""
    return {
        "kind": row["kind"],
        "kind_label": kind_label(row["kind"]),
        "title": row["title"],
        "subject": row["subject"],
        "due_on": row["due_on"].isoformat(),
        "step": row["lead_step"],
        "step_label": _step_label(row["lead_step"]),
        "status": row["occasion_status"],
        "status_label": _STATUS_LABELS.get(row["occasion_status"], row["occasion_status"]),
        "link": row["link"],
        "on_behalf_of": on_behalf_of,
    }


class Announced(NamedTuple):
    """One occasion announced today, as each of its recipients' items shares it."""

    order: tuple[date, str, str, str]  # how a digest lists its items
    first: str  # names the digest it comes first in (``_digest_key``)
    payload: dict[str, Any]
    row: dict[str, Any]  # the item's columns but the recipient's


def _announced(
    o: Occasion, step: str, as_of: date, now: datetime, on_behalf_of: str | None
) -> Announced:
    kind, status = o.kind.value, o.status.value
    row = {
        "kind": kind,
        "occasion_key": o.key,
        "due_on": o.due_on,
        "lead_step": step,
        "designation_id": o.designation_id,
        "union_id": o.union_id,
        "title": o.title,
        "subject": o.subject,
        "link": o.link,
        "occasion_status": status,
        "sweep_date": as_of,
        "created_at": now,
    }
    return Announced(
        (o.due_on, kind, o.subject, o.key),
        f"{kind}|{o.key}|{o.due_on.isoformat()}|{step}",
        payload_of(row, on_behalf_of),
        row,
    )


def _digest_key(as_of: date, email: str, items: Iterable[Announced]) -> str:
    """Names a digest for good: the day, the recipient and a hash of its first item."""
    digest = hashlib.sha256(min(a.first for a in items).encode()).hexdigest()[:16]
    return f"{DIGEST_KIND}:{as_of.isoformat()}:{email}:{digest}"


def _batches(
    recipients: Mapping[int, Sequence[Recipient]], size: int
) -> Iterator[dict[int, list[Recipient]]]:
    """The recipients ``size`` emails at a time (with every union of each email), by union."""
    unions_of: dict[str, set[int]] = defaultdict(set)
    for union_id, rs in recipients.items():
        for r in rs:
            unions_of[r.email].add(union_id)
    emails = sorted(unions_of, key=lambda e: (min(unions_of[e]), e))  # a union's together
    for start in range(0, len(emails), size):
        batch = set(emails[start : start + size])
        unions = {u for e in batch for u in unions_of[e]}
        yield {u: [r for r in recipients[u] if r.email in batch] for u in unions}


def day_items(
    found: Iterable[tuple[Occasion, str]],
    recipients: Mapping[int, Sequence[Recipient]],
    stored: Collection[tuple[str, str, str, date, str]],
    routes: Routes,
    *,
    as_of: date,
    now: datetime,
) -> dict[str, list[tuple[Announced, str]]]:
    """The new items by recipient email, with the recipient's name at its union: each announced
    occasion once per contact whose role can act on it (``reaches``) at the acting union, or at
    the nearest union above it with such a contact, on its behalf (``routes``), less ``stored``."""
    by_email: dict[str, list[tuple[Announced, str]]] = defaultdict(list)
    seen: set[tuple[str, str, date, str]] = set()
    for o, step in found:
        ident = (o.kind.value, o.key, o.due_on, step)
        if ident in seen:
            continue
        seen.add(ident)
        shared: Announced | None = None
        to = routes.to(o.union_id, ident[0])
        for r in recipients.get(to, ()) if to is not None else ():
            if reaches(r.role, ident[0]) and (r.email, *ident) not in stored:
                behalf = None if to == o.union_id else routes.names.get(o.union_id)
                shared = shared or _announced(o, step, as_of, now, behalf)
                by_email[r.email].append((shared, r.name))
    return by_email


def routes_of(uow: UnitOfWork, recipients: Mapping[int, Sequence[Recipient]]) -> Routes:
    """Where each union's items go, from its contacts' roles and the union tree (``route``)."""
    tree = uow.reminders.union_tree()
    return Routes(
        {union_id: {r.role for r in rs} for union_id, rs in recipients.items()},
        {union_id: parent for union_id, (parent, _) in tree.items()},
        {union_id: name for union_id, (_, name) in tree.items()},
    )


@contextmanager
def _cycles_left_for_later() -> Iterator[None]:
    """The cycle collector paused for a sweep: its rows form no cycles (reference counting
    frees them), while each full collection would walk every row held (seconds at the peak)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def sweep(
    uow: UnitOfWork,
    as_of: date,
    *,
    policy: ReminderPolicy,
    now: datetime,
    detail: bool = True,
    emails_per_batch: int = EMAILS_PER_BATCH,
) -> SweepResult:
    """Write the day's new reminder items and one outbox digest per recipient (DOMAIN.md §6):
    under the sweep lock, a batch of recipients at a time, less the items stored before.
    ``detail=False`` leaves the items out of the returned digests."""
    repo = uow.reminders
    repo.lock_sweeps()
    recipients = repo.recipients()
    routes = routes_of(uow, recipients)
    swept = repo.swept(as_of)  # before this sweep wrote: only then can an item be stored
    names = {r.email: r.digest_name for rs in recipients.values() for r in rs}
    digests: list[Digest] = []
    created = 0
    if not occasion_index.usable(uow, as_of + timedelta(days=policy.horizon_days), as_of):
        emails_per_batch = max(len(names), 1)  # each batch would run every generator: one
    with _cycles_left_for_later():
        for batch in _batches(recipients, emails_per_batch):
            emails = {r.email for rs in batch.values() for r in rs}
            stored = repo.stored_keys(as_of, emails) if swept else set()
            acting = routes.acting_for(batch.keys())
            # Past one statement's parameters, read every union's (``day_items`` keeps the batch's).
            found = announcements(
                uow, as_of, policy, acting if len(acting) <= IDS_PER_QUERY else None
            )
            items = day_items(found, batch, stored, routes, as_of=as_of, now=now)
            written, shown = _write(uow, as_of, now, names, items)
            created += written
            digests.extend(d if detail else replace(d, items=()) for d in shown)
    return SweepResult(as_of, created, tuple(digests))


def _write(
    uow: UnitOfWork,
    as_of: date,
    now: datetime,
    names: Mapping[str, str],
    by_email: Mapping[str, list[tuple[Announced, str]]],
) -> tuple[int, list[Digest]]:
    """One digest per recipient listing its items in order, then the items, linked to it: how
    many items, and the digests."""
    ordered = [
        (email, sorted(items, key=lambda i: i[0].order))
        for email, items in sorted(by_email.items())
    ]
    rows: list[dict[str, Any]] = [
        {
            "kind": DIGEST_KIND,
            "dedup_key": _digest_key(as_of, email, (a for a, _ in items)),
            "recipient_email": email,
            "recipient_name": names[email],
            "payload": {
                "as_of": as_of.isoformat(),
                "name": names[email],
                "items": [a.payload for a, _ in items],
            },
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for email, items in ordered
    ]
    ids = uow.reminders.add_digests(rows)
    created = uow.reminders.add_items(
        {
            **a.row,
            "recipient_email": email,
            "recipient_name": name,
            "outbox_id": ids[r["dedup_key"]],
        }
        for r, (email, items) in zip(rows, ordered, strict=True)
        for a, name in items
    )
    return created, [
        Digest(ids[r["dedup_key"]], email, names[email], tuple(r["payload"]["items"]))
        for r, (email, _) in zip(rows, ordered, strict=True)
    ]
