"""Eligibility of the Leshan scheme [L]: the team runs two years and counts five with its
leader, a 劳模 or 工匠人才 leads, projects every year, recognised achievements, venue
equipment and funds, plans and ledgers, a city-or-above title not applied for again."""

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
    Honour,
)
from tests.unit.schemes.test_eligibility import LESHAN_AS_OF, L, check, facts, leader, team


def test_leshan_team_running_one_year_fails_citing_l() -> None:
    f = facts(L, team=team(founded_on=date(2019, 9, 20)))
    passed, article, message = check(f, LESHAN_AS_OF)["team_running"]
    assert (passed, article) == (False, "[L 二（一）]")
    assert "2年" in message
    assert "申报条件" not in message  # the clause is the article's, cited once where shown


def test_leshan_team_running_two_years_passes() -> None:
    f = facts(L, team=team(founded_on=date(2018, 9, 20)))
    assert check(f, LESHAN_AS_OF)["team_running"][0]
    assert get_scheme(L).check_eligibility(f, LESHAN_AS_OF).eligible


def test_leshan_team_of_five_including_leader() -> None:
    four = facts(L, team=team(member_count_excluding_leader=3))
    passed, article, message = check(four, LESHAN_AS_OF)["team_size"]
    assert (passed, article) == (False, "[L 二（一）]")
    assert message == "创新团队须5人以上（含带头人），现有4人"
    assert check(facts(L, team=team(member_count_excluding_leader=4)), LESHAN_AS_OF)["team_size"][0]


def test_leshan_projects_every_year() -> None:
    f = facts(L, projects=(ProjectFact(2020),))
    passed, article, message = check(f, LESHAN_AS_OF)["yearly_projects"]
    assert (passed, article) == (False, "[L 二（三）]")
    assert message == "每年至少有1至2项创新课题或攻关项目，2019年没有"


def test_leshan_achievement_must_be_recognised() -> None:
    a = AchievementFact(date(2020, 1, 1), has_benefit=True, applied_in_production=True)
    passed, article, _ = check(facts(L, achievements=(a,)), LESHAN_AS_OF)["recognised_achievement"]
    assert (passed, article) == (False, "[L 二（三）]")


def test_leshan_venue_equipment_and_funds() -> None:
    f = facts(L, has_equipment=False)
    passed, article, message = check(f, LESHAN_AS_OF)["venue_equipment_funds"]
    assert (passed, article) == (False, "[L 二（二）]")
    assert message == "工作场地、设施设备和专项经费缺少设施设备"


def test_leshan_plans_and_ledgers() -> None:
    passed, article, message = check(facts(L, has_ledgers=False), LESHAN_AS_OF)["plans_and_ledgers"]
    assert (passed, article) == (False, "[L 二（四）]")
    assert message == "发展规划、工作计划、制度和台账缺少台账"


def test_leshan_city_or_above_title_is_not_applied_for_again() -> None:
    provincial = (
        ExistingDesignation(
            "sichuan-province", DesignationStatus.NAMED, SchemeLevel.PROVINCE, date(2019, 5, 1)
        ),
    )
    passed, article, _ = check(facts(L, existing_designations=provincial), LESHAN_AS_OF)[
        "not_already_named"
    ]
    assert (passed, article) == (False, "[L 一]")
    county = (
        ExistingDesignation(
            "shizhong-county", DesignationStatus.NAMED, SchemeLevel.DISTRICT, date(2019, 5, 1)
        ),
    )
    assert check(facts(L, existing_designations=county), LESHAN_AS_OF)["not_already_named"][0]


@pytest.mark.parametrize(
    ("honour", "ok"),
    [
        (Honour.CITY_MODEL_WORKER, True),
        (Honour.CRAFTSMAN_TALENT, True),
        (Honour.NATIONAL_MODEL_WORKER, True),
        (Honour.CITY_ADVANCED_INDIVIDUAL, False),
    ],
)
def test_leshan_leader_model_worker_or_craftsman(honour: Honour, ok: bool) -> None:
    passed, article, _ = check(facts(L, leader=leader(honour)), LESHAN_AS_OF)["leader_honour"]
    assert (passed, article) == (ok, "[L 二（一）]")


def test_leshan_achievement_must_have_high_application_value() -> None:
    """「具有较高应用价值」 is the notice's condition too [L 二（三）], said in its words."""
    a = AchievementFact(
        date(2020, 1, 1), has_benefit=True, applied_in_production=False, recognised=True
    )
    passed, article, message = check(facts(L, achievements=(a,)), LESHAN_AS_OF)[
        "recognised_achievement"
    ]
    assert (passed, article) == (False, "[L 二（三）]")
    assert message == (
        "至少完成1项得到有关方面认可、具有较高应用价值，并产生较好经济效益和社会效益的创新成果，"
        "现有1项均未同时满足，未满足：具有较高应用价值"
    )
    valued = AchievementFact(
        date(2020, 1, 1), has_benefit=True, applied_in_production=True, recognised=True
    )
    assert check(facts(L, achievements=(valued,)), LESHAN_AS_OF)["recognised_achievement"][0]
