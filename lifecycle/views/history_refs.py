"""The other records a 修改记录's entries name (a union, a person, a title, an inspection, a
整改通知, a leader event, an achievement…): each by what its own page calls it, linked to that
page where the reader may open it; one query per kind of record, whatever the entries' number."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lifecycle.clock import chinese_date
from lifecycle.inspections.model import INSPECTION_KIND_LABELS
from lifecycle.leaders.model import LEADER_EVENT_LABELS
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.history_labels import NAMED_COLUMNS

Names = Mapping[str, Mapping[int, str]]  # group ("union", "notice"…) → id → name


@dataclass(frozen=True)
class References:
    """The names of the records the entries name, and the pages of those the reader may open."""

    names: Names
    links: Names = field(default_factory=dict)  # group → id → the record's page


def references(uow: UnitOfWork, ids: Mapping[str, set[int]], scope: Scope) -> References:
    """Each named record ``scope`` may see by its name and page; those it may not see are left
    out (shown as not in scope, never by their id)."""
    names: dict[str, dict[int, str]] = {
        "union": uow.unions.names(ids["union"]),
        "person": uow.persons.names(ids["person"], scope),
        "file": uow.files.names(ids["file"]),  # only the files of the record's own parts
        "workshop": uow.workshops.names(ids["workshop"], scope),
        "designation": uow.designations.names(ids["designation"], scope),
        "notice": uow.notices.numbers(ids["notice"], scope),
    }
    links: dict[str, dict[int, str]] = {
        "person": {i: f"/persons/{i}" for i in names["person"]},
        "designation": {i: f"/designations/{i}" for i in names["designation"]},
        "notice": {i: f"/notices/{i}" for i in names["notice"]},
    }
    inspections = uow.inspections.labels(ids["inspection"], scope)
    names["inspection"] = {
        i: f"{INSPECTION_KIND_LABELS[kind]} {chinese_date(on)}" for i, kind, on in inspections
    }
    links["inspection"] = {i: f"/inspections/{i}" for i in names["inspection"]}
    events = uow.leaders.event_labels(ids["leader_event"], scope)
    names["leader_event"] = {
        i: f"{chinese_date(on)} {person}{LEADER_EVENT_LABELS[kind]}"
        for i, kind, on, person, _ in events
    }
    links["leader_event"] = {
        i: f"/designations/{title}/leader/events/{i}/proofs"
        for i, _, _, _, title in events
        if title is not None
    }
    achievements = uow.ledgers.achievement_labels(ids["achievement"], scope)
    names["achievement"] = {i: f"{title}（{chinese_date(on)}）" for i, title, on, _ in achievements}
    links["achievement"] = {
        i: f"/designations/{title}#ledgers" for i, _, _, title in achievements if title is not None
    }
    assert names.keys() == NAMED_COLUMNS.keys()
    return References(names, links)


def link_of(column: str, value: object, links: Names) -> str:
    """The page of the record a logged value names, "" where there is none the reader may open."""
    if not isinstance(value, int) or isinstance(value, bool):
        return ""
    for group, columns in NAMED_COLUMNS.items():
        if column in columns:
            return links.get(group, {}).get(value, "")
    return ""
