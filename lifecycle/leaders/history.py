"""A designation's leader story: who led from when to when, on which decision, beside its
status history; and the leader's legal retirement [Y13][S9][C 三（六）]."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lifecycle.calendar.retirement import LegalRetirement, legal_retirement
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.leaders.model import (
    LEADER_EVENT_LABELS,
    ContinuationConsent,
    LeaderChange,
    LeaderEvent,
)
from lifecycle.persons.model import Person
from lifecycle.schemes import get_scheme
from lifecycle.schemes.words import designation_status_labels
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus

# A title named and then ended (撤牌/摘牌 or exit): its leader led it until then; a rejected
# application was never held, so its leader line is left as the workshop's.
HELD_THEN_ENDED = frozenset({DesignationStatus.REVOKED, DesignationStatus.EXITED})


@dataclass(frozen=True)
class Tenure:
    """One leader's time at the head of the workshop and the decision that put them there."""

    person_id: int
    name: str
    starts_on: date
    ends_on: date | None  # None: the current leader of a title still held
    basis: str  # 创建时 / the leader change's reason
    document_ref: str | None
    change_request_id: int | None
    ends_with_title: bool = False  # the last tenure of an ended title: ends on its end date


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the designation's timeline: a status change or a leader change."""

    on: date
    kind: str  # "status" | "leader" | "event"
    text: str
    reason: str
    document_ref: str | None
    actor_name: str
    change_request_id: int | None = None


@dataclass(frozen=True)
class LeaderStory:
    """Everything the designation page and the API show about the designation's leaders."""

    designation: Designation
    leader: Person
    retirement: LegalRetirement
    tenures: list[Tenure]
    events: Sequence[LeaderEvent]
    consents: Sequence[ContinuationConsent]
    changes: Sequence[LeaderChange]
    timeline: list[TimelineEntry]
    names: dict[int, str]


def tenures_of(
    first_leader: tuple[int, str],
    founded_on: date,
    changes: Sequence[LeaderChange],
    names: dict[int, str],
    *,
    word: str = "领衔人",
    title_ended_on: date | None = None,
) -> list[Tenure]:
    """Consecutive tenures from the founding leader through each change (oldest first);
    ``word``: the scheme's name for the leader (``SchemeSettings.leader_word``). The title's
    leader leads it no longer than the title lasts: a title ended (摘牌, 撤牌, exit) on
    ``title_ended_on`` ends its last tenure then, not 至今."""
    tenures: list[Tenure] = []
    person_id, name = first_leader
    start, basis, ref, request_id = founded_on, f"工作室创建时的{word}", None, None
    for change in changes:
        tenures.append(Tenure(person_id, name, start, change.effective_on, basis, ref, request_id))
        person_id, name = change.new_person_id, names.get(change.new_person_id, "")
        start, basis = change.effective_on, change.reason
        ref, request_id = change.document_ref, change.change_request_id
    ended = title_ended_on is not None
    last = Tenure(person_id, name, start, title_ended_on, basis, ref, request_id, ended)
    return [*tenures, last]


def rename_note(
    title: str, old_name: str, new_name: str, title_format: str | None, *, word: str = "领衔人"
) -> str | None:
    """How a title named after its leader is handled at a leader change ([S2][Y8][L]): the
    text stays as named (the plaque is the namer's act); the name it would take is shown."""
    if not title_format or "{leader_name}" not in title_format or not old_name:
        return None
    if old_name not in title:
        return None
    renamed = title.replace(old_name, new_name)
    return (
        f"称号以原{word}{old_name}命名：{word}变更不改写已命名的称号，"
        f"更名（按命名格式应为「{renamed}」）须由命名单位另行审定"
    )


def _status_text(h: StatusChange, labels: Mapping[DesignationStatus, str]) -> str:
    to = labels[h.to_status]
    return f"{labels[h.from_status]} → {to}" if h.from_status else to


def _timeline(
    history: Sequence[StatusChange],
    changes: Sequence[LeaderChange],
    events: Sequence[LeaderEvent],
    names: dict[int, str],
    rename: Callable[[LeaderChange], str | None],
    *,
    word: str,
    statuses: Mapping[DesignationStatus, str],
) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(h.effective_on, "status", _status_text(h, statuses), h.reason, h.document_ref,
                      h.actor_name)
        for h in history
    ]  # fmt: skip
    entries += [
        TimelineEntry(
            c.effective_on,
            "leader",
            f"{word}变更：{names.get(c.old_person_id, '')} → {names.get(c.new_person_id, '')}",
            "；".join(x for x in (c.reason, rename(c)) if x),
            c.document_ref,
            c.actor_name,
            c.change_request_id,
        )
        for c in changes
    ]
    entries += [
        TimelineEntry(
            e.occurred_on,
            "event",
            f"{word}{names.get(e.person_id, '')}{LEADER_EVENT_LABELS[e.kind]}",
            e.details or "",
            e.source,
            e.actor_name,
        )
        for e in events
    ]
    return sorted(entries, key=lambda e: e.on)


def leader_story(uow: UnitOfWork, designation_id: int, *, scope: Scope) -> LeaderStory:
    """The designation's leaders, events, consents and merged timeline, inside ``scope``."""
    return story_of(uow, uow.designations.require(designation_id, scope))


def story_of(
    uow: UnitOfWork, designation: Designation, *, history: Sequence[StatusChange] | None = None
) -> LeaderStory:
    """``leader_story`` of a designation the caller already read inside its scope (the
    designation page: the title, its team, members and, given as ``history``, its status
    changes are not read a second time)."""
    workshop = designation.workshop
    changes = uow.leaders.history(workshop.id)
    events = uow.leaders.events_for_workshop(workshop.id)
    ids = {workshop.leader_person_id, *(e.person_id for e in events)}
    for c in changes:
        ids |= {c.old_person_id, c.new_person_id}
    names = uow.leaders.names(ids)
    first = changes[0].old_person_id if changes else workshop.leader_person_id
    leader = workshop.leader
    settings = get_scheme(designation.scheme_code).settings
    word = settings.leader_word

    def rename(c: LeaderChange) -> str | None:
        return rename_note(
            designation.title,
            names.get(c.old_person_id, ""),
            names.get(c.new_person_id, ""),
            settings.title_format,
            word=word,
        )

    return LeaderStory(
        designation=designation,
        leader=leader,
        retirement=legal_retirement(leader.birth_date, leader.retirement_group),
        tenures=tenures_of(
            (first, names.get(first, "")),
            workshop.founded_on,
            changes,
            names,
            word=word,
            title_ended_on=designation.ended_on if designation.status in HELD_THEN_ENDED else None,
        ),
        events=events,
        consents=uow.leaders.consents_for(designation.id),
        changes=changes,
        timeline=_timeline(
            uow.designations.history(designation.id) if history is None else history,
            changes,
            events,
            names,
            rename,
            word=word,
            statuses=designation_status_labels(designation.scheme_code),
        ),
        names=names,
    )
