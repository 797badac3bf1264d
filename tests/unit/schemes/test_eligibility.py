"""Eligibility rules of the four packs, each verdict naming its rule and article (DOMAIN.md §2)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import date

import pytest

from lifecycle.errors import ValidationFailed
from lifecycle.schemes import (
    AchievementFact,
    ApplicationFacts,
    ExistingDesignation,
    HonourFact,
    LeaderFacts,
    ProjectFact,
    SchemeLevel,
    TeamFacts,
    get_scheme,
)
from lifecycle.vocab import (
    DesignationStatus,
    EmploymentStatus,
    Gender,
    Honour,
    SkillLevel,
    UnitNature,
)

AS_OF = date(2025, 12, 15)
LESHAN_AS_OF = date(2020, 9, 20)


# ---- factory ---------------------------------------------------------------------------------


def leader(*honours: Honour, **overrides: object) -> LeaderFacts:
    """A leader in service in Yangpu, with the given honours awarded in 2018."""
    base = LeaderFacts(
        birth_date=date(1978, 5, 1),
        gender=Gender.MALE,
        employment_status=EmploymentStatus.EMPLOYED,
        skill_level=SkillLevel.SENIOR_WORKER,
        honours=tuple(HonourFact(h, 2018) for h in honours),
        union_district_code="yangpu",
        is_union_member=True,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


def team(**overrides: object) -> TeamFacts:
    """A 5-person cross-department team founded on 2018-01-01."""
    base = TeamFacts(
        member_count_excluding_leader=4,
        founded_on=date(2018, 1, 1),
        is_administrative_unit=False,
        crosses_administrative_lines=True,
        holds_skill_master_studio=True,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


def facts(scheme_code: str, **overrides: object) -> ApplicationFacts:
    """A fully eligible application for ``scheme_code``; ``overrides`` break one thing."""
    as_of = LESHAN_AS_OF if scheme_code == "leshan-city" else AS_OF
    honours = {
        "yangpu-district": (Honour.SHANGHAI_MODEL_WORKER,),
        "shanghai-model-worker": (Honour.NATIONAL_MODEL_WORKER,),
        "shanghai-craftsman": (Honour.SHANGHAI_CRAFTSMAN,),
        "leshan-city": (Honour.CITY_MODEL_WORKER,),
    }[scheme_code]
    existing: tuple[ExistingDesignation, ...] = ()
    if scheme_code == "shanghai-model-worker":
        existing = (
            ExistingDesignation(
                "yangpu-district", DesignationStatus.NAMED, SchemeLevel.DISTRICT, date(2022, 12, 20)
            ),
        )
    base = ApplicationFacts(
        scheme_code=scheme_code,
        leader=leader(*honours),
        team=team(),
        host_unit_nature=UnitNature.NON_PUBLIC,
        projects=(
            ProjectFact(as_of.year - 1, recognised=True),
            ProjectFact(as_of.year, recognised=True),
        ),
        achievements=(
            AchievementFact(
                date(as_of.year, 3, 1),
                has_benefit=True,
                applied_in_production=True,
                recognised=True,
                city_level_award=True,
            ),
        ),
        has_annual_work_plan=True,
        has_development_plan=True,
        has_activity_plan=True,
        has_rules=True,
        has_ledgers=True,
        has_venue=True,
        has_equipment=True,
        has_earmarked_funds=True,
        existing_designations=existing,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


def check(f: ApplicationFacts, as_of: date = AS_OF) -> dict[str, tuple[bool, str, str]]:
    """Run the scheme's eligibility check: rule → (passed, article, message)."""
    report = get_scheme(f.scheme_code).check_eligibility(f, as_of)
    return {r.rule: (r.passed, r.article, r.message) for r in report.results}


SCHEMES = ["yangpu-district", "shanghai-model-worker", "shanghai-craftsman", "leshan-city"]


# ---- every scheme ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", SCHEMES)
def test_fully_eligible_application_is_eligible(code: str) -> None:
    as_of = LESHAN_AS_OF if code == "leshan-city" else AS_OF
    report = get_scheme(code).check_eligibility(facts(code), as_of)
    assert report.eligible, report.failures
    assert report.failures == ()
    assert report.advisories == ()
    assert report.scheme == code
    assert report.as_of == as_of
    assert all(r.rule and r.article.startswith("[") and r.message for r in report.results)


@pytest.mark.parametrize("code", SCHEMES)
def test_check_leader_returns_only_leader_rules(code: str) -> None:
    results = get_scheme(code).check_leader(facts(code).leader, AS_OF)
    assert results
    assert all(r.rule.startswith("leader_") for r in results)


def test_facts_of_another_scheme_are_refused() -> None:
    with pytest.raises(ValidationFailed) as exc:
        get_scheme("leshan-city").check_eligibility(facts("yangpu-district"), AS_OF)
    assert exc.value.field == "scheme_code"


def test_facts_are_frozen() -> None:
    f = facts("yangpu-district")
    with pytest.raises(FrozenInstanceError):
        f.has_venue = False  # type: ignore[misc]


def test_report_lookup_by_rule() -> None:
    report = get_scheme("yangpu-district").check_eligibility(facts("yangpu-district"), AS_OF)
    assert report.result("team_size").article == "[Y3]"
    with pytest.raises(KeyError):
        report.result("no_such_rule")


# ---- yangpu-district -------------------------------------------------------------------------

Y = "yangpu-district"


def test_yangpu_two_members_fail_team_rule_citing_y3() -> None:
    passed, article, message = check(facts(Y, team=team(member_count_excluding_leader=2)))[
        "team_size"
    ]
    assert not passed
    assert article == "[Y3]"
    assert message == "除带头人外至少3名成员，现有2名"


def test_yangpu_three_members_pass_team_rule() -> None:
    f = facts(Y, team=team(member_count_excluding_leader=3))
    assert check(f)["team_size"][0]
    assert get_scheme(Y).check_eligibility(f, AS_OF).eligible


def test_yangpu_union_relation_elsewhere_fails() -> None:
    elsewhere = leader(
        Honour.SHANGHAI_MODEL_WORKER,
        union_district_code="pudong",
        union_district_name="浦东新区总工会",
    )
    passed, article, message = check(facts(Y, leader=elsewhere))["leader_union_relation"]
    assert (passed, article) == (False, "[Y3]")
    assert message == "带头人工会关系须在杨浦区，现为浦东新区总工会"  # never the code
    unknown = replace(elsewhere, union_district_name=None)
    assert "pudong" not in check(facts(Y, leader=unknown))["leader_union_relation"][2]
    none = replace(elsewhere, union_district_code=None, union_district_name=None)
    assert check(facts(Y, leader=none))["leader_union_relation"][2].endswith("现为未登记所属工会")


def test_yangpu_non_member_fails_union_relation() -> None:
    f = facts(Y, leader=leader(Honour.SHANGHAI_MODEL_WORKER, is_union_member=False))
    assert not check(f)["leader_union_relation"][0]


@pytest.mark.parametrize(
    ("honours", "skill", "ok"),
    [
        ((Honour.NATIONAL_MODEL_WORKER,), SkillLevel.NONE, True),
        ((Honour.CITY_ADVANCED_INDIVIDUAL,), SkillLevel.NONE, True),
        ((Honour.NATIONAL_ADVANCED_INDIVIDUAL,), SkillLevel.NONE, True),
        ((), SkillLevel.TECHNICIAN, True),
        ((), SkillLevel.CHIEF_TECHNICIAN, True),
        ((), SkillLevel.SENIOR_WORKER, False),
        ((Honour.DISTRICT_CRAFTSMAN,), SkillLevel.SENIOR_WORKER, False),
    ],
)
def test_yangpu_leader_honour_or_technician(
    honours: tuple[Honour, ...], skill: SkillLevel, ok: bool
) -> None:
    f = facts(Y, leader=leader(*honours, skill_level=skill))
    passed, article, _ = check(f)["leader_honour"]
    assert (passed, article) == (ok, "[Y3]")


def test_yangpu_honour_awarded_after_as_of_does_not_count() -> None:
    later = leader(honours=(HonourFact(Honour.SHANGHAI_MODEL_WORKER, AS_OF.year + 1),))
    assert not check(facts(Y, leader=later))["leader_honour"][0]


def test_yangpu_retired_leader_fails_y13() -> None:
    f = facts(
        Y,
        leader=leader(Honour.SHANGHAI_MODEL_WORKER, employment_status=EmploymentStatus.RETIRED),
    )
    passed, article, message = check(f)["leader_in_service"]
    assert (passed, article) == (False, "[Y13]")
    assert "退休" in message


def test_yangpu_needs_a_project_this_year_and_a_work_plan() -> None:
    no_project = facts(Y, projects=(ProjectFact(AS_OF.year - 1),))
    passed, article, message = check(no_project)["yearly_project"]
    assert (passed, article) == (False, "[Y3]")
    assert f"{AS_OF.year}年" in message
    no_plan = facts(Y, has_annual_work_plan=False)
    assert "年度工作计划" in check(no_plan)["yearly_project"][2]


def test_yangpu_achievement_must_fall_in_last_two_years() -> None:
    old = AchievementFact(date(2023, 12, 15), has_benefit=True, applied_in_production=True)
    assert not check(facts(Y, achievements=(old,)))["achievement_biennial"][0]
    recent = replace(old, achieved_on=date(2023, 12, 16))
    assert check(facts(Y, achievements=(recent,)))["achievement_biennial"][0]


def test_yangpu_achievement_needs_benefit_and_application() -> None:
    a = AchievementFact(date(2025, 1, 1), has_benefit=True, applied_in_production=False)
    assert not check(facts(Y, achievements=(a,)))["achievement_biennial"][0]
    b = replace(a, has_benefit=False, applied_in_production=True)
    assert not check(facts(Y, achievements=(b,)))["achievement_biennial"][0]


def test_yangpu_venue_and_rules_name_missing_items() -> None:
    passed, article, message = check(facts(Y, has_equipment=False, has_activity_plan=False))[
        "venue_and_rules"
    ]
    assert (passed, article) == (False, "[Y3]")
    assert "设备设施" in message
    assert "活动计划" in message


@pytest.mark.parametrize(
    ("status", "ok"),
    [
        (DesignationStatus.NAMED, False),
        (DesignationStatus.RECTIFYING, False),
        (DesignationStatus.EXITED, False),
        (DesignationStatus.REVOKED, False),
        (DesignationStatus.REJECTED, True),
    ],
)
def test_yangpu_once_named_is_not_applied_for_again(status: DesignationStatus, ok: bool) -> None:
    existing = (ExistingDesignation(Y, status, SchemeLevel.DISTRICT, date(2020, 12, 1)),)
    passed, article, _ = check(facts(Y, existing_designations=existing))["not_already_named"]
    assert (passed, article) == (ok, "[Y7]")


# ---- shanghai-model-worker -------------------------------------------------------------------

S = "shanghai-model-worker"


@pytest.mark.parametrize(
    ("honour", "ok"),
    [
        (Honour.NATIONAL_MODEL_WORKER, True),
        (Honour.SHANGHAI_MODEL_WORKER, True),
        (Honour.PROVINCIAL_MODEL_WORKER, True),
        (Honour.NATIONAL_MAY_DAY_MEDAL, True),
        (Honour.CITY_ADVANCED_INDIVIDUAL, False),
        (Honour.SHANGHAI_CRAFTSMAN, False),
    ],
)
def test_shanghai_leader_honour(honour: Honour, ok: bool) -> None:
    passed, article, _ = check(facts(S, leader=leader(honour)))["leader_honour"]
    assert (passed, article) == (ok, "[S3]")


def test_shanghai_leader_who_left_fails_s9() -> None:
    f = facts(
        S, leader=leader(Honour.NATIONAL_MODEL_WORKER, employment_status=EmploymentStatus.LEFT)
    )
    assert check(f)["leader_in_service"][:2] == (False, "[S9]")


def test_shanghai_administrative_unit_fails() -> None:
    f = facts(S, team=team(is_administrative_unit=True))
    assert check(f)["team_not_administrative"][:2] == (False, "[S3]")


def test_shanghai_team_must_run_one_year() -> None:
    young = facts(S, team=team(founded_on=date(2024, 12, 16)))
    assert check(young)["team_running"][:2] == (False, "[S3]")
    exactly = facts(S, team=team(founded_on=date(2024, 12, 15)))
    assert check(exactly)["team_running"][0]


def test_shanghai_needs_recognised_recent_project() -> None:
    unrecognised = facts(S, projects=(ProjectFact(2025),))
    assert check(unrecognised)["recognised_project"][:2] == (False, "[S3]")
    old = facts(S, projects=(ProjectFact(2022, recognised=True),))
    assert not check(old)["recognised_project"][0]
    three_years = facts(S, projects=(ProjectFact(2023, recognised=True),))
    assert check(three_years)["recognised_project"][0]


def test_shanghai_needs_achievement_with_benefit_and_venue_funds() -> None:
    a = AchievementFact(date(2024, 1, 1), has_benefit=False, applied_in_production=True)
    assert not check(facts(S, achievements=(a,)))["achievement_benefit"][0]
    passed, _, message = check(facts(S, has_earmarked_funds=False))["venue_and_funds"]
    assert not passed
    assert "专项经费" in message


def test_shanghai_recommended_from_district_title_running_one_year() -> None:
    none = facts(S, existing_designations=())
    assert check(none)["recommended_from_district"][:2] == (False, "[S7]")
    young = (
        ExistingDesignation(Y, DesignationStatus.NAMED, SchemeLevel.DISTRICT, date(2025, 1, 1)),
    )
    assert not check(facts(S, existing_designations=young))["recommended_from_district"][0]
    rectifying = (
        ExistingDesignation(
            Y, DesignationStatus.RECTIFYING, SchemeLevel.DISTRICT, date(2020, 1, 1)
        ),
    )
    assert not check(facts(S, existing_designations=rectifying))["recommended_from_district"][0]
    other_district = (
        ExistingDesignation(
            "pudong-district",
            DesignationStatus.NAMED,
            SchemeLevel.DISTRICT,
            date(2021, 6, 1),
            scheme_name="浦东新区劳模创新工作室",
        ),
    )
    passed, _, message = check(facts(S, existing_designations=other_district))[
        "recommended_from_district"
    ]
    assert passed
    # The title by its scheme's name and the date in Chinese, never the code or an ISO date.
    assert message == "已获区局级命名（浦东新区劳模创新工作室，2021年6月1日命名），运行一年以上"


def test_shanghai_national_model_worker_priority_is_advisory() -> None:
    f = facts(S, leader=leader(Honour.SHANGHAI_MODEL_WORKER))
    report = get_scheme(S).check_eligibility(f, AS_OF)
    assert report.eligible
    assert [r.rule for r in report.advisories] == ["national_model_worker_priority"]


# ---- shanghai-craftsman ----------------------------------------------------------------------

C = "shanghai-craftsman"


# ---- leshan-city -----------------------------------------------------------------------------

L = "leshan-city"
