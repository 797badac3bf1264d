"""The five stages of the 上海工匠 selection as data [G] 三, for a future generic review engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lifecycle.clock import chinese_date
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
    WITHDRAWN = "withdrawn"  # 撤回: the filer took it back while under review (reading G9)


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

    @property
    def clause(self) -> str:
        """The clause of the notice without its id: ``[G] 三（四）`` → ``三（四）``."""
        return self.article.removeprefix("[G]").strip()


STAGES: tuple[StageDef, ...] = (
    StageDef(
        Stage.QUALIFICATION,
        "资格审查",
        UnionLevel.DISTRICT,
        "[G] 三（一）",
        "区局（产业）工会资格审核；社团推荐须书面确认；个人自荐由上海工匠培养选树申报办公室资格审核、"
        "海选面试，并征求区局（产业）工会意见",
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
    Status.WITHDRAWN: "已撤回",
}


def stage_of(status: Status) -> StageDef | None:
    """The stage an application in ``status`` awaits, if any."""
    try:
        return BY_STAGE[Stage(status.value)]
    except ValueError:
        return None


def owner_of(stage: StageDef, *, self_channel: bool) -> UnionLevel:
    """The union level deciding ``stage``: a self-applicant's 资格审核 and 海选面试 are the city's
    上海工匠培养选树申报办公室's, after soliciting the district union's opinion [G] 三（一）."""
    if self_channel and stage.stage is Stage.QUALIFICATION:
        return UnionLevel.CITY
    return stage.owner


def stage_due_by(stage: StageDef, union_deadline: date, *, self_channel: bool) -> date | None:
    """The district union's qualification check is due by the day unions and associations submit
    to the city [G] 五（四）; the city's stages, and its check of a self-application (which no
    union submits [G] 三（一）), have no date of their own (reading G13)."""
    if owner_of(stage, self_channel=self_channel) is UnionLevel.CITY:
        return None
    return union_deadline if stage.stage is Stage.QUALIFICATION else None


def lapsed(status: Status, union_deadline: date, as_of: date, *, self_channel: bool) -> bool:
    """Still before the district's qualification after the day unions and associations submit
    to the city [G] 五（四）: it can no longer be submitted in time (reading G9). A filed
    self-application waits for the city's own check, which that day does not bind (reading G13);
    one still awaiting 入会 lapses as before."""
    if self_channel and status is Status.QUALIFICATION:
        return False
    waiting = status in {Status.AWAITING_MEMBERSHIP, Status.QUALIFICATION}
    return waiting and as_of > union_deadline


def lapse_opinion(union_deadline: date) -> str:
    """The reason offered for closing a lapsed application (the union may rewrite it)."""
    return f"逾期未报送：{_day(union_deadline)}前未完成资格审查和网上申报"


def lapsed_pass_refusal(union_deadline: date) -> str:
    """Why a lapsed application cannot pass its qualification check (the clause is cited by the
    caller): the day unions and associations submit to the city is past [G] 五（四）."""
    return (
        f"区局（产业）工会及社团完成网上申报的截止日期（{_day(union_deadline)}）已过，"
        "本申报已不能通过资格审查，只能作“不予推荐”办理"
    )


def lapsed_membership_refusal(union_deadline: date, *, self_channel: bool) -> str:
    """Why a lapsed application takes no 入会 any more (the clause is cited by the caller): it
    can no longer reach the city in time, only be closed [G] 五（四）, by the union that owns its
    qualification check (a self-application's is the city's, reading G13)."""
    closer = "市总工会（上海工匠培养选树申报办公室）" if self_channel else "区总工会"
    return (
        f"区局（产业）工会及社团完成网上申报的截止日期（{_day(union_deadline)}）已过，"
        f"本申报已无法按期报送，不再受理入会；请由{closer}作“不予推荐”办理"
    )


def no_decision_message(status: Status) -> str:
    """Why no stage can be decided on an application in ``status`` now: still waiting for the
    applicant's 入会, or already closed (withdrawn, not selected, disqualified, granted)."""
    if status is Status.AWAITING_MEMBERSHIP:
        return "申报人尚未完成入会，入会后方可进行资格审查"
    return f"该申报已办结（{STATUS_LABELS[status]}），不能再记录审核决定"


def closing_stage(status: Status, union_deadline: date, as_of: date) -> StageDef | None:
    """The stage a decision on an application in ``status`` records: the one it awaits; one
    still awaiting 入会 after the deadline only by the qualification check, to close it."""
    if status is Status.AWAITING_MEMBERSHIP and as_of > union_deadline:  # lapsed, any channel
        return BY_STAGE[Stage.QUALIFICATION]
    return stage_of(status)


def after(stage: Stage) -> Status:
    """The status once ``stage`` is passed: the next stage, or the title after the notice."""
    order = [s.stage for s in STAGES]
    i = order.index(stage)
    return Status(order[i + 1].value) if i + 1 < len(order) else Status.GRANTED


@dataclass(frozen=True)
class DateProblem:
    """A stage decision's date refused: the field, a machine code, the message and its clause."""

    field: str
    code: str
    message: str
    clause: str | None = None


def _day(d: date) -> str:
    return chinese_date(d)


def date_problems(
    stage: StageDef,
    *,
    decided_on: date,
    previous: tuple[str, date],
    as_of: date,
    notice_from: date | None,
    notice_to: date | None,
) -> list[DateProblem]:
    """The stages run in order [G] 三: a decision is dated no later than today and no earlier than
    the previous step (``previous``: its name and date, the application for the first stage); the
    public notice starts no earlier than the city's approval, ends no earlier than it starts, and
    its outcome is dated on or after its last day (公示期满) [G] 三（五）."""
    out: list[DateProblem] = []
    before, on = previous
    if decided_on > as_of:
        out.append(
            DateProblem("decided_on", "decided_in_future", f"审核日期不能晚于今天（{_day(as_of)}）")
        )
    if decided_on < on:
        out.append(
            DateProblem(
                "decided_on",
                "before_previous_stage",
                f"审核日期不能早于{before}日期（{_day(on)}）",
                "三",
            )
        )
    if not stage.needs_notice_period:
        return out
    if notice_from is None:
        out.append(DateProblem("notice_from", "notice_period", "请填写公示开始日期"))
    elif notice_from < on:
        out.append(
            DateProblem(
                "notice_from",
                "notice_before_approval",
                f"公示应在{before}（{_day(on)}）后开始",
                stage.clause,
            )
        )
    if notice_to is None:
        out.append(DateProblem("notice_to", "notice_period", "请填写公示结束日期"))
    elif notice_from is not None and notice_to < notice_from:
        out.append(
            DateProblem(
                "notice_to",
                "invalid_window",
                f"公示结束日期不能早于开始日期（{_day(notice_from)}）",
            )
        )
    elif decided_on < notice_to:
        out.append(
            DateProblem(
                "decided_on",
                "notice_running",
                f"公示期满（{_day(notice_to)}）后方可确定最终人选",
                stage.clause,
            )
        )
    return out
