"""Reminder policy: an item reaches only the roles that can act on it (DOMAIN.md §6)."""

from __future__ import annotations

import pytest

from lifecycle.occasions.model import OccasionKind
from lifecycle.reminders.policy import reaches
from lifecycle.vocab import ContactRole


@pytest.mark.parametrize("kind", list(OccasionKind))
def test_finance_gets_money_items_and_everyone_else_the_lifecycle_items(kind):
    money = kind is OccasionKind.MATCHING_FUNDS
    assert reaches(ContactRole.FINANCE.value, kind.value) is money
    for role in (ContactRole.OFFICER, ContactRole.CHAIR, ContactRole.UNIT_CONTACT):
        assert reaches(role.value, kind.value) is not money
