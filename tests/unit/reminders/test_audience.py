"""Reminder policy: an item reaches only the roles that can act on it (DOMAIN.md §6)."""

from __future__ import annotations

import pytest

from lifecycle.occasions.model import OccasionKind
from lifecycle.reminders.policy import Routes, reaches
from lifecycle.vocab import ContactRole


@pytest.mark.parametrize("kind", list(OccasionKind))
def test_finance_gets_money_items_and_everyone_else_the_lifecycle_items(kind):
    # The matching owed and the audit findings to answer are finance's [S10][Y16] (33w).
    money = kind in {OccasionKind.MATCHING_FUNDS, OccasionKind.FUNDING_FINDING}
    assert reaches(ContactRole.FINANCE.value, kind.value) is money
    for role in (ContactRole.OFFICER, ContactRole.CHAIR, ContactRole.UNIT_CONTACT):
        assert reaches(role.value, kind.value) is not money


def test_an_item_goes_up_to_the_nearest_union_with_a_contact_it_reaches():
    # 1 city → 2 district → 3 sector → 4 unit; only the city has finance, only 2 an officer.
    parents = {1: None, 2: 1, 3: 2, 4: 3}
    roles = {1: {ContactRole.FINANCE.value}, 2: {ContactRole.OFFICER.value}}
    filing, money = OccasionKind.SELF_CHECK_FILING.value, OccasionKind.MATCHING_FUNDS.value
    routes = Routes(roles, parents, {})
    assert routes.to(4, filing) == 2  # the unit and its sector have no contact
    assert routes.to(2, filing) == 2  # a union with a contact hears of its own
    assert routes.to(2, money) == 1  # no finance contact at the district
    assert Routes({}, parents, {}).to(2, filing) is None  # nobody up the tree: on the contacts page
    assert routes.to(4, filing) == 2
    assert routes.acting_for({2}) == {2, 3, 4}
    assert routes.acting_for({1}) == {1, 2, 3, 4}  # the money items of all four
