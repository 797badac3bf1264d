"""The 附件3 occasion after a leader event, the rename note and the search words [C 三（六）]."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lifecycle.leaders.facts import LeaderFact
from lifecycle.leaders.history import rename_note
from lifecycle.leaders.occasions import change_request_due
from lifecycle.occasions.facts import Ask
from lifecycle.occasions.model import OccasionKind as K
from lifecycle.occasions.model import OccasionStatus as St
from lifecycle.occasions.rules import occasions_for
from lifecycle.persons.search import search_terms
from lifecycle.schemes import get_scheme
from lifecycle.vocab import EmploymentStatus, RetirementGroup
from tests.unit.occasions.helpers import (
    BASE,
    DISTRICT,
    EVERYTHING_UNTIL_2030,
    SHANGHAI,
    SHANGHAI_BASE,
    UNIT,
    YANGPU,
)

DIED = LeaderFact(
    person_id=11,
    name="周工匠",
    birth_date=date(1970, 3, 1),
    retirement_group=RetirementGroup.MALE,
    employment_status=EmploymentStatus.DECEASED,
    event_recorded=True,
    event_id=5,
    event_on=date(2026, 6, 1),
)


def _due(facts, settings=SHANGHAI, as_of=date(2026, 6, 1)):
    return list(change_request_due(Ask(facts, settings, EVERYTHING_UNTIL_2030, as_of)))


def test_a_leader_event_asks_the_unit_and_the_district_union_for_the_form():
    found = _due(replace(SHANGHAI_BASE, leader=DIED))
    assert [(o.union_id, o.due_on, o.status) for o in found] == [
        (UNIT, date(2026, 6, 1), St.DUE),
        (DISTRICT, date(2026, 6, 1), St.DUE),
    ]
    assert [o.key for o in found] == [
        "change_request_due:8:5:unit",
        "change_request_due:8:5:district",
    ]
    assert all("附件3" in o.title and o.link.endswith("#leader") for o in found)
    # Each line names the union it asks (the same duty, settled by either union's filing).
    assert ["请所在单位工会报送" in o.title for o in found] == [True, False]
    assert ["请区局（产业）工会报送" in o.title for o in found] == [False, True]
    assert all("任一方报送即办结" in o.title for o in found)
    # A standing item: not shown before the event, due on its day, overdue afterwards (「及时」).
    later = occasions_for(replace(SHANGHAI_BASE, leader=DIED), SHANGHAI, EVERYTHING_UNTIL_2030,
                          date(2027, 6, 1), kinds=[K.CHANGE_REQUEST_DUE])  # fmt: skip
    assert {o.status for o in later} == {St.OVERDUE}


def test_done_once_a_request_is_filed_and_nothing_while_the_leader_leads():
    filed = replace(SHANGHAI_BASE, leader=replace(DIED, request_filed=True))
    assert {o.status for o in _due(filed)} == {St.DONE}
    employed = replace(DIED, employment_status=EmploymentStatus.EMPLOYED, event_recorded=False,
                       event_id=None, event_on=None)  # fmt: skip
    assert _due(replace(SHANGHAI_BASE, leader=employed)) == []
    assert _due(SHANGHAI_BASE) == []
    assert _due(replace(BASE, leader=DIED), settings=get_scheme("leshan-city").settings) == []


def test_a_leader_gone_without_an_event_is_owed_from_the_naming_or_the_cutover():
    # The person record says 离职, no event dates it [S9] 第九条: the form is owed all the same.
    left = replace(DIED, employment_status=EmploymentStatus.LEFT, event_recorded=False,
                   event_id=None, event_on=None)  # fmt: skip
    found = _due(replace(SHANGHAI_BASE, leader=left))
    assert [(o.union_id, o.due_on, o.key) for o in found] == [
        (UNIT, date(2024, 4, 28), "change_request_due:8:p11:unit"),
        (DISTRICT, date(2024, 4, 28), "change_request_due:8:p11:district"),
    ]
    said = "在人员信息中为离职（未登记领衔人情况，自2024年4月28日起计）"
    assert all(said in o.title for o in found)
    cut = _due(replace(SHANGHAI_BASE, leader=left, cutover_on=date(2025, 9, 1)))
    assert {o.due_on for o in cut} == {date(2025, 9, 1)}


def test_a_yangpu_leader_who_left_or_died_asks_the_district_to_change_the_leader():
    # 五个有: a leader [Y3]; only a leader past the legal age continues, with consent [Y13].
    left = replace(DIED, employment_status=EmploymentStatus.LEFT)
    (found,) = _due(replace(BASE, leader=left), settings=YANGPU, as_of=date(2026, 6, 2))
    assert (found.union_id, found.due_on, found.status) == (DISTRICT, date(2026, 6, 1), St.OVERDUE)
    assert found.title == "带头人周工匠已于2026年6月1日不能继续领衔：请区总工会变更带头人"
    (undated,) = _due(replace(BASE, leader=replace(left, event_recorded=False, event_on=None)),
                      settings=YANGPU)  # fmt: skip
    assert undated.due_on == date(2023, 3, 15)
    # A retired Yangpu leader may continue with consent: that is the consent occasion's.
    retired = replace(DIED, employment_status=EmploymentStatus.RETIRED)
    assert _due(replace(BASE, leader=retired), settings=YANGPU) == []
    # An event of another kind (the record stays 在职) is a leader who stopped leading too.
    other = replace(DIED, employment_status=EmploymentStatus.EMPLOYED)
    assert len(_due(replace(BASE, leader=other), settings=YANGPU)) == 1


def test_a_title_named_after_its_leader_keeps_its_text_and_names_what_it_would_become():
    fmt = get_scheme("shanghai-model-worker").settings.title_format
    note = rename_note("陈劳模劳模创新工作室", "陈劳模", "李新", fmt)
    assert note is not None
    assert "「李新劳模创新工作室」" in note
    assert "不改写" in note
    assert rename_note("数控攻关创新工作室", "陈劳模", "李新", fmt) is None  # not named after
    assert rename_note("陈劳模工作室", "陈劳模", "李新", None) is None  # no title format [C]


def test_search_words():
    assert search_terms("  张 三  1234 ") == ["张", "三", "1234"]
    assert search_terms("") == []
    assert len(search_terms("a b c d e f g")) == 5


def test_the_rename_note_names_the_leader_in_the_schemes_word():
    fmt = "{unit_name}{leader_name}劳模和工匠人才创新工作室"  # [L 附件1 填表说明1]
    note = rename_note(
        "乐山电力李德明劳模和工匠人才创新工作室", "李德明", "王新", fmt, word="带头人"
    )
    assert note is not None
    assert note.startswith("称号以原带头人李德明命名：带头人变更不改写已命名的称号")
    assert "领衔人" not in note
