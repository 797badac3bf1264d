"""The occasion funding adds: district matching owed after a paid city grant [S10]."""

from __future__ import annotations

from collections.abc import Iterator

from lifecycle.funding.rules import matching_due_on, matching_required_fen
from lifecycle.money import format_fen
from lifecycle.occasions.facts import Ask
from lifecycle.occasions.model import Occasion, OccasionKind


def matching_funds(ask: Ask) -> Iterator[Occasion]:
    """The district union owes ≥ ratio × the city grant within the matching period [S10]."""
    facts, settings = ask.facts, ask.settings
    fact = facts.matching
    if fact is None:
        return
    required = matching_required_fen(settings, fact.city_grant_fen)
    if required is None:
        return
    due = matching_due_on(settings, fact.city_paid_on)
    done = fact.matching_fen >= required
    if ask.window.admits(due, done=done):
        yield ask.occasion(
            OccasionKind.MATCHING_FUNDS,
            due_on=due,
            union_id=facts.district_union_id,
            title=(
                f"区级配套资金到位（应配套 {format_fen(required)} 元，"
                f"已到位 {format_fen(fact.matching_fen)} 元）"
            ),
            key=f"{facts.id}",
            done=done,
            # Owed from the city's payment, known to the service when it was entered.
            arose_on=max(fact.city_paid_on, fact.paid_known_on or fact.city_paid_on),
        )
