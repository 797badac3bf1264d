"""Rule results shared by the packs: a team's running years, a checklist, the leader in service,
the leader's honours, projects in recent years (each naming its rule and article)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.schemes.base import RuleResult, add_years
from lifecycle.schemes.facts import ApplicationFacts, LeaderFacts, ProjectFact
from lifecycle.vocab import EMPLOYMENT_STATUS_LABELS, HONOUR_LABELS, EmploymentStatus, Honour


def running_result(
    rule: str, article: str, *, founded_on: date, years: int, as_of: date, source: str = ""
) -> RuleResult:
    """Whether a team founded on ``founded_on`` has run at least ``years`` years by ``as_of``."""
    passed = add_years(founded_on, years) <= as_of
    verdict = "已满" if passed else "未满"
    return RuleResult(
        rule=rule,
        article=article,
        passed=passed,
        message=f"{source}团队须有效运行{years}年以上，成立于{chinese_date(founded_on)}，"
        f"至{chinese_date(as_of)}{verdict}{years}年",
    )


def checklist_result(
    rule: str, article: str, source: str, items: Iterable[tuple[bool, str]]
) -> RuleResult:
    """One rule over several yes/no items, naming the missing ones."""
    missing = [label for present, label in items if not present]
    message = f"{source}已具备" if not missing else f"{source}缺少{'、'.join(missing)}"
    return RuleResult(rule=rule, article=article, passed=not missing, message=message)


def in_service_result(
    rule: str, article: str, leader: LeaderFacts, source: str, word: str = "带头人"
) -> RuleResult:
    """Whether the leader is in service (在职), naming the leader in the scheme's ``word``
    (a Shanghai title's 领衔人 [S3][C 一（一）], Yangpu's 带头人 [Y3])."""
    passed = leader.employment_status is EmploymentStatus.EMPLOYED
    label = EMPLOYMENT_STATUS_LABELS[leader.employment_status]
    return RuleResult(
        rule=rule,
        article=article,
        passed=passed,
        message=f"{source}{word}须在职，现为{label}",
    )


def honour_result(
    rule: str,
    article: str,
    leader: LeaderFacts,
    as_of: date,
    *,
    accepted: frozenset[Honour],
    source: str = "",
    also_ok: bool = False,
    also_label: str = "",
    wanted: str = "",
) -> RuleResult:
    """Whether the leader holds one of ``accepted`` by ``as_of`` (or meets ``also_ok``).

    ``wanted`` words what the leader must be as the scheme's own text does, where listing
    ``accepted`` (the honours that count) would name another city's honours to its users.
    """
    held = leader.honours_as_of(as_of) & accepted
    passed = bool(held) or also_ok
    wanted = wanted or "、".join(HONOUR_LABELS[h] for h in Honour if h in accepted) + (
        f"或{also_label}" if also_label else ""
    )
    if held:
        message = f"带头人具有{'、'.join(HONOUR_LABELS[h] for h in Honour if h in held)}"
    elif also_ok:
        message = f"带头人为{also_label}"
    else:
        message = f"{source}带头人须为{wanted}，现均不具备"
    return RuleResult(rule=rule, article=article, passed=passed, message=message)


def projects_in_recent_years(
    facts: ApplicationFacts, as_of: date, years: int, counts: Callable[[ProjectFact], bool]
) -> tuple[int, str]:
    """How many projects `counts` accepts in the last `years` calendar years, and that window."""
    first = as_of.year - years + 1
    n = sum(1 for p in facts.projects if counts(p) and first <= p.year <= as_of.year)
    return n, f"{first}—{as_of.year}年"
