"""What the reviewer of an application reads beside the form: the leader with the honours the
leader rule reads, and the lower-level title the team is recommended from, as of a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.citations import citation
from lifecycle.designations.eligibility import existing_designation, leader_facts
from lifecycle.intake.model import Application
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import RuleResult
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import (
    EMPLOYMENT_STATUS_LABELS,
    HONOUR_LABELS,
    SKILL_LEVEL_LABELS,
    status_labels_in,
)
from lifecycle.workshops.model import Workshop


@dataclass(frozen=True)
class Verdict:
    """One rule's verdict on the day, cited in Chinese."""

    rule: str
    passed: bool
    message: str  # with its citation

    @classmethod
    def of(cls, result: RuleResult) -> Verdict:
        return cls(result.rule, result.passed, f"{result.message}（{citation(result.article)}）")


@dataclass(frozen=True)
class HonourLine:
    honour: str
    label: str
    year: int


@dataclass(frozen=True)
class LeaderLine:
    """The team's leader on the day: name, status, skill level, honours held by then and the
    scheme's leader rules judged on them [Y3][S3][C 一（一）][L 二（一）]."""

    person_id: int
    name: str
    employment_status: str
    skill_level: str
    honours: list[HonourLine]
    verdicts: list[Verdict]


@dataclass(frozen=True)
class SourceLine:
    """One lower-level title of the team and whether the rule accepts it as the source."""

    designation_id: int
    title: str
    scheme_name: str
    number: str | None
    naming_date: date | None
    status: str
    status_label: str
    accepted: bool


@dataclass(frozen=True)
class SourceCheck:
    """The titles the team may be recommended from and the [S7] rule's verdict on the day."""

    titles: list[SourceLine]
    verdict: Verdict


@dataclass(frozen=True)
class ReviewFacts:
    as_of: date
    leader: LeaderLine
    source: SourceCheck | None  # None: the scheme's rules read no lower-level title


def review_facts(
    uow: UnitOfWork, app: Application, workshop: Workshop, scope: Scope, as_of: date
) -> ReviewFacts:
    """The leader and the source title of ``app``'s team as the scheme's rules read them on
    ``as_of``; titles only as far as ``scope`` reads them."""
    scheme = get_scheme(app.scheme_code)
    person = workshop.leader
    held = [h for h in person.honours if h.year <= as_of.year]
    leader = LeaderLine(
        person.id,
        person.name,
        EMPLOYMENT_STATUS_LABELS[person.employment_status],
        SKILL_LEVEL_LABELS[person.skill_level],
        [
            HonourLine(h.honour.value, HONOUR_LABELS[h.honour], h.year)
            for h in sorted(held, key=lambda h: (h.year, h.honour.value))
        ],
        [
            Verdict.of(r)
            for r in scheme.check_leader(leader_facts(uow, person), as_of)
            if not r.advisory
        ],
    )
    titles = uow.designations.for_workshop_in(workshop.id, scope)
    existing = [existing_designation(d) for d in titles]
    rule = scheme.source_rule(existing, as_of)
    source = None
    if rule is not None:
        lines = []
        for d, fact in zip(titles, existing, strict=True):
            if fact.level is scheme.settings.level:
                continue  # a title of the scheme's own level is no source (the rule's reading)
            verdict = scheme.source_rule([fact], as_of)
            settings = get_scheme(d.scheme_code).settings
            lines.append(
                SourceLine(
                    d.id,
                    d.title,
                    settings.name,
                    d.number,
                    d.naming_date,
                    d.status.value,
                    status_labels_in(settings.revoked_word)[d.status],
                    verdict is not None and verdict.passed,
                )
            )
        source = SourceCheck(lines, Verdict.of(rule))
    return ReviewFacts(as_of, leader, source)
