"""A management cycle that starts on 29 February [Y12]: each end counts from the naming date."""

from __future__ import annotations

from datetime import date

from lifecycle.occasions.facts import Window
from lifecycle.occasions.model import OccasionKind as K
from lifecycle.occasions.rules import occasions_for
from lifecycle.views.designation import cycles_of
from tests.unit.occasions.helpers import YANGPU, facts


def test_a_cycle_named_on_29_february_ends_on_28_february_except_in_leap_years():
    named = date(2024, 2, 29)
    window = Window(date(2024, 1, 1), date(2036, 12, 31))
    found = occasions_for(facts(naming_date=named), YANGPU, window, date(2024, 3, 1))
    due = [o.due_on for o in found if o.kind is K.CYCLE_INSPECTION]
    # Cycle k ends at naming date + 3k years: 28 February where that year has no 29th, and
    # 29 February again in 2036. Ends never drift: cycle 4 is counted from 2024, not from 2033.
    assert due == [date(2027, 2, 28), date(2030, 2, 28), date(2033, 2, 28), date(2036, 2, 29)]
    cycles = cycles_of(named, 3, [], date(2036, 3, 1))
    assert [(c.starts_on, c.ends_on) for c in cycles] == [
        (date(2024, 2, 29), date(2027, 2, 28)),
        (date(2027, 2, 28), date(2030, 2, 28)),
        (date(2030, 2, 28), date(2033, 2, 28)),
        (date(2033, 2, 28), date(2036, 2, 29)),
        (date(2036, 2, 29), date(2039, 2, 28)),
    ]
    assert [c.current for c in cycles] == [False, False, False, False, True]
