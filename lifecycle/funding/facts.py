"""Plain funding facts read by other packages (the occasions calendar) and by the audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple


@dataclass(frozen=True)
class MatchingFact:
    """The paid city grant of a designation and the district matching paid so far [S10]."""

    city_paid_on: date
    city_grant_fen: int
    matching_fen: int
    # The day the city grant's payment was entered (None: not known, the paid date): the
    # matching duty arose on the later of the two (the service heard of it then).
    paid_known_on: date | None = None


class StoredFinding(NamedTuple):
    """The last stored occurrence of a finding's key, as the audit weighs it [Y16][S10]: open
    (``resolved_on`` None), closed by the audit as no longer holding (``by_audit``) or resolved by
    a person; ``refund_voided``: resolved 已退回 with a refund since voided (no money came back)."""

    id: int
    found_on: date
    occurrence: int
    resolved_on: date | None
    by_audit: bool
    refund_voided: bool = False


class FindingFact(NamedTuple):
    """An open audit finding as the occasions see it [Y16][S10]: open while no resolution
    answers it (one reopened by a voided refund is its next occurrence, a finding of its own)."""

    id: int
    kind: str  # a ``FindingKind`` value
    found_on: date
    amount_fen: int | None
    grant_payer: int | None  # the paying union of the grant it is about (``ineligible_grant``)
