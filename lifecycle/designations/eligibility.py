"""Eligibility of an application: registry facts plus the applicant's declaration [DOMAIN §7]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.designations.model import Designation
from lifecycle.errors import NotFound
from lifecycle.persons.model import Person
from lifecycle.schemes import (
    AchievementFact,
    ApplicationFacts,
    EligibilityReport,
    ExistingDesignation,
    HonourFact,
    LeaderFacts,
    ProjectFact,
    TeamFacts,
    get_scheme,
)
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel, status_labels_in


@dataclass(frozen=True)
class Declaration:
    """What the application form (附件1 / 推荐审批表) declares beyond the registry's records."""

    projects: tuple[ProjectFact, ...] = ()
    achievements: tuple[AchievementFact, ...] = ()
    is_administrative_unit: bool = False
    crosses_administrative_lines: bool = False
    holds_skill_master_studio: bool = False
    willing_to_join_activities: bool = True
    has_annual_work_plan: bool = False
    has_development_plan: bool = False
    has_activity_plan: bool = False
    has_rules: bool = False
    has_ledgers: bool = False
    has_venue: bool = False
    has_equipment: bool = False
    has_earmarked_funds: bool = False


def leader_facts(uow: UnitOfWork, person: Person, *, willing: bool = True) -> LeaderFacts:
    """A person as the leader rules see them, with the region of their union relation."""
    region = region_name = None
    if person.union_id is not None:
        union = uow.unions.get(person.union_id, scope=EVERYTHING)
        region = union.region_code if union else None
        region_name = _region_union_name(uow, region) if region else None
    return LeaderFacts(
        birth_date=person.birth_date,
        gender=person.gender,
        employment_status=person.employment_status,
        skill_level=person.skill_level,
        honours=tuple(HonourFact(h.honour, h.year) for h in person.honours),
        union_district_code=region,
        is_union_member=person.is_union_member,
        willing_to_join_activities=willing,
        union_district_name=region_name,
    )


def _region_union_name(uow: UnitOfWork, region: str) -> str | None:
    """The district's (else the city's) union carrying ``region``, by name: a rule's message
    names where a leader's union relation lies as a user knows it (浦东新区总工会)."""
    for level in (UnionLevel.DISTRICT, UnionLevel.CITY):
        holder = uow.unions.of_region(region, level)
        if holder is not None:
            return holder.name
    return None


def existing_designation(designation: Designation) -> ExistingDesignation:
    """A title the team holds or held, as the rules read it (its status in its scheme's word)."""
    settings = get_scheme(designation.scheme_code).settings
    return ExistingDesignation(
        scheme_code=designation.scheme_code,
        status=designation.status,
        level=settings.level,
        named_on=designation.naming_date,
        scheme_name=settings.name,
        number=designation.number,
        status_label=status_labels_in(settings.revoked_word)[designation.status],
    )


def application_facts(
    uow: UnitOfWork, workshop_id: int, scheme_code: str, declared: Declaration, *, as_of: date
) -> ApplicationFacts:
    """Assemble the plain facts a scheme's rules read, from the registry and the declaration."""
    workshop = uow.workshops.get(workshop_id, scope=EVERYTHING)
    if workshop is None:
        raise NotFound("工作室不存在", field="workshop_id")
    existing = tuple(existing_designation(d) for d in uow.designations.for_workshop(workshop.id))
    return ApplicationFacts(
        scheme_code=scheme_code,
        leader=leader_facts(uow, workshop.leader, willing=declared.willing_to_join_activities),
        team=TeamFacts(
            member_count_excluding_leader=len(workshop.members_on(as_of)),
            founded_on=workshop.founded_on,
            is_administrative_unit=declared.is_administrative_unit,
            crosses_administrative_lines=declared.crosses_administrative_lines,
            holds_skill_master_studio=declared.holds_skill_master_studio,
        ),
        host_unit_nature=workshop.host_unit_nature,
        projects=declared.projects,
        achievements=declared.achievements,
        has_annual_work_plan=declared.has_annual_work_plan,
        has_development_plan=declared.has_development_plan,
        has_activity_plan=declared.has_activity_plan,
        has_rules=declared.has_rules,
        has_ledgers=declared.has_ledgers,
        has_venue=declared.has_venue,
        has_equipment=declared.has_equipment,
        has_earmarked_funds=declared.has_earmarked_funds,
        existing_designations=existing,
    )


def check_application(
    uow: UnitOfWork, workshop_id: int, scheme_code: str, declared: Declaration, *, as_of: date
) -> EligibilityReport:
    """Check an application against its scheme before submission; every failed rule is named."""
    scheme = get_scheme(scheme_code)
    facts = application_facts(uow, workshop_id, scheme.settings.code, declared, as_of=as_of)
    return scheme.check_eligibility(facts, as_of)
