"""Whether a title may receive a grant approved on a day [Y14][Y15][S10] (a pure rule)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from lifecycle.clock import chinese_date
from lifecycle.vocab import DesignationStatus, status_labels_in

# A designation that was never named cannot have received a one-off grant [Y14][S10].
NEVER_NAMED = frozenset(
    {DesignationStatus.APPLIED, DesignationStatus.UNDER_REVIEW, DesignationStatus.REJECTED}
)
# A title that was named and then ended: 撤牌/摘牌, or 退出管理序列 (no more funding, DOMAIN §3).
ENDED = frozenset({DesignationStatus.REVOKED, DesignationStatus.EXITED})


class GrantRefusal(NamedTuple):
    """Why a title may not receive a grant approved on a day: the field it is about (the title
    itself or the approval date), a stable code and the reason in Chinese."""

    field: str
    code: str
    reason: str


def grant_refusal(
    *,
    status: DesignationStatus,
    naming_date: date | None,
    ended_on: date | None,
    approved_on: date,
    revoked_word: str,
) -> GrantRefusal | None:
    """Whether a title may receive a grant approved on ``approved_on``; None when it may.

    Money goes to a title while it holds it: [Y14] 「对新命名的工作室给予一次性1万元扶持补贴」,
    [S10] 「一次性给予贰万元」 (to the newly named city title). The title is held from its naming
    date up to the day its end (撤牌/摘牌, 退出管理序列) took effect, that day excluded: the
    decision 「不再保留其工作室称号」 [Y12] / 「取消其…称号」 [S9] ends the title on its date, so
    a grant approved that day would fund a title the same day's decision takes away (as a cycle
    starting on the end day is no cycle of the title); 整改中 is still held. So the approval date
    decides, not today's status: a grant approved while the title was held may be entered or
    imported after the title ended, one approved on or after the end is refused. A title applied
    for, under review or rejected never held one and receives nothing.

    The one rule for live entry, corrections and the registry import (``grants.check_fields``)
    and for the audit's ``ineligible_grant`` finding. A lost title's status is said in its
    scheme's word (``SchemeSettings.revoked_word``: 已撤牌 [Y12], 已摘牌 [S9]).
    """
    unnamed = unnamed_refusal(status, naming_date)
    if unnamed is not None or naming_date is None:
        return unnamed
    if approved_on < naming_date:
        return GrantRefusal(
            "approved_on",
            "before_naming",
            f"批准日期早于命名日期（{chinese_date(naming_date)}），命名前不能拨付经费",
        )
    if status not in ENDED:
        return None
    label = status_labels_in(revoked_word)[status]
    if ended_on is None:  # every ending records its date; without one the end cannot be placed
        reason = f"该命名已终止（{label}）但未登记终止日期，不能拨付经费"
        return GrantRefusal("designation_id", "end_unknown", reason)
    if approved_on >= ended_on:
        when = "即命名终止当日" if approved_on == ended_on else "晚于命名终止日期"
        return GrantRefusal(
            "approved_on",
            "after_end",
            f"批准日期{when}：该命名已于{chinese_date(ended_on)}终止（{label}），"
            "自该日起批准的经费不能拨付",
        )
    return None


def unnamed_refusal(status: DesignationStatus, naming_date: date | None) -> GrantRefusal | None:
    """Why a title never named (applied for, under review, rejected) receives no grant on any
    day, or None: the one-off money goes to the newly named [Y14][S10][L 三]."""
    if status in NEVER_NAMED or naming_date is None:
        return GrantRefusal("designation_id", "not_named", "该工作室未获命名，不能拨付经费")
    return None
