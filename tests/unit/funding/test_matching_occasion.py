"""The matching-funds occasion for the district union [S10] (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lifecycle.funding.facts import MatchingFact
from lifecycle.occasions.model import OccasionKind, OccasionStatus
from lifecycle.occasions.rules import occasions_for
from lifecycle.vocab import DesignationStatus
from tests.unit.occasions.helpers import (
    DISTRICT,
    EVERYTHING_UNTIL_2030,
    SHANGHAI,
    SHANGHAI_BASE,
    YANGPU,
    facts,
)

KINDS = {OccasionKind.MATCHING_FUNDS}


def _matching(fact, as_of, settings=SHANGHAI, base=SHANGHAI_BASE):
    return occasions_for(
        facts(base, matching=fact), settings, EVERYTHING_UNTIL_2030, as_of, kinds=KINDS
    )


def test_matching_is_due_90_days_after_the_city_grant_then_overdue():
    fact = MatchingFact(date(2026, 1, 10), 2_000_000, 0)
    (due,) = _matching(fact, date(2026, 4, 10))
    assert (due.due_on, due.union_id, due.status) == (
        date(2026, 4, 10),
        DISTRICT,
        OccasionStatus.DUE,
    )
    (late,) = _matching(fact, date(2026, 4, 11))
    assert late.status is OccasionStatus.OVERDUE
    assert late.key == f"matching_funds:{SHANGHAI_BASE.id}"
    assert late.link.endswith("#funding")


def test_short_matching_keeps_it_open_full_matching_closes_it():
    (short,) = _matching(MatchingFact(date(2026, 1, 10), 2_000_000, 1_500_000), date(2026, 5, 1))
    assert short.status is OccasionStatus.OVERDUE
    (done,) = _matching(MatchingFact(date(2026, 1, 10), 2_000_000, 2_000_000), date(2026, 5, 1))
    assert done.status is OccasionStatus.DONE


def test_no_city_grant_or_no_matching_scheme_owes_nothing():
    assert _matching(None, date(2026, 5, 1)) == []
    yangpu = MatchingFact(date(2026, 1, 10), 1_000_000, 0)
    assert _matching(yangpu, date(2026, 5, 1), settings=YANGPU, base=facts()) == []


def test_an_ended_title_owes_only_the_unmet_matching_that_fell_due_before_its_end():
    """Reading P35c: 退出管理序列 or 摘牌 on 06-20 leaves the matching due 04-10 standing until met;
    one due after the end, and every other duty, is not owed."""
    due_0410 = MatchingFact(date(2026, 1, 10), 2_000_000, 0)
    for status in (DesignationStatus.EXITED, DesignationStatus.REVOKED):
        ended = replace(SHANGHAI_BASE, status=status, ended_on=date(2026, 6, 20))
        every = occasions_for(
            facts(ended, matching=due_0410), SHANGHAI, EVERYTHING_UNTIL_2030, date(2026, 11, 21)
        )
        assert [(o.kind, o.due_on, o.status) for o in every] == [
            (OccasionKind.MATCHING_FUNDS, date(2026, 4, 10), OccasionStatus.OVERDUE)
        ]
        met = MatchingFact(date(2026, 1, 10), 2_000_000, 2_000_000)
        assert _matching(met, date(2026, 11, 21), base=ended) == []
        due_0730 = MatchingFact(date(2026, 5, 1), 2_000_000, 0)
        assert _matching(due_0730, date(2026, 11, 21), base=ended) == []


def test_the_matching_arises_when_the_city_payment_is_known_to_the_service():
    """Owed from the city's payment, the district's duty arose the day the service heard of it:
    a payment entered 70 days after it arrived arose that day (the sweep tells it as new, 20
    days before it is due); one entered as it arrived, or before migration 0064, on its day."""
    paid = date(2026, 1, 10)
    (late,) = _matching(MatchingFact(paid, 2_000_000, 0, date(2026, 3, 21)), date(2026, 3, 21))
    assert (late.arose_on, late.due_on) == (date(2026, 3, 21), date(2026, 4, 10))
    (known,) = _matching(MatchingFact(paid, 2_000_000, 0, paid), date(2026, 3, 21))
    assert known.arose_on == paid
    (before,) = _matching(MatchingFact(paid, 2_000_000, 0), date(2026, 3, 21))
    assert before.arose_on == paid
