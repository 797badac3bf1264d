"""Closed lists of the funding package: grant kinds, finding kinds, resolution outcomes."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lifecycle.schemes.base import SchemeSettings


class GrantKind(StrEnum):
    """What a grant is [Y14][Y15][S10][L]."""

    ONE_OFF = "one_off"  # 一次性扶持补贴/工作经费补贴/奖励 [Y14][S10][L]
    MATCHING = "matching"  # 区局（产业）工会不少于1:1的配套资金 [S10]
    EXCELLENCE = "excellence"  # 优秀创新成果项目扶持资金 [Y15]


# The kinds' names where no title's scheme is at hand; a title's grant is named by
# ``grant_kind_label`` (its scheme's word for the one-off money).
GRANT_KIND_LABELS = {
    GrantKind.ONE_OFF: "一次性补贴",
    GrantKind.MATCHING: "区级配套资金",
    GrantKind.EXCELLENCE: "优秀成果项目扶持",
}


def grant_kind_label(kind: GrantKind | str, settings: SchemeSettings) -> str:
    """A grant of ``kind`` to a title of the scheme ``settings``, as its users read it: the
    one-off money in the scheme's own word (``SchemeSettings.one_off_word``: 一次性补贴
    [Y14][S10], 乐山's 一次性奖励 [L 三]), the other kinds as ``GRANT_KIND_LABELS``."""
    kind = GrantKind(kind)
    return settings.one_off_word if kind is GrantKind.ONE_OFF else GRANT_KIND_LABELS[kind]


def one_off_recorded(settings: SchemeSettings) -> str:
    """The one-off is paid once per title [Y14][S10][L 三], citing the scheme's article: the
    ledger page's note and every refusal of a second one-off read this one text."""
    basis = f"（{settings.one_off_article}）" if settings.one_off_article else ""
    return f"该命名的{settings.one_off_word}已登记，每个命名只拨付一次{basis}，不能重复登记"


class FindingKind(StrEnum):
    """What the 专款专用 audit found [Y16][S10]."""

    FORBIDDEN_CATEGORY = "forbidden_category"
    OVERSPENT = "overspent"
    AFTER_END = "after_end"
    MISSING_RECEIPT = "missing_receipt"
    DUPLICATE_RECEIPT = "duplicate_receipt"
    MATCHING_SHORT = "matching_short"
    MATCHING_MISSING = "matching_missing"
    INELIGIBLE_GRANT = "ineligible_grant"


FINDING_KIND_LABELS = {
    FindingKind.FORBIDDEN_CATEGORY: "支出类别属禁止用途",
    FindingKind.OVERSPENT: "支出超过已到账经费",
    FindingKind.AFTER_END: "命名终止后仍有支出",
    FindingKind.MISSING_RECEIPT: "缺少票据号",
    FindingKind.DUPLICATE_RECEIPT: "票据号重复",
    FindingKind.MATCHING_SHORT: "配套资金低于1:1",
    FindingKind.MATCHING_MISSING: "配套资金逾期未到位",
    FindingKind.INELIGIBLE_GRANT: "拨款给不符合条件的命名",  # one-off, matching or excellence
}
# A forbidden-category finding under an article that lists no uses ([S10], [C], [L]): reading 35a.
EARMARK_FINDING_LABEL = "支出类别不属专项用途（须核实）"


class ResolutionOutcome(StrEnum):
    """How finance staff closed a finding."""

    EXPLAINED = "explained"  # 已说明
    REFUNDED = "refunded"  # 已退回
    REFERRED = "referred"  # 已移交


RESOLUTION_OUTCOME_LABELS = {
    ResolutionOutcome.EXPLAINED: "已说明",
    ResolutionOutcome.REFUNDED: "已退回",
    ResolutionOutcome.REFERRED: "已移交处理",
}
# How a finding the audit closed itself (no longer holding, or superseded: ``by_audit``) is shown,
# as its outcome and as who closed it: nobody's judgement, whoever's entry set the audit off.
CLOSED_BY_AUDIT_LABEL = "系统自动关闭"
