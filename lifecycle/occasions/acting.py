"""Which permission acts on each kind of occasion: whose 待办 an item is [Y11][Y12][S9]."""

from __future__ import annotations

from collections.abc import Iterable

from lifecycle.accounts.permissions import Permission
from lifecycle.occasions.model import OccasionKind

P = Permission

# An occasion is a role's to-do when its acting union is the user's and the role holds one of
# these permissions: the step the regulation gives that union is then the user's to take.
KIND_PERMISSIONS: dict[OccasionKind, frozenset[Permission]] = {
    OccasionKind.CYCLE_INSPECTION: frozenset({P.INSPECTION_RECORD}),  # [Y12]
    OccasionKind.SELF_CHECK_FILING: frozenset({P.FILING_SUBMIT}),  # [Y11]
    OccasionKind.UNIT_EVALUATION_FILING: frozenset({P.FILING_SUBMIT}),  # [Y11]
    OccasionKind.ANNUAL_ASSESSMENT: frozenset({P.ASSESSMENT_RECORD}),  # [S9]
    OccasionKind.RECTIFICATION_DEADLINE: frozenset({P.NOTICE_MANAGE, P.LEDGER_WRITE}),  # [Y12]
    OccasionKind.REVOCATION_PENDING: frozenset({P.REVOCATION_CONFIRM, P.DESIGNATION_DELIST}),
    OccasionKind.DRIFT_NO_PROJECT: frozenset({P.LEDGER_WRITE}),  # [Y3]
    OccasionKind.DRIFT_NO_ACHIEVEMENT: frozenset({P.LEDGER_WRITE}),  # [Y3]
    OccasionKind.LEADER_RETIREMENT: frozenset({P.CHANGE_REQUEST_FILE, P.REGISTRY_WRITE}),
    OccasionKind.LEADER_CONSENT_MISSING: frozenset({P.CHANGE_REQUEST_FILE, P.REGISTRY_WRITE}),
    OccasionKind.CHANGE_REQUEST_STEP: frozenset(
        {P.CHANGE_REQUEST_FILE, P.CHANGE_REQUEST_REVIEW, P.CHANGE_REQUEST_DECIDE}
    ),
    OccasionKind.MATCHING_FUNDS: frozenset({P.FUNDING_MANAGE}),  # [S10]
}


def kinds_acted_on(permissions: Iterable[Permission]) -> frozenset[OccasionKind]:
    """The occasion kinds a holder of ``permissions`` can act on."""
    held = frozenset(permissions)
    return frozenset(kind for kind, needed in KIND_PERMISSIONS.items() if needed & held)
