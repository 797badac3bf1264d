"""A person recorded 离职 or 已故 does not take up a leading role: not as a new workshop's leader,
nor as the new leader of a change [Y3][S3][C 一（一）][C 三（六）] (the cut-over import, which
records history, names past leaders as they were: ``create_workshop(recording_history=True)``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from lifecycle.clock import chinese_date
from lifecycle.errors import Problems
from lifecycle.leaders.model import LeaderEventKind
from lifecycle.persons.model import Person
from lifecycle.vocab import EMPLOYMENT_STATUS_LABELS, EmploymentStatus

if TYPE_CHECKING:
    from lifecycle.uow import UnitOfWork

# The statuses that end a leading role for good, and the event that dates each.
GONE_EVENTS = {
    EmploymentStatus.LEFT: LeaderEventKind.DEPARTURE,
    EmploymentStatus.DECEASED: LeaderEventKind.DEATH,
}
_VERBS = {EmploymentStatus.LEFT: "离职", EmploymentStatus.DECEASED: "去世"}


def gone_message(
    label: str, name: str, status: EmploymentStatus, ended_on: date | None, *, word: str
) -> str | None:
    """Why ``name`` (status ``status``, gone on ``ended_on`` if an event dates it) cannot be
    named to the field ``label`` as ``word`` (None: they may)."""
    if status not in GONE_EVENTS:
        return None
    if ended_on is not None:
        said = f"已于{chinese_date(ended_on)}{_VERBS[status]}"
    else:
        said = f"在人员信息中为{EMPLOYMENT_STATUS_LABELS[status]}"
    return f"{label}：{name}{said}，不能担任{word}"


def gone_problem(
    uow: UnitOfWork, problems: Problems, field: str, person: Person, *, label: str, word: str
) -> bool:
    """Add the refusal of ``gone_message`` for ``person`` on ``field``; True when added."""
    kind = GONE_EVENTS.get(person.employment_status)
    ended_on = uow.leaders.ended_on(person.id, kind) if kind is not None else None
    message = gone_message(label, person.name, person.employment_status, ended_on, word=word)
    if message is None:
        return False
    problems.add(field, "leader_gone", message)
    return True
