"""Correcting a team's registration (工作室登记) in place: a wrong name, host unit, 单位性质 or
founding date, by the rules of registering it, with why.

The rules read these facts from the register ([C 二（二）] the non-public share, [L 二（一）] the
running years, [Y3]/[S3] the team), and application forms restate them (``intake.registered``):
a wrong entry is corrected here, not typed differently into a form. Not corrected here: the
unit union (a move), the leader (a leader change or the 附件3 request, [Y13][S9][C 三（六）]) and
the members (each joins and leaves on a date of its own).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from lifecycle.clock import chinese_date
from lifecycle.errors import ConflictError, FieldProblem, NotFound, Problems
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import require_text
from lifecycle.workshops.model import Workshop
from lifecycle.workshops.service import workshop_field_problems

CORRECTABLE = (
    "name",
    "host_unit_name",
    "host_unit_nature",
    "founded_on",
    "address",
    "venue_area_sqm",
    "specialty",
    "innovation_direction",
    "description",
)
_OPTIONAL_TEXTS = ("address", "specialty", "innovation_direction", "description")
REASON_CHARS = 500


def founding_problems(
    problems: Problems,
    founded_on: date,
    *,
    first_joined: date | None,
    first_named: date | None,
) -> None:
    """A team is founded before anything it did: no member joined it, and no title was named for
    it, before its founding date (both were checked against the date recorded then)."""
    if first_joined is not None and founded_on > first_joined:
        problems.add(
            "founded_on",
            "after_members",
            f"成立日期不能晚于成员最早的加入日期（{chinese_date(first_joined)}）",
        )
    if first_named is not None and founded_on > first_named:
        problems.add(
            "founded_on",
            "after_naming",
            f"成立日期不能晚于工作室获得命名的日期（{chinese_date(first_named)}）",
        )


def reason_problems(reason: str) -> list[FieldProblem]:
    """Why the 更正原因 given will not do: it is required, within its length."""
    problems = Problems()
    require_text(problems, "reason", reason, "更正原因", REASON_CHARS)
    return problems.items


def area_text(area: float | None) -> str:
    """A recorded area as a form shows it again: plain digits (「85.5」, 「1000000」), never an
    exponent the form would refuse."""
    return "" if area is None else f"{area:.2f}".rstrip("0").rstrip(".")


def amend_workshop(
    uow: UnitOfWork,
    workshop_id: int,
    changes: Mapping[str, Any],
    *,
    reason: str,
    as_of: date,
    scope: Scope,
    expected_version: int | None = None,
) -> Workshop:
    """Correct some of a team's registered facts (``changes``: names in ``CORRECTABLE``; the rest
    keeps its value), checked whole as registering checks them, every bad field at once and
    nothing written on a refusal; ``reason`` (更正原因) is required and kept in the audit log with
    the values before and after. ``expected_version``: the version the form or client read
    (None: not checked); a team changed since is refused, not silently undone."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable here: {sorted(unknown)}")
    workshop = uow.workshops.get(workshop_id, scope)
    if workshop is None:
        raise NotFound("工作室不存在或不在管辖范围内", field="workshop_id")
    if expected_version is not None and expected_version != workshop.version:
        raise ConflictError(
            "该工作室的登记已在您打开后被修改，请刷新后重试", field="expected_version"
        )
    data = {name: getattr(workshop, name) for name in CORRECTABLE} | dict(changes)
    for name in _OPTIONAL_TEXTS:
        if isinstance(data[name], str):
            data[name] = data[name].strip() or None
    problems = Problems(
        workshop_field_problems(
            name=data["name"],
            host_unit_name=data["host_unit_name"],
            founded_on=data["founded_on"],
            venue_area_sqm=data["venue_area_sqm"],
            address=data["address"],
            specialty=data["specialty"],
            innovation_direction=data["innovation_direction"],
            as_of=as_of,
            description=data["description"],
        )
    )
    named = [d.naming_date for d in uow.designations.for_workshop(workshop.id) if d.naming_date]
    founding_problems(
        problems,
        data["founded_on"],
        first_joined=min((m.joined_on for m in workshop.members), default=None),
        first_named=min(named, default=None),
    )
    name = data["name"].strip() if isinstance(data["name"], str) else ""
    if (
        all(p.field != "name" for p in problems.items)
        and name != workshop.name
        and uow.workshops.name_taken(name, workshop.unit_union_id, other_than=workshop.id)
    ):  # as registering refuses it: two teams of one unit are told apart by their names
        problems.add("name", "duplicate", "该单位已有同名工作室")
    problems.items += reason_problems(reason)
    problems.raise_if_any()
    with uow.because(reason.strip()):
        for name in CORRECTABLE:
            value = data[name]
            setattr(workshop, name, value.strip() if isinstance(value, str) else value)
    return workshop
