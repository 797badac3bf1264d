"""An open audit finding is an occasion of the finance that answers it (reading 33w)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lifecycle.funding.facts import FindingFact, MatchingFact
from lifecycle.occasions.facts import Window
from lifecycle.occasions.model import OccasionKind, OccasionStatus
from lifecycle.occasions.rules import occasions_for
from lifecycle.vocab import DesignationStatus
from tests.unit.occasions.helpers import BASE, CITY, DISTRICT, SHANGHAI, SHANGHAI_BASE, YANGPU

FOUND = date(2026, 11, 21)
WINDOW = Window(date(2026, 1, 1), date(2027, 12, 31))
KINDS = {OccasionKind.FUNDING_FINDING}


def _found(facts, settings, as_of=FOUND):
    return occasions_for(facts, settings, WINDOW, as_of, kinds=KINDS)


def test_each_open_finding_waits_for_its_answering_union_with_no_deadline():
    travel = FindingFact(1, "forbidden_category", FOUND, 120000, None)
    [o] = _found(replace(BASE, open_findings=(travel,)), YANGPU, FOUND.replace(day=30))
    assert (o.key, o.union_id, o.due_on, o.status) == (
        "funding_finding:7:1", DISTRICT, FOUND, OccasionStatus.DUE
    )  # fmt: skip
    assert o.undated  # never overdue, however long it waits
    assert not o.warning
    assert "支出类别属禁止用途 1,200.00 元" in o.title
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第十六条" in o.title


def test_a_city_titles_findings_go_to_the_grants_payer_or_the_matching_district():
    city = replace(SHANGHAI_BASE, naming_union_id=CITY)
    findings = (
        FindingFact(1, "ineligible_grant", FOUND, 2000000, CITY),  # the city's grant
        FindingFact(2, "matching_missing", FOUND, 2000000, None),
        FindingFact(3, "overspent", FOUND, 5000, None),
    )
    found = {o.key: o for o in _found(replace(city, open_findings=findings), SHANGHAI)}
    assert found["funding_finding:8:1"].union_id == CITY
    assert found["funding_finding:8:2"].union_id == DISTRICT
    assert "区级配套资金应不少于1:1" in found["funding_finding:8:2"].title
    assert found["funding_finding:8:3"].union_id == DISTRICT  # [S10] 保证专款专用


def test_an_ended_titles_finding_is_still_owed_after_its_end():
    after = FindingFact(4, "after_end", FOUND, 30000, None)
    ended = replace(
        BASE, status=DesignationStatus.REVOKED, ended_on=date(2026, 6, 1), open_findings=(after,)
    )
    assert [o.key for o in _found(ended, YANGPU)] == ["funding_finding:7:4"]
    assert _found(replace(ended, open_findings=()), YANGPU) == []


def test_a_matching_shortfall_is_told_once_by_the_unmet_duty_then_by_its_finding():
    """Reading finance56b: while the district's matching is owed and unmet, its overdue
    ``matching_funds`` duty and the matching finding say the same shortfall to the same
    district finance; the duty alone shows it, naming the finding. (Once the matching is met the
    audit closes the finding; were it open, it would show.) Other findings show throughout."""
    city = replace(SHANGHAI_BASE, naming_union_id=CITY)
    findings = (
        FindingFact(2, "matching_short", FOUND, 1000000, None),
        FindingFact(3, "overspent", FOUND, 5000, None),
    )
    short = MatchingFact(date(2026, 8, 8), 2000000, 1000000)
    owed = replace(city, open_findings=findings, matching=short)
    both = {OccasionKind.FUNDING_FINDING, OccasionKind.MATCHING_FUNDS}
    shown = occasions_for(owed, SHANGHAI, WINDOW, FOUND, kinds=both)
    assert sorted(o.key for o in shown) == ["funding_finding:8:3", "matching_funds:8"]
    [duty] = [o for o in shown if o.kind is OccasionKind.MATCHING_FUNDS]
    assert (duty.union_id, duty.status) == (DISTRICT, OccasionStatus.OVERDUE)
    assert duty.title.endswith("已到位 10,000.00 元；审计发现：配套资金低于1:1）"), duty.title
    met = replace(owed, matching=replace(short, matching_fen=2000000))
    shown = occasions_for(met, SHANGHAI, WINDOW, FOUND, kinds=both, outstanding_only=True)
    assert sorted(o.key for o in shown) == ["funding_finding:8:2", "funding_finding:8:3"]
    # An ended title whose matching fell due after the end owes no duty: the finding shows.
    ended = replace(owed, status=DesignationStatus.EXITED, ended_on=date(2026, 9, 1))
    assert "funding_finding:8:2" in {o.key for o in _found(ended, SHANGHAI)}
