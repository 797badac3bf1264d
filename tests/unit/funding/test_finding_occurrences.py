"""Whether the audit stores a key it finds again [Y16][S10]: after its own closure, yes; after a
person's resolution, no (the same facts were answered); an open one, never twice."""

from __future__ import annotations

from datetime import date

from lifecycle.funding.audit import occurrence_to_store
from lifecycle.funding.facts import StoredFinding

FOUND = date(2026, 3, 1)
CLOSED = date(2026, 3, 5)


def test_a_key_never_stored_is_its_first_occurrence():
    assert occurrence_to_store(None, FOUND) == 1


def test_a_key_still_open_is_not_stored_twice():
    assert occurrence_to_store(StoredFinding(7, FOUND, 1, None, False), CLOSED) == 0


def test_a_key_the_audit_closed_is_stored_again_as_its_next_occurrence():
    closed = StoredFinding(7, FOUND, 2, CLOSED, True)
    assert occurrence_to_store(closed, CLOSED) == 3
    assert occurrence_to_store(closed, date(2026, 3, 6)) == 3


def test_an_audit_run_as_of_a_day_before_the_closure_stores_nothing():
    assert occurrence_to_store(StoredFinding(7, FOUND, 1, CLOSED, True), date(2026, 3, 4)) == 0


def test_a_key_a_person_resolved_is_not_raised_again_for_the_same_facts():
    resolved = StoredFinding(7, FOUND, 1, CLOSED, False)
    assert occurrence_to_store(resolved, CLOSED) == 0
    assert occurrence_to_store(resolved, date(2027, 1, 1)) == 0


def test_a_key_resolved_refunded_whose_refund_was_voided_is_open_again():
    """已退回 with the refund voided answered with money that never came back (reading 33v)."""
    voided = StoredFinding(7, FOUND, 1, CLOSED, False, refund_voided=True)
    assert occurrence_to_store(voided, CLOSED) == 2
    assert occurrence_to_store(voided, date(2027, 1, 1)) == 2
