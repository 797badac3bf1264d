"""The daily sweep: occasions due an announcement → items per recipient → one digest each (§6)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
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
from lifecycle.scope import EVERYTHING
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
        found_all = iter_occasions_for_union(
            uow, root_id, as_of, end, as_of, outstanding_only=True, scope=EVERYTHING
        )
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


def _decisions(
    combinations: Iterable[tuple[str, date, int, bool]], as_of: date, policy: ReminderPolicy
) -> Iterator[tuple[Any, ...]]:
    """Each announced (kind, due date, window, standing) with its step, status and labels
    (``DECIDED`` order), decided by the same pure functions as a single occasion is."""
    for kind, due_on, window_days, standing in combinations:
        entry = (0, kind, "", due_on, 0, "", "", "", False, standing, None, window_days)
        o = occasion_index.entry_to_occasion(entry, as_of)
        step = lead_step(o, as_of, policy)
        if step is None:
            continue
        status = o.status.value
        labels = (_label(kind), _step_label(step), _status_label(status))
        yield (kind, due_on, window_days, standing, step, status, *labels)


def _generated(
    uow: UnitOfWork,
    as_of: date,
    policy: ReminderPolicy,
    recipients: Mapping[int, list[tuple[str, str, str]]],
) -> Iterator[tuple[Any, ...]]:
    """The day's items from the generators (``NEW_ITEM`` order), once per recipient: the
    fallback when the occasion index does not answer for ``as_of``."""
    seen: set[tuple[str, date, str, str, str]] = set()
    for o, step in announcements(uow, as_of, policy):
        kind, status = o.kind.value, o.status.value
        labels = (_label(kind), _step_label(step), _status_label(status))
        for email, name, digest_name in recipients.get(o.union_id, []):
            key = (email, o.due_on, kind, o.subject, o.key)
            if key in seen:
                continue
            seen.add(key)
            yield (
                *key,
                step,
                name,
                digest_name,
                o.designation_id,
                o.union_id,
                o.title,
                o.link,
                status,
                *labels,
            )


def sweep(
    uow: UnitOfWork,
    as_of: date,
    *,
    policy: ReminderPolicy,
    now: datetime,
    detail: bool = True,
) -> SweepResult:
    """Write the day's new reminder items and one outbox digest per recipient (DOMAIN.md §6).

    The database does the heavy lifting: Python decides each (kind, due date, window, standing)
    combination once with the pure policy functions; one statement stages the day's items whose
    dedup key is new (index entries × decisions × recipients), one writes a digest per recipient
    (the payload built in SQL), one inserts the items linked to it (a plain insert: their keys
    were checked new under the sweep lock). When the occasion index does not answer for
    ``as_of`` the generators' items are staged instead.
    ``detail=False`` leaves the items out of the returned digests (the job only counts them).
    """
    repo = uow.reminders
    repo.lock_sweeps()
    repo.start_sweep()
    recipients = repo.stage_recipients()
    end = as_of + timedelta(days=policy.horizon_days)
    if occasion_index.usable(uow, end, as_of):
        earliest = repo.earliest_indexed_due()
        if earliest is not None:
            dates = announcement_dates(policy, as_of, earliest)
            combinations = repo.indexed_combinations(as_of, dates)
            decided = list(_decisions(combinations, as_of, policy))
            if decided:
                repo.stage_decisions(decided)
                repo.stage_indexed(as_of, [row[1] for row in decided])
    else:
        repo.stage_items(_generated(uow, as_of, policy, recipients))
    written = sorted(repo.write_digests(DIGEST_KIND, as_of, now), key=itemgetter(1))
    created = repo.write_items(as_of, now) if written else 0
    repo.end_sweep()
    payloads = repo.payloads([i for i, _e, _n in written]) if detail else {}
    digests = tuple(
        Digest(i, email, name, tuple(payloads[i]["items"]) if detail else ())
        for i, email, name in written
    )
    return SweepResult(as_of, created, digests)


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
