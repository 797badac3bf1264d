"""A person recorded 离职 or 已故 does not take up a leading role: not as a new workshop's leader,
nor as the new leader of a change [Y3][S3][C 一（一）][C 三（六）]; nor joins a team as a member
now [Y2][Y3][L] (the cut-over import, which records history, names past leaders and members as
they were: ``create_workshop``/``add_member(recording_history=True)``)."""

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
    return f"{label}：{name}{_said(status, ended_on)}，不能担任{word}"


def _said(status: EmploymentStatus, ended_on: date | None) -> str:
    if ended_on is not None:
        return f"已于{chinese_date(ended_on)}{_VERBS[status]}"
    return f"在人员信息中为{EMPLOYMENT_STATUS_LABELS[status]}"


def gone_member_message(
    name: str, status: EmploymentStatus, ended_on: date | None, left_on: date | None
) -> tuple[str, str] | None:
    """(field, message) refusing ``name`` (``status``, gone on ``ended_on`` if dated) as a team
    member from a day on and, with ``left_on`` None, still a member: a team is of 职工 taking part
    [Y2][Y3] 2 [L]; one who left or died joins none now, and a past period (its 离开日期
    given) ends by then. None: they may be recorded."""
    if status not in GONE_EVENTS:
        return None
    said = _said(status, ended_on)
    if left_on is None:
        return "person_id", (
            f"成员：{name}{said}，不能登记为现有成员；曾是工作室成员的，请填写其离开日期登记"
        )
    if ended_on is not None and left_on > ended_on:
        return (
            "left_on",
            f"离开日期不能晚于{name}{_VERBS[status]}的日期（{chinese_date(ended_on)}）",
        )
    return None


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


def gone_member_problem(
    uow: UnitOfWork, problems: Problems, prefix: str, person: Person, left_on: date | None
) -> None:
    """Add the refusal of ``gone_member_message`` for ``person``, its field under ``prefix``."""
    kind = GONE_EVENTS.get(person.employment_status)
    if kind is None:
        return
    ended_on = uow.leaders.ended_on(person.id, kind)
    refused = gone_member_message(person.name, person.employment_status, ended_on, left_on)
    if refused is not None:
        problems.add(f"{prefix}{refused[0]}", "member_gone", refused[1])
