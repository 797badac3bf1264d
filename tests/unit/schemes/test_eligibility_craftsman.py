"""Eligibility of the Shanghai craftsman-workshop scheme [C]: the leader holds 上海工匠 and
joins the activities, retired leaders fail, a team holding the model-worker title is
excluded, the team crosses lines and runs a year, projects recent and tied to the main
business, achievements applied, venue rules and funds; preferences advisory."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.schemes import (
    AchievementFact,
    ExistingDesignation,
    ProjectFact,
    SchemeLevel,
    get_scheme,
)
from lifecycle.vocab import (
    DesignationStatus,
    EmploymentStatus,
    Honour,
)
from tests.unit.schemes.test_eligibility import (
    AS_OF,
    C,
    S,
    check,
    facts,
    leader,
    team,
)


def test_craftsman_leader_without_shanghai_craftsman_fails_citing_notice() -> None:
    f = facts(C, leader=leader(Honour.NATIONAL_MODEL_WORKER))
    report = get_scheme(C).check_eligibility(f, AS_OF)
    assert not report.eligible
    failed = report.result("leader_shanghai_craftsman")
    assert not failed.passed
    assert failed.article == "[C 一（一）]"
    # The article carries the citation; the message names no regulation of its own, so that
    # whoever shows it cites the notice once (before, an informal name was appended as well).
    assert failed.message == "领衔人必须是“上海工匠”，现不是"


def test_craftsman_leader_must_be_willing_to_join_activities() -> None:
    f = facts(C, leader=leader(Honour.SHANGHAI_CRAFTSMAN, willing_to_join_activities=False))
    assert check(f)["leader_willing_activities"][:2] == (False, "[C 一（一）]")


def test_craftsman_retired_leader_fails() -> None:
    f = facts(
        C, leader=leader(Honour.SHANGHAI_CRAFTSMAN, employment_status=EmploymentStatus.RETIRED)
    )
    assert check(f)["leader_in_service"][:2] == (False, "[C 三（六）]")


@pytest.mark.parametrize(
    ("status", "ok"),
    [
        (DesignationStatus.NAMED, False),
        (DesignationStatus.RECTIFYING, False),
        (DesignationStatus.EXITED, False),
        (DesignationStatus.REVOKED, True),
        (DesignationStatus.APPLIED, True),
        (DesignationStatus.REJECTED, True),
    ],
)
def test_craftsman_excluded_when_holding_model_worker_title(
    status: DesignationStatus, ok: bool
) -> None:
    existing = (ExistingDesignation(S, status, SchemeLevel.CITY, date(2021, 12, 1)),)
    f = facts(C, existing_designations=existing)
    passed, article, message = check(f)["not_model_worker_studio"]
    assert (passed, article) == (ok, "[C 一（二）]")
    assert "《" not in message  # cited once, by its article, wherever it is shown
    assert get_scheme(C).check_eligibility(f, AS_OF).eligible is ok


def test_craftsman_team_must_cross_lines_and_run_one_year() -> None:
    assert not check(facts(C, team=team(crosses_administrative_lines=False)))["team_crosses_lines"][
        0
    ]
    assert not check(facts(C, team=team(founded_on=date(2025, 1, 1))))["team_running"][0]


def test_craftsman_project_must_be_recent_and_tied_to_main_business() -> None:
    unrelated = facts(C, projects=(ProjectFact(2025, tied_to_main_business=False),))
    assert check(unrelated)["project_main_business"][:2] == (False, "[C 一（三）]")
    old = facts(C, projects=(ProjectFact(2022),))
    assert not check(old)["project_main_business"][0]
    assert check(facts(C, projects=(ProjectFact(2023),)))["project_main_business"][0]


def test_craftsman_achievement_must_be_applied_in_production() -> None:
    a = AchievementFact(date(2025, 1, 1), has_benefit=True, applied_in_production=False)
    assert not check(facts(C, achievements=(a,)))["achievement_applied"][0]


def test_craftsman_venue_rules_funds() -> None:
    passed, _, message = check(facts(C, has_earmarked_funds=False, has_rules=False))[
        "venue_rules_funds"
    ]
    assert not passed
    assert "年度经费投入" in message
    assert "团队工作制度" in message


def test_craftsman_preferences_are_advisory() -> None:
    plain = AchievementFact(date(2025, 1, 1), has_benefit=True, applied_in_production=True)
    f = facts(C, team=team(holds_skill_master_studio=False), achievements=(plain,))
    report = get_scheme(C).check_eligibility(f, AS_OF)
    assert report.eligible
    assert {r.rule for r in report.advisories} == {
        "skill_master_studio_preferred",
        "city_award_preferred",
    }
