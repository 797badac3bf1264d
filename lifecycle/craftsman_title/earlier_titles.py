"""The facts a hand-entered 上海工匠 is judged on [G] 四: who grants it, which years run here."""

from __future__ import annotations

from lifecycle.craftsman_title.repository import CraftsmanRepository
from lifecycle.craftsman_title.rules import notice_of
from lifecycle.errors import Problems
from lifecycle.persons.honours import (
    GRANTED_BY,
    HAND_ENTERED_BY,
    HandEntryFacts,
    first_year_refusal,
    hand_entry_refusal,
    reference_refusal,
)
from lifecycle.persons.model import REFERENCE_MAX
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import year_possible
from lifecycle.vocab import Honour, Role, UnionLevel

TITLE_REGION = "shanghai"  # 上海市总工会 grants 上海工匠 [G] 四 (``service.TITLE_CITY``)


def hand_entry_facts(uow: UnitOfWork, honour: Honour, year: int, scope: Scope) -> HandEntryFacts:
    """Whether a user of ``scope`` acts for 上海市总工会 (its tree's root in their scope), and
    whether the selection of ``year`` is on record in the service (then it grants the title)."""
    if honour not in HAND_ENTERED_BY:
        return HandEntryFacts()
    assert GRANTED_BY[honour] == "上海市总工会"
    city = uow.unions.of_region(TITLE_REGION, UnionLevel.CITY)
    here = year_possible(year) and CraftsmanRepository(uow.session).selection_of_year(year)
    return HandEntryFacts(
        for_granting_union=city is not None and scope.covers_path(city.path),
        selection_here=bool(here),
        notice=notice_of(year),
    )


def check_hand_entry(
    uow: UnitOfWork,
    problems: Problems,
    at: str,
    *,
    honour: Honour,
    year: int,
    reference: str | None,
    role: Role,
    scope: Scope,
) -> None:
    """Whether a user of ``role`` and ``scope`` may type this honour (``at``: its fields'
    prefix): 上海工匠 only by 上海市总工会's officers, of a year not run in the service, with the
    document it was granted by [G] 四 (``persons/honours.py``)."""
    facts = hand_entry_facts(uow, honour, year, scope)
    refusal = hand_entry_refusal(honour, role, year, facts)
    if refusal is not None:
        problems.add(f"{at}honour", "granted_by_selection", refusal)
        return
    if why := reference_refusal(honour, reference, REFERENCE_MAX):
        code = "too_long" if (reference or "").strip() else "required"
        problems.add(f"{at}reference", code, why)
    if early := first_year_refusal(honour, year):
        problems.add(f"{at}year", "before_first_selection", early)
