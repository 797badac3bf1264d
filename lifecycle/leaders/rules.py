"""The leader rule applied to a proposed new leader, through the scheme's rule pack [S3][C][Y3]."""

from __future__ import annotations

from datetime import date

from lifecycle.designations.eligibility import leader_facts
from lifecycle.errors import DomainError
from lifecycle.persons.model import Person
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import RuleResult
from lifecycle.uow import UnitOfWork


def leader_rule_failures(
    uow: UnitOfWork, scheme_code: str, person: Person, as_of: date
) -> list[RuleResult]:
    """The binding leader rules of the scheme that ``person`` fails on ``as_of``."""
    results = get_scheme(scheme_code).check_leader(leader_facts(uow, person), as_of)
    return [r for r in results if not r.passed and not r.advisory]


def require_leader_rule(
    uow: UnitOfWork, scheme_code: str, person: Person, as_of: date, *, field: str
) -> None:
    """Refuse a new leader who fails the scheme's leader rule, naming each rule and article."""
    failures = leader_rule_failures(uow, scheme_code, person, as_of)
    if not failures:
        return
    name = get_scheme(scheme_code).settings.name
    reasons = "；".join(f"{r.message}（{r.article}）" for r in failures)  # ids stay in `rule`
    raise DomainError(
        f"新领衔人{person.name}不符合{name}领衔人条件：{reasons}",
        code="leader_rule_failed",
        field=field,
        rule=failures[0].rule,
    )
