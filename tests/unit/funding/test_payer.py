"""Who may write money, as a pure function [Y14][Y15][S10] (no database)."""

from __future__ import annotations

from lifecycle.funding.payer import may_write_money
from lifecycle.vocab import Role

CITY, DISTRICT = 1, 2


def test_only_finance_of_a_paying_union_writes_its_money() -> None:
    assert may_write_money((CITY,), union_id=CITY, role=Role.FINANCE)
    assert may_write_money((CITY, DISTRICT), union_id=DISTRICT, role=Role.FINANCE)
    assert not may_write_money((CITY,), union_id=DISTRICT, role=Role.FINANCE)
    assert not may_write_money((DISTRICT,), union_id=DISTRICT, role=Role.DISTRICT_OFFICER)


def test_a_caller_acting_for_no_union_and_no_role_is_not_exempt() -> None:
    """Before: an actor with neither union nor role (an internal caller) wrote any money."""
    assert not may_write_money((CITY,), union_id=None, role=None)
    assert not may_write_money((CITY,), union_id=None, role=Role.FINANCE)
