"""Last year's 上海工匠 call, its deadline (2025-07-15) long past today, with applications left
at the district's qualification or awaiting 入会 (filed in time through the real services)."""

from __future__ import annotations

from datetime import date

from lifecycle.craftsman_title import local_selection
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.rules import Channel
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from tests import factories as f
from tests.integration.craftsman.helpers import file, form, local_craftsman

YEAR = 2025
DEADLINE = date(YEAR, 7, 15)
FILED = date(YEAR, 7, 1)


def lapsed_applications(
    u: UnitOfWork, tree: f.Tree, joining_channel: Channel = Channel.UNIT
) -> tuple[int, int]:
    """Two applications of last year's call filed 2025-07-01 and never decided: a unit
    recommendation at the qualification check, and one (``joining_channel``'s) still awaiting
    入会; their ids."""
    sel = svc.open_selection(
        u,
        svc.OpenSelection(YEAR, date(YEAR, 6, 12), DEADLINE, DEADLINE),
        scope=EVERYTHING,
        as_of=date(YEAR, 6, 12),
    )
    local_selection.record_local_selection(
        u,
        local_selection.RecordLocal(
            sel.id, union_id=tree.district.id, participants=80, local_craftsmen=5
        ),
        recording_union_id=tree.city.id,
        scope=EVERYTHING,
    )
    waiting = local_craftsman(u, tree, "逾期师傅")
    joining = local_craftsman(u, tree, "未入会师傅")
    joining.is_union_member = False
    ids = []
    for person, channel in ((waiting, Channel.UNIT), (joining, joining_channel)):
        cmd = form(sel.id, person.id, channel=channel, applied_on=FILED)
        ids.append(file(u, cmd, scope=EVERYTHING, on=FILED).id)
    return ids[0], ids[1]
