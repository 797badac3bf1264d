"""The cut-over rule: what fell due before a union adopted the service counts as settled.

A registry brought in from Excel carries no record of years of self-checks, 考核 and cycle
inspections done on paper. Those duties due before the union's cut-over date (系统启用日期) are
taken as settled unless the import recorded them otherwise: an imported 考核 outcome decides its
year, an imported failed inspection hands over to its 整改通知, and open notices, leader events,
change requests and missing matching funds stay live whatever their date. From the cut-over on,
every rule applies as written ([Y11][Y12][S9]).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from lifecycle.occasions.model import OccasionKind

if TYPE_CHECKING:
    from lifecycle.occasions.facts import DesignationFacts

# The scheduled duties and the drift warnings: what a paper registry cannot show as done.
SETTLED_BY_CUTOVER = frozenset(
    {
        OccasionKind.CYCLE_INSPECTION,
        OccasionKind.SELF_CHECK_FILING,
        OccasionKind.UNIT_EVALUATION_FILING,
        OccasionKind.ANNUAL_ASSESSMENT,
        OccasionKind.DRIFT_NO_PROJECT,
        OccasionKind.DRIFT_NO_ACHIEVEMENT,
    }
)


def settled_by_cutover(facts: DesignationFacts, kind: OccasionKind, due_on: date) -> bool:
    """Whether an occasion due on ``due_on`` fell before the cut-over and counts as settled."""
    cutover = facts.cutover_on
    if cutover is None or due_on >= cutover or kind not in SETTLED_BY_CUTOVER:
        return False
    # An imported 考核 outcome for the year decides it, e.g. a pending 摘牌 application [S9].
    return not (kind is OccasionKind.ANNUAL_ASSESSMENT and due_on.year in facts.assessments)


def effective_cutover(cutovers: Mapping[int, date], union_ids: Sequence[int | None]) -> date | None:
    """The cut-over of the nearest union (unit, sector, district, naming) that has one."""
    return next((cutovers[u] for u in union_ids if u is not None and u in cutovers), None)
