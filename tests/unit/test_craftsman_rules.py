"""Pure rules of the 上海工匠 selection [G]: windows, the 3-year bar, exclusions, text lengths."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lifecycle.craftsman_title import rules
from lifecycle.craftsman_title.rules import Candidate, Channel
from lifecycle.craftsman_title.stages import (
    BY_STAGE,
    STAGES,
    Stage,
    Status,
    after,
    date_problems,
    stage_of,
)
from lifecycle.vocab import UnionLevel

W = rules.windows_2024()
OK = Candidate(
    channel=Channel.UNIT,
    applied_on=date(2024, 7, 1),
    filed_on=date(2024, 7, 1),
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


def _on(c: Candidate, day: date) -> Candidate:
    """Dated and filed on ``day``."""
    return replace(c, applied_on=day, filed_on=day)


def test_the_self_window_is_inclusive_at_both_ends() -> None:
    self_ = replace(OK, channel=Channel.SELF)
    assert _codes(_on(self_, date(2024, 6, 11))) == {"outside_self_window"}
    assert _codes(_on(self_, date(2024, 6, 12))) == set()
    assert _codes(_on(self_, date(2024, 7, 15))) == set()
    assert _codes(_on(self_, date(2024, 7, 16))) == {"outside_self_window"}


def test_unions_submit_by_the_deadline() -> None:
    assert _codes(_on(OK, date(2024, 7, 15))) == set()
    assert _codes(_on(OK, date(2024, 7, 16))) == {"after_union_deadline"}


def test_the_window_is_judged_on_the_day_the_form_is_filed() -> None:
    # Dated 07-01 but filed on 2025-12-05: late for the 2024 call, whatever the form says.
    late = replace(OK, filed_on=date(2025, 12, 5))
    (refusal,) = rules.refusals(late, W)
    assert refusal.code == "after_union_deadline"
    assert "今天（2025年12月5日）已截止" in refusal.message
    assert "《关于开展2024年度“上海工匠”培养选树工作的通知》五（四）" in refusal.message
    self_late = replace(late, channel=Channel.SELF)
    assert _codes(self_late) == {"outside_self_window"}
    # A self-application dated before the window opens is outside it though filed inside.
    early = replace(OK, channel=Channel.SELF, applied_on=date(2024, 6, 1))
    assert _codes(early) == {"outside_self_window"}


def test_a_form_dated_after_today_is_refused_on_its_date() -> None:
    ahead = replace(OK, applied_on=date(2030, 1, 1))
    (refusal,) = rules.refusals(ahead, W)
    assert (refusal.code, refusal.field) == ("applied_after_today", "applied_on")
    assert refusal.message == "申报日期不能晚于今天（2024年7月1日）"


def test_citations_name_the_notice_of_the_calls_own_year() -> None:
    w2025 = rules.Windows(2025, date(2025, 6, 12), date(2025, 7, 15), date(2025, 7, 15))
    bad = replace(OK, applied_on=date(2025, 7, 1), filed_on=date(2025, 7, 1), retired=True)
    (refusal,) = rules.refusals(bad, w2025)
    assert "《关于开展2025年度“上海工匠”培养选树工作的通知》一" in refusal.message
    assert "2024" not in refusal.message
    assert "2025年度" in rules.join_union_message(2025)


def test_three_years_from_the_finding_date() -> None:
    assert rules.barred_until(date(2024, 7, 1)) == date(2027, 6, 30)
    assert rules.barred_until(date(2024, 2, 29)) == date(2027, 2, 28)
    barred = replace(OK, person_barred_until=date(2027, 6, 30))
    assert _codes(_on(barred, date(2027, 6, 30))) >= {"barred_false_declaration"}
    assert "barred_false_declaration" not in _codes(_on(barred, date(2027, 7, 1)))


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


def _dates(stage: Stage, decided_on: date, **notice: date) -> dict[str, str]:
    found = date_problems(
        BY_STAGE[stage],
        decided_on=decided_on,
        previous=("市总审定", date(2025, 8, 1)),
        as_of=date(2026, 12, 5),
        notice_from=notice.get("notice_from"),
        notice_to=notice.get("notice_to"),
    )
    return {p.field: p.code for p in found}


def test_a_stage_is_dated_between_the_previous_step_and_today() -> None:
    assert _dates(Stage.EXPERT_REVIEW, date(2025, 8, 1)) == {}
    assert _dates(Stage.EXPERT_REVIEW, date(2025, 7, 10)) == {"decided_on": "before_previous_stage"}
    assert _dates(Stage.EXPERT_REVIEW, date(2026, 12, 6)) == {"decided_on": "decided_in_future"}


def test_the_notice_starts_after_the_approval_and_its_outcome_once_it_has_ended() -> None:
    ok = {"notice_from": date(2025, 8, 1), "notice_to": date(2025, 8, 10)}
    assert _dates(Stage.PUBLIC_NOTICE, date(2025, 8, 10), **ok) == {}  # on its last day
    assert _dates(Stage.PUBLIC_NOTICE, date(2025, 8, 9), **ok) == {"decided_on": "notice_running"}
    early = ok | {"notice_from": date(2025, 7, 31)}
    assert _dates(Stage.PUBLIC_NOTICE, date(2025, 8, 10), **early) == {
        "notice_from": "notice_before_approval"
    }
    reversed_ = {"notice_from": date(2025, 8, 10), "notice_to": date(2025, 8, 5)}
    assert _dates(Stage.PUBLIC_NOTICE, date(2025, 8, 12), **reversed_) == {
        "notice_to": "invalid_window"
    }
    assert _dates(Stage.PUBLIC_NOTICE, date(2025, 8, 12)) == {
        "notice_from": "notice_period",
        "notice_to": "notice_period",
    }


def test_a_phone_is_a_mobile_or_a_landline_with_its_area_code() -> None:
    """附件1's 联系电话 (reading P36d); a blank one is the required check's to name."""
    for phone in ("13812345678", "138 1234 5678", "+8613812345678", "021-65431234",
                  "0833-2123456", "(021)65431234", "021-65431234转123", ""):  # fmt: skip
        assert rules.phone_problem(phone) is None, phone
    for phone in ("请打单位总机", "12345", "1381234567", "23812345678", "65431234"):
        assert rules.phone_problem(phone) == rules.PHONE_PROBLEM, phone
