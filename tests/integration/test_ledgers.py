"""Ledgers [Y10][S8]: entries recorded, bad input refused whole, bulk drift facts, scope."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from lifecycle.db import batches as db_batches
from lifecycle.errors import NotFound, ValidationFailed
from lifecycle.ledgers.model import (
    Achievement,
    AchievementKind,
    Activity,
    DevelopmentKind,
    MemberDevelopment,
    Project,
)
from lifecycle.ledgers.service import (
    NewAchievement,
    NewActivity,
    NewMemberDevelopment,
    NewProject,
    ledger_of,
    record_achievement,
    record_activity,
    record_member_development,
    record_project,
)
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.workshops.service import NewMember, add_member
from tests import factories as f

FOUNDED = date(2020, 1, 1)
FUTURE = date(2026, 11, 22)  # the day after f.AS_OF
BEFORE_FOUNDING = date(2019, 12, 31)
LONG = "长" * 301
MODELS = (Project, Activity, Achievement, MemberDevelopment)
ACTIVITY_FIELDS = {"title", "held_on", "participants"}


def _rows(u) -> tuple[int, ...]:
    return tuple(u.session.scalar(select(func.count()).select_from(m)) for m in MODELS)


def _record(u, cmd, scope: Scope = EVERYTHING):
    use_case = {
        NewProject: record_project,
        NewActivity: record_activity,
        NewAchievement: record_achievement,
        NewMemberDevelopment: record_member_development,
    }[type(cmd)]
    return use_case(u, cmd, actor=f.OFFICER, as_of=f.AS_OF, scope=scope)


def _project(shop_id: int, **kw) -> NewProject:
    return replace(NewProject(shop_id, 2026, "高精度数控加工攻关", work_plan="全年计划"), **kw)


def _activity(shop_id: int, **kw) -> NewActivity:
    return replace(NewActivity(shop_id, date(2026, 5, 1), "师徒带教技能比武", 12), **kw)


def _achievement(shop_id: int, **kw) -> NewAchievement:
    cmd = NewAchievement(
        shop_id,
        AchievementKind.UTILITY_PATENT,
        "一种数控夹具",
        date(2025, 9, 1),
        economic_benefit_yuan="12,345.60",
        applied_in_production=True,
    )
    return replace(cmd, **kw)


def _development(shop_id: int, **kw) -> NewMemberDevelopment:
    # A typed name is for a person not on the list: a listed person is given by id alone.
    typed = {} if "person_id" in kw else {"person_name": "小李"}
    cmd = NewMemberDevelopment(
        shop_id,
        DevelopmentKind.APPRENTICE_TRAINED,
        date(2025, 6, 1),
        "带出高级工徒弟2名",
        **typed,
    )
    return replace(cmd, **kw)


def test_each_kind_is_recorded_and_the_ledger_lists_them_by_date(uow):
    with uow() as u:
        shop = f.workshop(u, f.union_tree(u), founded_on=FOUNDED)
        member = shop.members[0]
        _record(u, _project(shop.id, year=2027, title="明年课题"))  # next year's plan is allowed
        project = _record(u, _project(shop.id, started_on=date(2026, 2, 1)))
        _record(u, _activity(shop.id, held_on=date(2026, 6, 1), title="技术交流"))
        activity = _record(u, _activity(shop.id))
        achievement = _record(u, _achievement(shop.id))
        _record(u, _achievement(shop.id, title="无效益成果", economic_benefit_yuan="  "))
        by_leader = _record(u, _development(shop.id, person_id=shop.leader_person_id))
        by_member = _record(
            u,
            _development(
                shop.id,
                person_id=member.person_id,
                kind=DevelopmentKind.SKILL_UPGRADE,
                occurred_on=date(2024, 3, 1),
            ),
        )
        apprentice = _record(u, _development(shop.id, person_name=" 小王 ", occurred_on=FOUNDED))

        assert (project.year, project.entered_by) == (2026, f.OFFICER.name)
        assert (activity.participants, activity.held_on) == (12, date(2026, 5, 1))
        assert achievement.economic_benefit_fen == 1_234_560
        assert achievement.applied_in_production
        assert by_leader.person_name == shop.leader.name
        assert by_member.person_name == member.person.name
        assert (apprentice.person_id, apprentice.person_name) == (None, "小王")

        ledger = ledger_of(u, shop.id, scope=EVERYTHING)
        assert [p.year for p in ledger.projects] == [2026, 2027]
        assert [a.title for a in ledger.activities] == ["师徒带教技能比武", "技术交流"]
        assert [a.economic_benefit_fen for a in ledger.achievements] == [1_234_560, None]
        developments = [apprentice.id, by_member.id, by_leader.id]
        assert [d.id for d in ledger.member_developments] == developments


@pytest.mark.parametrize(
    ("build", "changes", "field"),
    [
        (_project, {"title": "  "}, "title"),
        (_project, {"title": LONG}, "title"),
        (_project, {"year": 2019}, "year"),
        (_project, {"year": 2028}, "year"),
        (_project, {"started_on": FUTURE}, "started_on"),
        (_project, {"started_on": BEFORE_FOUNDING}, "started_on"),
        (_project, {"work_plan": "计" * 5001}, "work_plan"),
        (_activity, {"title": ""}, "title"),
        (_activity, {"held_on": FUTURE}, "held_on"),
        (_activity, {"held_on": BEFORE_FOUNDING}, "held_on"),
        (_activity, {"participants": -1}, "participants"),
        (_activity, {"description": "述" * 5001}, "description"),
        (_achievement, {"kind": "patent"}, "kind"),
        (_achievement, {"title": LONG}, "title"),
        (_achievement, {"achieved_on": FUTURE}, "achieved_on"),
        (_achievement, {"achieved_on": BEFORE_FOUNDING}, "achieved_on"),
        (_achievement, {"economic_benefit_yuan": "约10万"}, "economic_benefit_yuan"),
        (_achievement, {"economic_benefit_yuan": "-5"}, "economic_benefit_yuan"),
        (_achievement, {"economic_benefit_yuan": "1.234"}, "economic_benefit_yuan"),
        (_achievement, {"social_benefit": "益" * 5001}, "social_benefit"),
        (_development, {"kind": "retired"}, "kind"),
        (_development, {"occurred_on": FUTURE}, "occurred_on"),
        (_development, {"occurred_on": BEFORE_FOUNDING}, "occurred_on"),
        (_development, {"description": " "}, "description"),
        (_development, {"person_name": None}, "person_name"),
        (_development, {"person_name": LONG}, "person_name"),
        (_development, {"person_id": 987_654_321}, "person_id"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_written(uow, build, changes, field):
    with uow() as u:
        shop = f.workshop(u, f.union_tree(u), founded_on=FOUNDED)
        cmd = build(shop.id, **changes)
        before = _rows(u)
        with pytest.raises(ValidationFailed) as err:
            _record(u, cmd)
        assert [p.field for p in err.value.problems] == [field]
        assert err.value.field == field
        assert _rows(u) == before


def test_every_bad_field_is_named_at_once(uow):
    with uow() as u:
        shop = f.workshop(u, f.union_tree(u), founded_on=FOUNDED)
        bad = {"title": "", "kind": "x"}
        cases = [
            (
                _project(shop.id, title="", year=2030, started_on=FUTURE, work_plan="计" * 5001),
                {"title", "year", "started_on", "work_plan"},
            ),
            (_activity(shop.id, title="", held_on=FUTURE, participants=-3), ACTIVITY_FIELDS),
            (
                _achievement(shop.id, **bad, achieved_on=FUTURE, economic_benefit_yuan="abc"),
                {"kind", "title", "achieved_on", "economic_benefit_yuan"},
            ),
            (
                _development(
                    shop.id, kind="x", occurred_on=FUTURE, description="", person_name=None
                ),
                {"kind", "occurred_on", "description", "person_name"},
            ),
        ]
        before = _rows(u)
        for cmd, fields in cases:
            with pytest.raises(ValidationFailed) as err:
                _record(u, cmd)
            assert {p.field for p in err.value.problems} == fields, cmd
            assert all(p.message for p in err.value.problems)
        assert _rows(u) == before


def test_duplicate_project_is_refused_but_another_year_is_not(uow):
    with uow() as u:
        shop = f.workshop(u, f.union_tree(u), founded_on=FOUNDED)
        _record(u, _project(shop.id))
        before = _rows(u)
        with pytest.raises(ValidationFailed) as err:
            _record(u, _project(shop.id, title=" 高精度数控加工攻关 "))
        assert (err.value.field, err.value.code) == ("title", "duplicate")
        assert _rows(u) == before
        _record(u, _project(shop.id, year=2025))
        assert _rows(u)[0] == before[0] + 1


def test_development_person_must_be_on_the_team_on_that_day(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree, founded_on=FOUNDED)
        stranger = f.person(u, name="外单位人员")
        leaver = f.person(u, name="已离开成员")
        add_member(
            u,
            shop.id,
            NewMember(person_id=leaver.id, joined_on=FOUNDED, left_on=date(2023, 1, 1)),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        before = _rows(u)
        for person_id in (stranger.id, leaver.id):
            with pytest.raises(ValidationFailed) as err:
                _record(u, _development(shop.id, person_id=person_id))
            assert (err.value.field, err.value.code) == ("person_id", "not_on_team")
        assert _rows(u) == before
        early = _record(u, _development(shop.id, person_id=leaver.id, occurred_on=date(2022, 5, 1)))
        assert early.person_name == "已离开成员"


def test_unknown_workshop_is_not_found(uow):
    with uow() as u:
        for build in (_project, _activity, _achievement, _development):
            with pytest.raises(NotFound) as err:
                _record(u, build(987_654_321))
            assert err.value.field == "workshop_id"
        with pytest.raises(NotFound):
            ledger_of(u, 987_654_321, scope=EVERYTHING)


def test_workshop_in_another_district_is_not_found_through_a_district_scope(uow):
    with uow() as u:
        tree = f.union_tree(u)
        district = Scope.subtree(tree.district.path)
        ours = f.workshop(u, tree, founded_on=FOUNDED)
        theirs = f.workshop(u, replace(tree, unit=tree.other_unit), founded_on=FOUNDED)
        entry = _record(u, _activity(theirs.id))
        before = _rows(u)
        for build in (_project, _activity, _achievement, _development):
            with pytest.raises(NotFound):
                _record(u, build(theirs.id), district)
        assert _rows(u) == before
        with pytest.raises(NotFound):
            ledger_of(u, theirs.id, district)
        assert u.ledgers.get_activity(entry.id, district) is None
        assert u.ledgers.get_activity(entry.id, EVERYTHING).id == entry.id
        assert u.ledgers.activities_of(theirs.id, district) == []

        mine = _record(u, _activity(ours.id), district)
        assert u.ledgers.get_activity(mine.id, district).id == mine.id
        assert [a.id for a in ledger_of(u, ours.id, district).activities] == [mine.id]


@pytest.mark.parametrize("ids_per_query", [10_000, 1])
def test_bulk_project_years_and_last_achievements(uow, monkeypatch, ids_per_query):
    monkeypatch.setattr(db_batches, "IDS_PER_QUERY", ids_per_query)
    with uow() as u:
        tree = f.union_tree(u)
        a, b, c = (f.workshop(u, tree, members=1, founded_on=FOUNDED) for _ in range(3))
        for year, title in ((2024, "课题一"), (2025, "课题二"), (2025, "课题三")):
            _record(u, _project(a.id, year=year, title=title))
        _record(u, _project(b.id, year=2026))
        _record(u, _project(b.id, year=2027, title="明年计划"))

        achievements = [  # workshop, title, achieved on, benefit in yuan, social benefit, applied
            (a, "甲一", date(2023, 5, 1), "100", None, True),  # counts for [Y3]
            (a, "甲二", date(2024, 6, 1), "0", None, True),  # no benefit
            (b, "乙一", date(2025, 1, 10), None, "提升作业安全", True),  # social benefit counts
            (b, "乙二", date(2025, 3, 1), "100", None, False),  # never applied
            (b, "乙三", date(2025, 2, 1), None, "   ", True),  # blank social benefit
        ]
        for shop, title, day, yuan, social, applied in achievements:
            cmd = _achievement(shop.id, title=title, achieved_on=day, economic_benefit_yuan=yuan)
            _record(u, replace(cmd, social_benefit=social, applied_in_production=applied))
        ids = [a.id, b.id, c.id, 987_654_321]

        assert u.ledgers.project_years(ids) == {a.id: {2024, 2025}, b.id: {2026, 2027}}
        latest = {a.id: date(2024, 6, 1), b.id: date(2025, 3, 1)}
        assert u.ledgers.last_achievement_on(ids) == latest
        useful = {a.id: date(2023, 5, 1), b.id: date(2025, 1, 10)}
        assert u.ledgers.last_achievement_on(ids, with_benefit_applied=True) == useful
        assert u.ledgers.project_years([]) == {}
        assert u.ledgers.last_achievement_on(set(), with_benefit_applied=True) == {}


def test_a_typed_name_is_the_team_members_unless_two_of_the_team_bear_it(uow):
    """A typed name borne by one of the team on the day is that person's entry; by two of them,
    the list is asked for (which one cannot be guessed), nothing written [Y10]."""
    with uow() as u:
        shop = f.workshop(u, f.union_tree(u), founded_on=FOUNDED)
        by_name = {m.person.name: m.person_id for m in shop.members}
        linked = _record(u, _development(shop.id, person_name=" 成员2 "))
        assert (linked.person_id, linked.person_name) == (by_name["成员2"], "成员2")
        twin = f.person(u, name="成员1", honours=())
        add_member(
            u,
            shop.id,
            NewMember(person_id=twin.id, joined_on=FOUNDED),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        with pytest.raises(ValidationFailed) as err:
            _record(u, _development(shop.id, person_name="成员1"))
        assert [(p.field, p.code) for p in err.value.problems] == [("person_id", "several_named")]
        assert (
            "本工作室有2位名为「成员1」的人员，请从名单中选择是哪一位"
            in err.value.problems[0].message
        )
        assert len(ledger_of(u, shop.id, scope=EVERYTHING).member_developments) == 1
