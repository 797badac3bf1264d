"""Pure rules of the 上海工匠 selection [G]: windows, the 3-year bar, exclusions, text lengths."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lifecycle.craftsman_title import rules
from lifecycle.craftsman_title.rules import Candidate, Channel
from lifecycle.craftsman_title.stages import STAGES, Stage, Status, after, stage_of
from lifecycle.vocab import UnionLevel

W = rules.windows_2024()
OK = Candidate(
    channel=Channel.UNIT,
    applied_on=date(2024, 7, 1),
    chinese_nationality=True,
    union_member=True,
    front_line=True,
    deputy_bureau_or_above=False,
    org_managed_unit_head=False,
    retired=False,
    holds_local_title=True,
    local_title_exception=None,
    recommender_ran_local_selection=True,
    person_barred_until=None,
    unit_barred_until=None,
)


def _codes(c: Candidate) -> set[str]:
    return {r.code for r in rules.refusals(c, W)}


def test_a_complete_candidate_passes() -> None:
    assert _codes(OK) == set()


def test_the_self_window_is_inclusive_at_both_ends() -> None:
    self_ = replace(OK, channel=Channel.SELF)
    assert _codes(replace(self_, applied_on=date(2024, 6, 11))) == {"outside_self_window"}
    assert _codes(replace(self_, applied_on=date(2024, 6, 12))) == set()
    assert _codes(replace(self_, applied_on=date(2024, 7, 15))) == set()
    assert _codes(replace(self_, applied_on=date(2024, 7, 16))) == {"outside_self_window"}


def test_unions_submit_by_the_deadline() -> None:
    assert _codes(replace(OK, applied_on=date(2024, 7, 15))) == set()
    assert _codes(replace(OK, applied_on=date(2024, 7, 16))) == {"after_union_deadline"}


def test_three_years_from_the_finding_date() -> None:
    assert rules.barred_until(date(2024, 7, 1)) == date(2027, 6, 30)
    assert rules.barred_until(date(2024, 2, 29)) == date(2027, 2, 28)
    barred = replace(OK, person_barred_until=date(2027, 6, 30))
    assert _codes(replace(barred, applied_on=date(2027, 6, 30))) >= {"barred_false_declaration"}
    assert "barred_false_declaration" not in _codes(replace(barred, applied_on=date(2027, 7, 1)))


def test_self_applicants_are_not_bound_by_the_recommenders_clauses() -> None:
    loose = replace(
        OK,
        holds_local_title=False,
        recommender_ran_local_selection=False,
        unit_barred_until=date(2026, 1, 1),
    )
    assert _codes(loose) == {
        "no_local_title",
        "no_local_selection",
        "unit_barred_false_declaration",
    }
    assert _codes(replace(loose, channel=Channel.SELF)) == set()


def test_each_exclusion_names_clause_one() -> None:
    bad = replace(
        OK,
        chinese_nationality=False,
        front_line=False,
        deputy_bureau_or_above=True,
        org_managed_unit_head=True,
        retired=True,
    )
    refused = rules.refusals(bad, W)
    assert {r.code for r in refused} == {
        "nationality",
        "not_front_line",
        "deputy_bureau_cadre",
        "org_managed_unit_head",
        "retired",
    }
    assert all(r.clause == "一" and "通知》一" in r.message for r in refused)


def test_membership_directs_rather_than_refuses() -> None:
    outsider = replace(OK, union_member=False)
    assert _codes(outsider) == set()
    assert rules.must_join_union(outsider)


def test_text_lengths_of_the_form() -> None:
    assert rules.text_length_problems("好" * 100, "字" * 500) == []
    fields = [f for f, _ in rules.text_length_problems("好" * 101, "字" * 299)]
    assert fields == ["understanding", "statement"]


def test_personal_data_masks() -> None:
    assert rules.mask_phone("13812345678") == "138****5678"
    assert rules.mask_address("上海市杨浦区国定路100弄") == "上海市杨浦区****"


def test_the_five_stages_in_order_with_their_owners() -> None:
    assert [s.stage for s in STAGES] == list(Stage)
    assert STAGES[0].owner == UnionLevel.DISTRICT
    assert {s.owner for s in STAGES[1:]} == {UnionLevel.CITY}
    assert after(Stage.PUBLIC_NOTICE) == Status.GRANTED
    assert after(Stage.QUALIFICATION) == Status.EXPERT_REVIEW
    assert stage_of(Status.GRANTED) is None
    assert stage_of(Status.AWAITING_MEMBERSHIP) is None
