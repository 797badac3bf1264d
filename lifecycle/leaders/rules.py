"""The leader rule applied to a proposed new leader, through the rule packs of the team's
titles [S3][C][Y3]."""

from __future__ import annotations

from datetime import date

from lifecycle.designations.eligibility import leader_facts
from lifecycle.designations.model import Designation
from lifecycle.errors import DomainError, Problems
from lifecycle.leaders.gone import gone_problem
from lifecycle.leaders.titles import (
    binding_titles,
    city_decided_refusal,
    city_decided_title,
    held_of,
    team_titles,
)
from lifecycle.persons.model import Person
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import RuleResult
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.workshops.model import Workshop


def leader_rule_failures(
    uow: UnitOfWork, scheme_code: str, person: Person, as_of: date
) -> list[RuleResult]:
    """The binding leader rules of the scheme that ``person`` fails on ``as_of``."""
    results = get_scheme(scheme_code).check_leader(leader_facts(uow, person), as_of)
    return [r for r in results if not r.passed and not r.advisory]


def require_team_leader_rules(
    uow: UnitOfWork, designation: Designation, person: Person, as_of: date, *, field: str
) -> None:
    """Refuse a new leader who fails the leader rule of the title changed or of any other live
    title of the team (one leader leads them all), naming each title, rule and article
    [Y3][S3][C 一（一）] (RULES.md reading 43a)."""
    refusal = team_leader_refusal(uow, designation, person, as_of, field=field)
    if refusal is not None:
        raise refusal


def with_team_leader_rules(
    uow: UnitOfWork,
    problems: Problems,
    designation: Designation,
    person: Person | None,
    as_of: date,
    *,
    field: str,
    moot: tuple[str, ...] = ("designation_id", "measure"),
) -> None:
    """Raise what ``problems`` holds together with the new leader's failure of the team's leader
    rules (``require_team_leader_rules``), so a form names every bad field at once; alone, the
    leader's refusal keeps its rule id [Y3][S3][C 一（一）]. Where the change itself is refused
    (a problem on a ``moot`` field: no leader change for this title), no leader is judged."""
    refusal = None
    if person is not None and not any(p.field in moot for p in problems.items):
        refusal = team_leader_refusal(uow, designation, person, as_of, field=field)
    if refusal is not None and problems.items:
        problems.items += refusal.problems
    problems.raise_if_any()
    if refusal is not None:
        raise refusal


def team_leader_refusal(
    uow: UnitOfWork, designation: Designation, person: Person, as_of: date, *, field: str
) -> DomainError | None:
    """The refusal of ``require_team_leader_rules``, None when the new leader passes them all."""
    held = team_titles(uow, designation.workshop_id)
    word = get_scheme(designation.scheme_code).settings.leader_word  # the changed title's
    parts: list[str] = []
    first: RuleResult | None = None
    for title in binding_titles(held, held_of(designation)):
        failures = leader_rule_failures(uow, title.scheme_code, person, as_of)
        if not failures:
            continue
        first = first or failures[0]
        settings = get_scheme(title.scheme_code).settings
        name, its_word = settings.name, settings.leader_word  # 带头人 for [Y3][L], else 领衔人
        reasons = "；".join(f"{r.message}（{r.article}）" for r in failures)  # ids stay in `rule`
        if title.designation_id == designation.id:
            parts.append(f"不符合{name}{its_word}条件：{reasons}")
        else:
            parts.append(f"不符合本工作室同时持有的{name}{title.label}的{its_word}条件：{reasons}")
    if first is None:
        return None
    return DomainError(
        f"新{word}{person.name}" + "；另".join(parts),
        code="leader_rule_failed",
        field=field,
        rule=first.rule,
    )


def city_title_problem(
    uow: UnitOfWork, problems: Problems, designation: Designation, *, field: str
) -> None:
    """A leader change on ``designation`` while another live title of the team may only change
    its leader by the city's 附件3 decision is refused, naming that title and the route."""
    other = city_decided_title(team_titles(uow, designation.workshop_id), designation.id)
    if other is not None:
        problems.add(field, "city_title_live", city_decided_refusal(other))


def new_leader(
    uow: UnitOfWork,
    problems: Problems,
    workshop: Workshop,
    person_id: int | None,
    scope: Scope,
    *,
    word: str,
) -> Person | None:
    """The proposed new leader of a direct change, or a problem on ``new_leader_person_id``
    in the title's ``word`` for its leader (带头人 on a Yangpu or Leshan title)."""
    field = "new_leader_person_id"
    if person_id is None:
        problems.add(field, "required", f"{word}变更须填写新{word}")
        return None
    person = uow.persons.get(person_id, scope)
    if person is None:
        problems.add(field, "not_found", f"新{word}不存在或不在管辖范围内")
    elif person.id == workshop.leader_person_id:
        problems.add(field, "same_leader", f"新{word}与现任{word}相同")
    elif gone_problem(uow, problems, field, person, label=f"新{word}", word=word):
        return None  # no scheme rule is judged of a leader who cannot take it up at all
    return person
