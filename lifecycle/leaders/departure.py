"""A city title's leader who can no longer lead, and where its 附件3 stands, as the 考核 tells it
beside its steps [S9] 第九条 [C 三（六）]: read from the one rule that owes the 附件3."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lifecycle.citations import cite
from lifecycle.clock import chinese_date
from lifecycle.leaders.occasions import change_request_due
from lifecycle.occasions.facts import Ask, DesignationFacts, Window
from lifecycle.occasions.model import OccasionStatus
from lifecycle.schemes.base import LeaderExitPolicy, SchemeSettings
from lifecycle.vocab import EMPLOYMENT_STATUS_LABELS, EmploymentStatus


class ChangeRequestState(StrEnum):
    """Where the 附件3 owed for a gone leader stands."""

    OWED = "owed"  # not filed (or withdrawn, refused, closed: decided nothing)
    OPEN = "open"  # filed, waiting for a union's step
    DELISTING_APPLIED = "delisting_applied"  # the 考核's own 摘牌 application stands for it [S9]


@dataclass(frozen=True)
class LeaderDeparture:
    """The title's leader stopped leading on ``departed_on``; its 附件3 is ``change_request``."""

    designation_id: int
    person_id: int
    leader_name: str
    employment_status: EmploymentStatus
    departed_on: date
    event_recorded: bool
    change_request: ChangeRequestState
    change_request_id: int | None
    message: str  # Chinese, citing the article

    @property
    def link(self) -> str | None:
        """The page that settles it: the open request, or the form filing one."""
        if self.change_request is ChangeRequestState.OPEN:
            return f"/changes/{self.change_request_id}"
        if self.change_request is ChangeRequestState.OWED:
            return f"/designations/{self.designation_id}/changes/new"
        return None


def leader_departure(
    facts: DesignationFacts, settings: SchemeSettings, as_of: date
) -> LeaderDeparture | None:
    """The gone leader of a title under management with the 附件3 form, while the 附件3 is owed,
    open, or stood for by the 考核's 摘牌 application; None once it was decided (a new leader,
    the title ended) or when the leader leads. The date and whether it is owed are
    ``change_request_due``'s (the 待办's rule), not said again here."""
    leader = facts.leader
    if leader is None or not facts.active or not settings.uses_change_request_form:
        return None
    ask = Ask(facts, settings, Window(date.min, as_of), as_of)
    owed = next(iter(change_request_due(ask)), None)
    if owed is None:
        return None
    open_request = facts.change_requests[0].id if facts.change_requests else None
    if owed.status is not OccasionStatus.DONE:
        state = ChangeRequestState.OWED
    elif open_request is not None:
        state = ChangeRequestState.OPEN
    elif leader.request_filed:
        return None  # decided: the city's measure is on record
    else:
        state = ChangeRequestState.DELISTING_APPLIED
    on, word = owed.due_on, settings.leader_word
    status = leader.employment_status
    if leader.event_on is None:
        label = EMPLOYMENT_STATUS_LABELS[status]
        gone = f"在人员信息中为{label}（未登记{word}情况，自{chinese_date(on)}起计）"
    elif status is EmploymentStatus.EMPLOYED:
        gone = f"自{chinese_date(on)}起不能继续领衔（已登记{word}情况）"
    else:
        gone = f"已于{chinese_date(on)}{EMPLOYMENT_STATUS_LABELS[status]}"
    revoke = settings.leader_exit_policy is LeaderExitPolicy.REVOKE
    article = "[S9]" if revoke else "[C 三（六）]"
    rule = (
        "领衔劳模已故、离职、退休等不能继续发挥示范引领作用的，须向上海市总工会申请摘牌"
        if revoke
        else "领衔工匠退休、离职、身故等不能继续发挥示范引领作用的，应及时报告（附件3），"
        "经市总工会审核后采取领衔人变更、退出管理序列等措施"
    )
    said = {
        ChangeRequestState.OWED: "管理变更申请（附件3）尚未报送",
        ChangeRequestState.OPEN: f"管理变更申请（附件3）第{open_request}号尚未办结",
        ChangeRequestState.DELISTING_APPLIED: (
            "本工作室年度考核已向上海市总工会申请摘牌，待市总工会决定，不另报管理变更申请（附件3）"
        ),
    }[state]
    return LeaderDeparture(
        designation_id=facts.id,
        person_id=leader.person_id,
        leader_name=leader.name,
        employment_status=status,
        departed_on=on,
        event_recorded=leader.event_on is not None,
        change_request=state,
        change_request_id=open_request if state is ChangeRequestState.OPEN else None,
        message=cite(f"{word}{leader.name}{gone}，不能继续领衔；{said}（{rule}，{article}）。"),
    )
