"""The daily sweep: occasions due an announcement → items per recipient → one digest each (§6);
the occasion rules, ``policy.lead_step`` and ``policy.reaches`` decide, as pure functions."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import chain
from typing import Any, NamedTuple

from lifecycle.clock import to_shanghai
from lifecycle.db.batches import IDS_PER_QUERY
from lifecycle.funding.occasions import finding_id_of
from lifecycle.intake.occasions import waiting_occasions
from lifecycle.occasions import index as occasion_index
from lifecycle.occasions.facts import Window
from lifecycle.occasions.model import WARNING_KINDS, Occasion, OccasionKind, OccasionStatus
from lifecycle.reminders.outbox import Claim
from lifecycle.reminders.policy import (
    NEW,
    ReminderPolicy,
    Routes,
    announcement_dates,
    arrival_since,
    arrival_step,
    lead_step,
    reaches,
    step_label,
    told_as_of,
)
from lifecycle.reminders.repository import Recipient
from lifecycle.schemes.words import occasion_kind_label
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DailyJob, OutboxStatus

SWEEP_JOB: str = DailyJob.REMINDER_SWEEP.value
DIGEST_KIND = "reminder_digest"
# Recipients whose items one batch of the sweep holds in memory (their digests whole).
EMAILS_PER_BATCH = 750
FINDING = OccasionKind.FUNDING_FINDING.value


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


def outstanding(
    uow: UnitOfWork,
    as_of: date,
    policy: ReminderPolicy,
    union_ids: Collection[int] | None,
    *,
    dates: Collection[date] | None = None,
    arose: tuple[date, date] | None = None,
) -> Iterator[Occasion]:
    """The occasions outstanding and showing on ``as_of`` due by the policy's horizon (acted on
    by one of ``union_ids``; due on one of ``dates``; in the index, arisen within ``arose``: a
    date range of ``ix_occasion_index_arose``, a few), read from the occasion index (``sweep``
    builds it when it falls short), with the applications waiting for a step (made on each read,
    ``waiting_occasions``)."""
    end = as_of + timedelta(days=policy.horizon_days)
    for o in waiting_occasions(uow, EVERYTHING, as_of):
        if o.due_on <= end and (union_ids is None or o.union_id in union_ids):
            yield o
    window = Window(as_of, end)  # and every overdue one
    yield from occasion_index.read(
        uow, None, window, as_of, union_ids=union_ids, due_dates=dates, arose=arose
    )


def announcements(
    uow: UnitOfWork,
    as_of: date,
    policy: ReminderPolicy,
    union_ids: Collection[int] | None = None,
) -> Iterator[tuple[Occasion, str]]:
    """Every occasion announced on ``as_of`` (acted on by one of ``union_ids``) with its lead step
    (read only on the due dates ``announcement_dates`` names; ``lead_step`` decides)."""
    earliest = uow.occasion_index.earliest_due() or as_of  # how far back overdue repeats reach
    dates = announcement_dates(policy, as_of, earliest)
    for o in outstanding(uow, as_of, policy, union_ids, dates=dates):
        step = lead_step(o, as_of, policy)
        if step is not None:
            yield o, step


def payload_of(
    row: Mapping[str, Any], on_behalf_of: str | None = None, scheme_code: str | None = None
) -> dict[str, Any]:
    """An item row (column values) as the digest of its sweep date shows it, worded as of that
    day (plain JSON, rendered by notifications/); ``on_behalf_of``: the acting union the
    recipient's union passes it on to; ``scheme_code``: the item's title's scheme, whose words
    its kind and 办理要求 use."""
    warning = row["kind"] in WARNING_KINDS
    step = told_as_of(row["lead_step"], row["due_on"], row["sweep_date"], warning=warning)
    return {
        "kind": row["kind"],
        "scheme": scheme_code,
        "kind_label": occasion_kind_label(row["kind"], scheme_code),
        "title": row["title"],
        "subject": row["subject"],
        "due_on": row["due_on"].isoformat(),
        "step": step,
        "step_label": step_label(step),
        "status": row["occasion_status"],
        "link": row["link"],
        "on_behalf_of": on_behalf_of,
        "union_id": row["union_id"],  # the acting union's line: who reads it in the outbox
    }


class Announced(NamedTuple):
    """One occasion announced today, as each of its recipients' items shares it."""

    order: tuple[date, str, str, str]  # how a digest lists its items
    first: str  # names the digest it comes first in (``_digest_key``)
    payload: dict[str, Any]
    row: dict[str, Any]  # the item's columns but the recipient's


def _announced(o: Occasion, step: str, as_of: date, now: datetime, routes: Routes) -> Announced:
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
    payload = payload_of(row, routes.behalf(o.union_id, kind))
    if o.action is not None:  # the stage's own 办理要求 (an application's, a 上海工匠 stage's)
        payload["action"] = o.action
    return Announced(
        (o.due_on, kind, o.subject, o.key),
        f"{kind}|{o.key}|{o.due_on.isoformat()}|{step}",
        payload,
        row,
    )


# A digest's line: the item, its recipient's name, and the id of an item of an earlier digest
# it moves into this one (None: a new item).
Line = tuple[Announced, str, int | None]


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
    told: Collection[tuple[str, str, str, date]] = (),
) -> dict[str, list[Line]]:
    """The new items by recipient email, with the recipient's name at its union: each announced
    occasion once per contact whose role can act on it (``reaches``) at the acting union, or at
    the nearest union above it with such a contact, on its behalf (``routes``), less ``stored``;
    a ``NEW`` one only to a contact no stored item told of it (``told``)."""
    by_email: dict[str, list[Line]] = defaultdict(list)
    seen: set[tuple[str, str, date, str]] = set()
    for o, step in found:
        ident = (o.kind.value, o.key, o.due_on, step)
        if ident in seen:
            continue
        seen.add(ident)
        shared: Announced | None = None
        to = routes.to(o.union_id, ident[0])
        for r in recipients.get(to, ()) if to is not None else ():
            if step == NEW and (r.email, *ident[:3]) in told:
                continue
            if reaches(r.role, ident[0]) and (r.email, *ident) not in stored:
                shared = shared or _announced(o, step, as_of, now, routes)
                by_email[r.email].append((shared, r.name, None))
    return by_email


def carried(
    uow: UnitOfWork,
    items: Sequence[Mapping[str, Any]],
    routes: Routes,
    policy: ReminderPolicy,
    *,
    as_of: date,
    now: datetime,
) -> dict[str, list[Line]]:
    """The items of superseded digests still owed on ``as_of`` (same occasion, same acting
    union), worded as of that day, by recipient; each keeps its row, moved to the day's digest.
    The others were settled before any mail told of them: left out (``ITEM_DONE``)."""
    by_email: dict[str, list[Line]] = defaultdict(list)
    settled = []
    for i, o in zip(items, _owed(uow, items, policy, as_of), strict=True):
        if o is not None:
            line = _announced(o, i["lead_step"], as_of, now, routes)
            by_email[i["recipient_email"]].append((line, i["recipient_name"], i["id"]))
        else:
            settled.append(i["id"])
    uow.reminders.leave_out(settled, ITEM_DONE)
    return by_email


def _owed(
    uow: UnitOfWork, items: Sequence[Mapping[str, Any]], policy: ReminderPolicy, as_of: date
) -> list[Occasion | None]:
    """The occasion of each of ``items`` (reminder item rows) if still owed on ``as_of``:
    outstanding (``outstanding``), not done, at the same due date and acting union; else None."""
    if not items:
        return []
    due = {i["due_on"] for i in items}
    found = outstanding(uow, as_of, policy, {i["union_id"] for i in items}, dates=due)
    owed = {
        (o.kind.value, o.key, o.due_on, o.union_id): o
        for o in found
        if o.status is not OccasionStatus.DONE
    }
    return [owed.get((i["kind"], i["occasion_key"], i["due_on"], i["union_id"])) for i in items]


# Why a queued digest (or one of its items) was not sent: done between the sweep and the drain.
ALL_DONE = "发送前所列事项均已办结或已变更，未发送"
ITEM_DONE = "发送前该事项已办结或已变更，未列入邮件"


def _line(line: Mapping[str, Any]) -> tuple[Any, ...]:
    """A digest line's identity, as its item row gives it too (a date as the line writes it,
    ISO)."""
    return (line.get("kind"), line.get("link"), str(line.get("due_on")), line.get("union_id"))


def still_owed(uow: UnitOfWork, claim: Claim, policy: ReminderPolicy, now: datetime) -> Claim:
    """The claimed digests as sent now (DOMAIN.md §6): each lists only the items still owed at
    delivery (``_owed``, the rule that listed them); an item done since the sweep is left out
    (``ITEM_DONE`` on its row), a digest left with none withdrawn (``ALL_DONE``)."""
    rows = uow.reminders.items_of([m.id for m in claim.messages if m.kind == DIGEST_KIND])
    today = to_shanghai(now).date()
    if not rows or not occasion_index.usable(uow, today + timedelta(policy.horizon_days), today):
        return claim  # what is owed is not known without the index: sent as written
    done: dict[int, set[tuple[Any, ...]]] = defaultdict(set)
    still: dict[int, set[tuple[Any, ...]]] = defaultdict(set)
    for r, o in zip(rows, _owed(uow, rows, policy, today), strict=True):
        (still if o is not None else done)[r["outbox_id"]].add(_line(r))
    sent = []
    for m in claim.messages:
        gone, lines = done[m.id] - still[m.id], m.payload.get("items", [])
        kept = [i for i in lines if _line(i) not in gone]
        if len(kept) == len(lines):
            sent.append(m)
            continue
        if kept:
            uow.outbox.relist(claim.token, m, {**m.payload, "items": kept})
            sent.append(m)
        else:
            uow.outbox.mark(
                claim.token, [m.id], {"status": OutboxStatus.WITHDRAWN, "failure_reason": ALL_DONE}
            )
        left = [r["id"] for r in rows if r["outbox_id"] == m.id and _line(r) in gone]
        uow.reminders.leave_out(left, ITEM_DONE if kept else ALL_DONE)
    return Claim(claim.token, tuple(sent), len(claim.messages) - len(sent))


def routes_of(uow: UnitOfWork, recipients: Mapping[int, Sequence[Recipient]]) -> Routes:
    """Where each union's items go, from its contacts' roles and the union tree (``Routes.to``)."""
    roles = {union_id: {r.role for r in rs} for union_id, rs in recipients.items()}
    return Routes(roles, *uow.reminders.union_tree())


def in_scheme_words(uow: UnitOfWork, by_email: Mapping[str, Sequence[Line]]) -> None:
    """Each item worded in its own title's scheme (its kind, its 办理要求): the schemes of the
    day's items read in one go, each payload told its title's scheme."""
    every = [a for lines in by_email.values() for a, _, _ in lines]
    schemes = uow.designations.scheme_codes(
        {a.row["designation_id"] for a in every if a.row["designation_id"] is not None}
    )
    # An audit finding's 办理要求 cites what its kind breaches (``funding.occasions``).
    findings = {finding_id_of(a.row["occasion_key"]) for a in every if a.row["kind"] == FINDING}
    kinds = uow.funding.finding_kinds(findings)
    for a in every:
        code = schemes.get(a.row["designation_id"])
        a.payload.update(scheme=code, kind_label=occasion_kind_label(a.row["kind"], code))
        if a.row["kind"] == FINDING:
            a.payload["finding"] = kinds.get(finding_id_of(a.row["occasion_key"]))


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
    under the sweep lock, a batch of recipients at a time, less the items stored before; the
    recipient's digests of earlier days not yet sent are superseded by it, listing what they
    still owe, worded as of ``as_of``. ``detail=False`` leaves the items out of the digests."""
    repo = uow.reminders
    repo.lock_sweeps()
    recipients = repo.recipients()
    routes = routes_of(uow, recipients)
    swept = repo.swept(as_of)  # before this sweep wrote: only then can an item be stored
    names = {r.email: r.digest_name for rs in recipients.values() for r in rs}
    digests: list[Digest] = []
    created = 0
    if not occasion_index.usable(uow, as_of + timedelta(days=policy.horizon_days), as_of):
        occasion_index.build(uow, as_of, now)  # the day's occasions are read from it
    occasion_index.catch_up(uow)  # with what this unit of work changed before
    # Duties new since the previous sweep's day, and who was told of them before (a few).
    since = arrival_since(policy, as_of, repo.last_swept(as_of))
    arisen = outstanding(uow, as_of, policy, None, arose=(since, as_of))
    new = [(o, NEW) for o in arisen if arrival_step(o, as_of, policy, since) == NEW]
    told = repo.told({(o.kind.value, o.key) for o, _ in new}) if new else set()
    for batch in _batches(recipients, emails_per_batch):
        emails = {r.email for rs in batch.values() for r in rs}
        stored = repo.stored_keys(as_of if swept else None, emails)
        acting = routes.acting_for(batch.keys())
        # Past one statement's parameters, read every union's (``day_items`` keeps the batch's).
        found = announcements(uow, as_of, policy, acting if len(acting) <= IDS_PER_QUERY else None)
        both = chain(found, (n for n in new if n[0].union_id in acting))
        items = day_items(both, batch, stored, routes, as_of=as_of, now=now, told=told)
        # One digest a person a day, true on its day: earlier ones still queued fold in (the
        # sweeps' digests named before the day's, ``_digest_key``; the 「发送提醒」 mails are not).
        earlier = repo.supersede(emails, (f"{DIGEST_KIND}:", f"{DIGEST_KIND}:{as_of}"), now)
        for email, lines in carried(uow, earlier, routes, policy, as_of=as_of, now=now).items():
            items[email].extend(lines)
        in_scheme_words(uow, items)
        written, shown = _write(uow, as_of, now, names, items)
        created += written
        digests.extend(d if detail else replace(d, items=()) for d in shown)
    return SweepResult(as_of, created, tuple(digests))


def _write(
    uow: UnitOfWork,
    as_of: date,
    now: datetime,
    names: Mapping[str, str],
    by_email: Mapping[str, list[Line]],
) -> tuple[int, list[Digest]]:
    """One digest per recipient listing its occasions in order, once each, then the new items
    linked to it and the moved ones relinked: how many new items, and the digests."""
    ordered = [
        (email, sorted(items, key=lambda i: i[0].order))
        for email, items in sorted(by_email.items())
    ]
    rows: list[dict[str, Any]] = [
        {
            "kind": DIGEST_KIND,
            "dedup_key": _digest_key(as_of, email, (a for a, _, _ in items)),
            "recipient_email": email,
            "recipient_name": names[email],
            "payload": {
                "as_of": as_of.isoformat(),
                "name": names[email],
                "items": list({a.order: a.payload for a, _, _ in items}.values()),
            },
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for email, items in ordered
    ]
    ids = uow.reminders.add_digests(rows)
    new: list[dict[str, Any]] = []
    moved_into: dict[int, int] = {}
    digests = []
    for r, (email, items) in zip(rows, ordered, strict=True):
        outbox_id = ids[r["dedup_key"]]
        digests.append(Digest(outbox_id, email, names[email], tuple(r["payload"]["items"])))
        for a, name, moved in items:
            if moved is not None:
                moved_into[moved] = outbox_id
            else:
                mail = {"recipient_email": email, "recipient_name": name, "outbox_id": outbox_id}
                new.append(a.row | mail)
    created = uow.reminders.add_items(new)
    uow.reminders.move_items(moved_into)
    return created, digests
