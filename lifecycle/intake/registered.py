"""Form fields restating the team's register: the rules read the register, so the form holds
its value — filled in where blank, refused at submission where it differs
[C 二（二）][L 二（一）]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lifecycle.errors import Problems
from lifecycle.intake.citations import with_citation
from lifecycle.intake.forms import FieldSpec, FormSpec, RegisterFact
from lifecycle.vocab import UNIT_NATURE_LABELS, UnitNature
from lifecycle.workshops.model import Workshop

# What the register calls the fact, and where a wrong entry of it is corrected.
_NOUN = {
    RegisterFact.HOST_UNIT_NATURE: "单位性质",
    RegisterFact.FOUNDED_ON: "成立日期",
    RegisterFact.TEAM_SIZE: "团队人数（含带头人）",
}
_CORRECTED_IN = {
    RegisterFact.HOST_UNIT_NATURE: "在工作室页面「更正登记」",
    RegisterFact.FOUNDED_ON: "在工作室页面「更正登记」",
    RegisterFact.TEAM_SIZE: "在工作室页面登记团队成员（或经「名册导入」）",
}


@dataclass(frozen=True)
class TeamRecord:
    """What the team's register holds that an application form restates, on one day."""

    host_unit_nature: UnitNature
    founded_on: date
    size_including_leader: int


def team_record(workshop: Workshop, on: date) -> TeamRecord:
    """The register's facts of ``workshop`` on ``on`` (its members that day, with the leader)."""
    return TeamRecord(
        workshop.host_unit_nature, workshop.founded_on, len(workshop.members_on(on)) + 1
    )


def register_value(fact: RegisterFact, record: TeamRecord) -> str | int:
    """The register's fact as the form stores it (a label, an ISO date, a count)."""
    if fact is RegisterFact.HOST_UNIT_NATURE:
        return UNIT_NATURE_LABELS[record.host_unit_nature]
    if fact is RegisterFact.FOUNDED_ON:
        return record.founded_on.isoformat()
    return record.size_including_leader


def register_text(fact: RegisterFact, record: TeamRecord) -> str:
    """The register's fact as a reader reads it."""
    value = register_value(fact, record)
    return f"{value}人" if fact is RegisterFact.TEAM_SIZE else str(value)


def registered_fields(spec: FormSpec) -> list[FieldSpec]:
    """The form's fields that restate the register."""
    return [f for f in spec.fields if f.register is not None]


def registered_inputs(spec: FormSpec, record: TeamRecord) -> dict[str, str]:
    """The register's values of the form's restating fields, as the page's inputs hold them."""
    return {f.name: str(register_value(f.register, record)) for f in spec.fields if f.register}


def registered_texts(spec: FormSpec, record: TeamRecord) -> dict[str, str]:
    """What the register holds for each restating field, as shown beside it."""
    return {f.name: register_text(f.register, record) for f in spec.fields if f.register}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def fill_from_register(spec: FormSpec, raw: dict[str, Any], record: TeamRecord) -> dict[str, Any]:
    """``raw`` with each restating field left blank taking the register's value."""
    filled = dict(raw)
    for f in registered_fields(spec):
        if f.register is not None and _blank(filled.get(f.name)):
            filled[f.name] = register_value(f.register, record)
    return filled


def _typed_text(value: Any) -> str:
    return f"{value}人" if isinstance(value, int) else str(value)


def register_problems(
    spec: FormSpec, data: dict[str, Any], record: TeamRecord, problems: Problems
) -> None:
    """At submission, a restating field that differs from the register is refused beside it,
    saying what the register holds and where it is corrected; that says more than its format's
    refusal (a free text of before, 「国企」), which it replaces."""
    for f in registered_fields(spec):
        fact = f.register
        if fact is None or data.get(f.name) is None:
            continue
        if data[f.name] == register_value(fact, record):
            continue
        message = (
            f"{f.label}应与工作室登记的{_NOUN[fact]}一致：登记为「{register_text(fact, record)}」，"
            f"本表为「{_typed_text(data[f.name])}」；如登记有误，请先{_CORRECTED_IN[fact]}，"
            "再提交申报"
        )
        problems.items[:] = [p for p in problems.items if p.field != f.name]
        problems.add(f.name, "differs_from_register", with_citation(message, f.article))
