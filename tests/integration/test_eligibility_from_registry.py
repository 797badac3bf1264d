"""Eligibility checked on registry records: the rule packs see the real team, leader and titles."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.designations.eligibility import Declaration, check_application
from lifecycle.errors import ValidationFailed
from lifecycle.schemes import AchievementFact, ProjectFact
from tests import factories as f

AS_OF = date(2026, 11, 21)
FULL = Declaration(
    projects=(ProjectFact(2024, recognised=True), ProjectFact(2025, True), ProjectFact(2026, True)),
    achievements=(AchievementFact(date(2026, 3, 1), True, True, recognised=True),),
    crosses_administrative_lines=True,
    has_annual_work_plan=True,
    has_development_plan=True,
    has_activity_plan=True,
    has_rules=True,
    has_ledgers=True,
    has_venue=True,
    has_equipment=True,
    has_earmarked_funds=True,
)


def _failed(report) -> dict[str, str]:
    return {r.rule: r.article for r in report.failures}


def test_yangpu_team_of_two_fails_the_team_rule(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree, members=2)
        report = check_application(u, shop.id, "yangpu-district", FULL, as_of=AS_OF)
        assert _failed(report) == {"team_size": "[Y3]"}
        bigger = f.workshop(u, tree, members=3)
        assert check_application(u, bigger.id, "yangpu-district", FULL, as_of=AS_OF).eligible


def test_craftsman_leader_without_shanghai_craftsman_fails_citing_the_notice(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        report = check_application(u, shop.id, "shanghai-craftsman", FULL, as_of=AS_OF)
        failures = {r.rule: r for r in report.failures}
        assert "leader_shanghai_craftsman" in failures
        assert failures["leader_shanghai_craftsman"].article.startswith("[C")


def test_team_holding_model_worker_title_cannot_apply_for_craftsman(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, scheme="shanghai-model-worker")
        report = check_application(u, d.workshop_id, "shanghai-craftsman", FULL, as_of=AS_OF)
        assert "not_model_worker_studio" in _failed(report)


def test_leshan_team_running_one_year_fails(uow):
    with uow() as u:
        tree = f.union_tree(u)
        young = f.workshop(u, tree, members=5, founded_on=date(2025, 11, 1))
        report = check_application(u, young.id, "leshan-city", FULL, as_of=AS_OF)
        assert _failed(report) == {"team_running": "[L 二（一）]"}
        older = f.workshop(u, tree, members=5, founded_on=date(2024, 11, 1))
        assert check_application(u, older.id, "leshan-city", FULL, as_of=AS_OF).eligible


def test_unknown_scheme_names_the_field(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        with pytest.raises(ValidationFailed) as err:
            check_application(u, shop.id, "no-such-scheme", FULL, as_of=AS_OF)
        assert err.value.field == "scheme"
