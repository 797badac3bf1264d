"""Pure intake rules: batch ranking, minimum and non-public share; form limits and counts."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from lifecycle.intake.calls import call_field_problems, year_outside_window
from lifecycle.intake.forms import char_count, clean_form, counts
from lifecycle.intake.packs import intake_pack
from lifecycle.intake.packs.base import BatchRules
from lifecycle.intake.rules import (
    BatchFacts,
    BatchItem,
    check_batch,
    minimum_non_public,
    within_window,
)
from lifecycle.schemes import all_schemes
from lifecycle.schemes.numbers import next_title_number, title_number
from tests.intake_factories import AS_OF, leshan_form

C = BatchRules(non_public_share=Fraction(3, 10), article_non_public="[C 二（二）]")
L = BatchRules(ranking_required=True, min_per_district_union=2, article_ranking="[L 四（二）]")


def _failed(results) -> set[str]:  # type: ignore[no-untyped-def]
    return {r.rule for r in results if not r.passed}


def test_non_public_share_of_a_district_batch_rounds_up():
    assert [minimum_non_public(n, 3, 10) for n in (1, 3, 4, 7, 10, 11)] == [1, 1, 2, 3, 3, 4]
    two = BatchFacts(True, tuple(BatchItem(None, i < 2) for i in range(10)))
    three = BatchFacts(True, tuple(BatchItem(None, i < 3) for i in range(10)))
    assert _failed(check_batch(C, two)) == {"batch_non_public"}
    assert _failed(check_batch(C, three)) == set()
    # A bureau or industry union (not a district) is not held to the share [C 二（二）].
    assert _failed(check_batch(C, BatchFacts(False, two.items))) == set()


def test_leshan_county_batch_needs_two_and_a_ranking():
    one = BatchFacts(True, (BatchItem(1, False),))
    unranked = BatchFacts(True, tuple(BatchItem(None, False) for _ in range(3)))
    ranked = BatchFacts(True, tuple(BatchItem(i + 1, False) for i in range(3)))
    duplicate = BatchFacts(True, (BatchItem(1, False), BatchItem(1, False)))
    assert _failed(check_batch(L, one)) == {"batch_minimum"}
    assert _failed(check_batch(L, unranked)) == {"batch_ranking"}
    assert _failed(check_batch(L, duplicate)) == {"batch_ranking"}
    assert _failed(check_batch(L, ranked)) == set()


def test_a_supplementary_batch_is_judged_with_the_unions_earlier_batches():
    """Reading I7: the share, the minimum and the ranking are of the union's whole
    recommendation to the call [C 二（二）][L 一][L 四（二）]."""
    sent = (BatchItem(None, True), BatchItem(None, False), BatchItem(None, False))
    one_more = BatchFacts(True, (BatchItem(None, False),), earlier=sent)
    (share,) = [r for r in check_batch(C, one_more) if r.rule == "batch_non_public"]
    assert not share.passed  # 1 of 4, 2 needed: alone the supplement would not be judged so
    assert "连同已报送的3个共4个，须至少2个非公企业，现有1个" in share.message
    two_more = BatchFacts(True, (BatchItem(None, False), BatchItem(None, True)), earlier=sent)
    assert _failed(check_batch(C, two_more)) == set()
    # Leshan: one more after a batch of one makes the county's two; ranks follow the sent ones.
    first = (BatchItem(1, False),)
    assert _failed(check_batch(L, BatchFacts(True, (BatchItem(2, False),), first))) == set()
    restarted = BatchFacts(True, (BatchItem(1, False),), first)
    (ranking,) = [r for r in check_batch(L, restarted) if r.rule == "batch_ranking"]
    assert not ranking.passed
    assert "补充批次接续已报送批次的排序，自2起" in ranking.message


def test_deadline_day_is_inclusive():
    opens, deadline = date(2020, 8, 3), date(2020, 9, 25)
    assert within_window(opens, deadline, deadline, "通知").passed
    late = within_window(opens, deadline, date(2020, 9, 26), "通知")
    assert not late.passed
    assert (
        late.message
        == "申报已截止：截止日期为2020年9月25日（含当日，北京时间），提交日期为2020年9月26日"
    )
    assert not within_window(opens, deadline, date(2020, 8, 2), "通知").passed


def test_leshan_material_of_1999_characters_is_refused_2000_accepted():
    form = intake_pack("leshan-city").form
    _, short = clean_form(
        form, {**leshan_form(), "material": "材" * 1999}, complete=True, as_of=AS_OF
    )
    assert [p.field for p in short.items] == ["material"]
    assert "不少于2000字，现为1999字" in short.items[0].message
    _, ok = clean_form(form, leshan_form(), complete=True, as_of=AS_OF)
    assert ok.items == []
    # A draft may be saved short; the limit binds at submission.
    _, draft = clean_form(
        form, {**leshan_form(), "material": "材" * 10}, complete=False, as_of=AS_OF
    )
    assert draft.items == []


def test_leshan_summary_over_600_is_refused_even_in_a_draft():
    form = intake_pack("leshan-city").form
    _, long = clean_form(form, {"summary": "简" * 601}, complete=False, as_of=AS_OF)
    assert [p.field for p in long.items] == ["summary"]


def test_a_project_year_of_five_digits_and_an_achievement_in_the_future_are_refused():
    """年度 is a four-digit year not after this year; 取得日期 is a fact, not after today."""
    form = intake_pack("yangpu-district").form
    data = {
        "projects": [{"name": "攻关", "year": "20266"}, {"name": "明年", "year": "2027"}],
        "achievements": [{"name": "成果", "achieved_on": "2030-01-01"}],
    }
    _, problems = clean_form(form, data, complete=False, as_of=AS_OF)
    found = {p.field: p.message for p in problems.items}
    assert found["projects.0.year"] == "攻关项目（创新课题）第1行：年度应在1949年至2026年之间"
    assert found["projects.1.year"] == "攻关项目（创新课题）第2行：年度应在1949年至2026年之间"
    said = "创新成果第1行：取得日期不能晚于今天（2026年11月21日）"
    assert found["achievements.0.achieved_on"] == said
    ok = {**data, "projects": [{"name": "攻关", "year": "2026"}], "achievements": []}
    assert clean_form(form, ok, complete=False, as_of=AS_OF)[1].items == []


def test_a_length_limit_the_form_sets_itself_cites_nothing_not_empty_brackets():
    form = intake_pack("yangpu-district").form
    _, problems = clean_form(form, {"team_summary": "团" * 1200}, complete=False, as_of=AS_OF)
    (problem,) = problems.items
    assert problem.message == "团队构成（专业、学历、年龄结构）应在1000字以内，现为1200字"
    # A limit the regulation sets is cited by it.
    leshan = intake_pack("leshan-city").form
    _, cited = clean_form(leshan, {"summary": "简" * 601}, complete=False, as_of=AS_OF)
    assert cited.items[0].message.endswith(
        "现为601字（《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》附件1）"
    )


def test_about_800_is_guidance_shown_as_a_count():
    form = intake_pack("shanghai-craftsman").form
    data = {"introduction": "工" * 900, "project_intro": "项 目\n" * 10}
    _, problems = clean_form(form, data, complete=False, as_of=AS_OF)
    assert problems.items == []
    shown = {c.name: (c.count, c.guide) for c in counts(form, data)}
    assert shown["introduction"] == (900, 800)
    assert shown["project_intro"] == (20, 500)
    assert char_count(" 工\n匠 ") == 2


def test_a_title_number_continues_after_the_highest_of_the_year_in_the_schemes_series():
    assert next_title_number("杨浦", 2026, set()) == "杨浦 2026-001"
    assert next_title_number("杨浦", 2026, {"杨浦 2026-001"}) == "杨浦 2026-002"
    # An imported 002 alone: counting the year's titles would say 002, which is taken.
    assert next_title_number("杨浦", 2026, {"杨浦 2026-002"}) == "杨浦 2026-003"
    # The register has 024 and 026: the next is 027, never a gap's number (003, 025) [Y7].
    assert next_title_number("杨浦", 2026, {"杨浦 2026-024", "杨浦 2026-026"}) == "杨浦 2026-027"
    # Another year's numbers, another series' and a number written otherwise do not count.
    other = {"杨浦 2025-040", "沪劳创 2026-050", "杨浦 2026-00A"}
    assert next_title_number("杨浦", 2026, other) == "杨浦 2026-001"
    assert next_title_number("沪劳创", 2026, {"沪劳创 2026-999"}) == "沪劳创 2026-1000"


def test_each_scheme_numbers_its_titles_in_the_series_of_its_register():
    prefixes = {s.settings.code: s.settings.number_prefix for s in all_schemes()}
    assert prefixes == {
        "yangpu-district": "杨浦",
        "shanghai-model-worker": "沪劳创",
        "shanghai-craftsman": "沪工匠创",
        "leshan-city": "乐山",
    }
    assert title_number("沪劳创", 2026, 3) == "沪劳创 2026-003"


def test_a_calls_year_is_a_year_its_window_touches_or_the_next():
    window = (date(2026, 11, 1), date(2026, 12, 20))
    assert year_outside_window(2026, *window) is None
    assert year_outside_window(2027, *window) is None  # a year-end round for the coming year
    assert year_outside_window(2019, *window) == (
        "年度与受理期限不符：受理期限为2026年11月1日至2026年12月20日，年度应为2026、2027年"
    )
    assert year_outside_window(2025, *window) is not None
    assert year_outside_window(2026, date(2025, 11, 1), date(2026, 1, 10)) is None
    problems = call_field_problems("通知", 2019, *window, None, None)
    assert [(p.field, p.code) for p in problems] == [("year", "outside_window")]
    # A window ending before it opens is the deadline's problem alone.
    reversed_window = call_field_problems(
        "通知", 2019, date(2026, 12, 1), date(2026, 11, 1), None, None
    )
    assert [p.field for p in reversed_window] == ["deadline"]
