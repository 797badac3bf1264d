"""The five stages of the 上海工匠 selection as data [G] 三, for a future generic review engine."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lifecycle.vocab import UnionLevel


class Stage(StrEnum):
    QUALIFICATION = "qualification"  # 资格审查
    EXPERT_REVIEW = "expert_review"  # 专家复审
    RELEASE_REVIEW = "release_review"  # 评审发布（分类、分场，按组别）
    CITY_APPROVAL = "city_approval"  # 市总审定（诚信审核）
    PUBLIC_NOTICE = "public_notice"  # 社会公示


class Status(StrEnum):
    """Where an application stands: awaiting a stage, or an end."""

    AWAITING_MEMBERSHIP = "awaiting_membership"  # 转入"我要入会"，入会后再行申报 [G] 二（二）（三）
    QUALIFICATION = "qualification"
    EXPERT_REVIEW = "expert_review"
    RELEASE_REVIEW = "release_review"
    CITY_APPROVAL = "city_approval"
    PUBLIC_NOTICE = "public_notice"
    GRANTED = "granted"  # 授予"上海工匠"称号 [G] 四
    NOT_SELECTED = "not_selected"
    DISQUALIFIED = "disqualified"  # 瞒报、虚报，取消参评资格 [G] 五（三）


@dataclass(frozen=True)
class StageDef:
    """One stage: who owns it (the union level of the deciding officer) and its article."""

    stage: Stage
    label: str
    owner: UnionLevel
    article: str
    citation: str
    needs_credit_check: bool = False
    needs_notice_period: bool = False


STAGES: tuple[StageDef, ...] = (
    StageDef(
        Stage.QUALIFICATION,
        "资格审查",
        UnionLevel.DISTRICT,
        "[G] 三（一）",
        "区局（产业）工会资格审核；社团推荐须书面确认；个人自荐经海选面试并征求区局（产业）工会意见",
    ),
    StageDef(
        Stage.EXPERT_REVIEW,
        "专家复审",
        UnionLevel.CITY,
        "[G] 三（二）",
        "申报办公室组织专家综合评审",
    ),
    StageDef(
        Stage.RELEASE_REVIEW,
        "评审发布",
        UnionLevel.CITY,
        "[G] 三（三）",
        "分类、分场组织评审发布会",
    ),
    StageDef(
        Stage.CITY_APPROVAL,
        "市总审定",
        UnionLevel.CITY,
        "[G] 三（四）",
        "通过上海市公共信用信息服务平台诚信审核，主席办公会议审定",
        needs_credit_check=True,
    ),
    StageDef(
        Stage.PUBLIC_NOTICE,
        "社会公示",
        UnionLevel.CITY,
        "[G] 三（五）",
        "官方渠道公示候选人名单，确定最终人选",
        needs_notice_period=True,
    ),
)
BY_STAGE = {s.stage: s for s in STAGES}
STATUS_LABELS = {
    Status.AWAITING_MEMBERSHIP: "待入会",
    Status.QUALIFICATION: "待资格审查",
    Status.EXPERT_REVIEW: "待专家复审",
    Status.RELEASE_REVIEW: "待评审发布",
    Status.CITY_APPROVAL: "待市总审定",
    Status.PUBLIC_NOTICE: "公示中",
    Status.GRANTED: "已授予上海工匠",
    Status.NOT_SELECTED: "未入选",
    Status.DISQUALIFIED: "取消参评资格",
}


def stage_of(status: Status) -> StageDef | None:
    """The stage an application in ``status`` awaits, if any."""
    try:
        return BY_STAGE[Stage(status.value)]
    except ValueError:
        return None


def after(stage: Stage) -> Status:
    """The status once ``stage`` is passed: the next stage, or the title after the notice."""
    order = [s.stage for s in STAGES]
    i = order.index(stage)
    return Status(order[i + 1].value) if i + 1 < len(order) else Status.GRANTED
