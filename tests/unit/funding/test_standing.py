"""An expenditure as it stands: the latest change decides, a void leaves it out [Y16]."""

from __future__ import annotations

from datetime import date

from lifecycle.funding.categories import ExpenditureCategory as C
from lifecycle.funding.model import ExpenditureChangeKind as K
from lifecycle.funding.rules import ExpenditureFact
from lifecycle.funding.standing import ChangeFact, latest_changes, standing_facts

D = date(2026, 3, 1)


def test_the_latest_correction_decides_and_a_void_leaves_the_expenditure_out() -> None:
    recorded = [
        ExpenditureFact(1, D, 400_000, C.BOOKS, "R1"),
        ExpenditureFact(2, D, 20_000, C.TRAVEL, "R2"),
        ExpenditureFact(3, D, 5_000, C.MATERIALS, None),
    ]
    changes = [
        ChangeFact(1, 3, K.CORRECTION, D, 40_000, C.BOOKS, "R1"),
        ChangeFact(1, 2, K.CORRECTION, D, 4_000, C.BOOKS, "R9"),
        ChangeFact(2, 2, K.VOID, None, None, None, None),
    ]
    latest = latest_changes(changes)
    assert {eid: c.version for eid, c in latest.items()} == {1: 3, 2: 2}
    assert standing_facts(recorded, latest) == [
        ExpenditureFact(1, D, 40_000, C.BOOKS, "R1"),
        ExpenditureFact(3, D, 5_000, C.MATERIALS, None),
    ]


def test_without_changes_the_facts_are_as_recorded() -> None:
    recorded = [ExpenditureFact(1, D, 100, C.BOOKS, "R1")]
    assert standing_facts(recorded, {}) == recorded
