"""A team's titles at a leader change: one leader leads every title the team holds, so a change
on one title is a change on all of them [S2][S9][C 三（六）][Y3][Y13] (RULES.md reading 43a)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from lifecycle.changes.model import ChangeRequestStatus
from lifecycle.citations import cite
from lifecycle.clock import chinese_date
from lifecycle.designations.model import Designation
from lifecycle.designations.states import is_active
from lifecycle.schemes import LeaderExitPolicy, get_scheme
from lifecycle.schemes.base import SchemeSettings
from lifecycle.schemes.words import designation_status_label
from lifecycle.vocab import DesignationStatus

if TYPE_CHECKING:  # the occasions' repository reads titles below the unit of work
    from lifecycle.uow import UnitOfWork


@dataclass(frozen=True)
class DelistingApplied:
    """A year's 考核 of the title that applied to the city for its 摘牌, awaiting the decision
    [S9] 第九条: the year and the day the district union applied."""

    year: int
    district_on: date | None


@dataclass(frozen=True)
class ChangeFiled:
    """The title's open 附件3 request (its number and filing day): where the title may only be
    摘牌 [S9], the 摘牌 applied for, awaiting the steps up to the city's decision."""

    request_id: int
    filed_on: date
    returned: bool = False  # sent back with reasons, awaiting its amendment and resubmission


@dataclass(frozen=True)
class HeldTitle:
    """One title of the team, as a leader change reads it (``delisting_applied``: where read,
    its 考核 awaiting the city's decision on its 摘牌)."""

    designation_id: int
    title: str
    number: str | None
    scheme_code: str
    status: DesignationStatus
    delisting_applied: DelistingApplied | None = None
    change_filed: ChangeFiled | None = None

    @property
    def label(self) -> str:
        """「title」（number，status）, as a refusal names it."""
        number = f"{self.number}，" if self.number else ""
        return (
            f"「{self.title}」（{number}{designation_status_label(self.status, self.scheme_code)}）"
        )


def held_of(designation: Designation) -> HeldTitle:
    """The facts of one designation."""
    return HeldTitle(
        designation.id,
        designation.title,
        designation.number,
        designation.scheme_code,
        designation.status,
    )


def reads_delisting(title: HeldTitle) -> bool:
    """Whether a leader change on another title reads this title's 考核's application for 摘牌:
    a live title whose leader leaves only by 摘牌 (「领衔劳模…须向上海市总工会申请摘牌」 [S9])."""
    revoking = get_scheme(title.scheme_code).settings.leader_exit_policy is LeaderExitPolicy.REVOKE
    return revoking and is_active(title.status)


def with_delisting(title: HeldTitle, applied: Iterable[DelistingApplied]) -> HeldTitle:
    """``title`` with the latest year's 考核 that applied for its 摘牌 and awaits the city
    (``applied``: its years with outcome REVOCATION_APPLIED), where it reads one
    (``reads_delisting``) [S9] 第九条: the refusal and the district's 待办 read it alike."""
    latest = max(applied, key=lambda a: a.year, default=None)
    if latest is None or not reads_delisting(title):
        return title
    return replace(title, delisting_applied=latest)


def with_filed(title: HeldTitle, filed: ChangeFiled | None) -> HeldTitle:
    """``title`` with its open 附件3 request, where it reads one (``reads_delisting``): a leader
    change on another title and the district's 待办 name it instead of asking for one [S9]."""
    if filed is None or not reads_delisting(title):
        return title
    return replace(title, change_filed=filed)


def team_titles(uow: UnitOfWork, workshop_id: int) -> list[HeldTitle]:
    """Every title the team holds or held (any status), oldest first; a live title whose leader
    leaves only by 摘牌 [S9] with its 考核's application for that 摘牌, if one awaits the city."""
    held = []
    for d in uow.designations.titles_of_team(workshop_id):
        title = held_of(d)
        if reads_delisting(title):
            found = uow.assessments.delisting_applied(d.id)
            applied = [] if found is None else [DelistingApplied(found.year, found.district_on)]
            title = with_delisting(title, applied)
            request = uow.change_requests.open_for(d.id)
            if request is not None:
                title = with_filed(title, filed_of(request.id, request.filed_on, request.status))
        held.append(title)
    return held


def delisting_pending(settings: SchemeSettings, applied: DelistingApplied) -> str:
    """「该称号…年度考核已由区局（产业）工会于…向…申请摘牌，待…决定」: a title's 考核 awaiting
    the city's decision on its 摘牌 [S9] 第九条, as the refusal and the 待办 both say it."""
    on = "" if applied.district_on is None else f"于{chinese_date(applied.district_on)}"
    decider = settings.change_decider
    return (
        f"该称号{applied.year}年度考核已由区局（产业）工会{on}向{decider}申请摘牌，待{decider}决定"
    )


def filed_of(request_id: int, filed_on: date, status: ChangeRequestStatus) -> ChangeFiled:
    """An open 附件3 request as a leader change reads it."""
    return ChangeFiled(request_id, filed_on, status is ChangeRequestStatus.RETURNED)


def change_filed_pending(filed: ChangeFiled) -> str:
    """「该称号已于…报送管理变更申请（附件3）第N号申请摘牌，正在办理（或：已退回，待修改后重新
    提交），待…审定」: a title's open 附件3 [S9] 第九条, as the refusal and the 待办 both say it
    (the request's page has its steps)."""
    where = "已退回，待修改后重新提交，由" if filed.returned else "正在办理，待"
    return (
        f"该称号已于{chinese_date(filed.filed_on)}报送管理变更申请（附件3）第{filed.request_id}号"
        f"申请摘牌，{where}市总工会审定"
    )


def city_decided_title(held: Sequence[HeldTitle], changing: int) -> HeldTitle | None:
    """Another live (named or rectifying) title of the team whose leader may only change by the
    city's decision on its own 附件3 (a scheme using the form: [S9] 领衔劳模…须向上海市总工会申请
    摘牌, [C 三（六）] 经市总工会审核后采取领衔人变更…): while it is live, no other title's leader
    change may replace that title's leader — not the district's direct change [Y13], nor another
    title's 附件3. None when there is no such title."""
    for title in held:
        if title.designation_id == changing or not is_active(title.status):
            continue
        if get_scheme(title.scheme_code).settings.uses_change_request_form:
            return title
    return None


def city_decided_refusal(title: HeldTitle) -> str:
    """Why a leader change on another title is refused while ``title`` is live, naming the title
    and the route as the title's state has it: its 附件3 decided by the city ([S9]: 摘牌 only;
    [C 三（六）]: three measures), or, its 考核 having applied for the 摘牌, that decision [S9]."""
    settings = get_scheme(title.scheme_code).settings
    held = f"本工作室同时持有{settings.name}{title.label}，各称号领衔人同为一人"
    applied = title.delisting_applied
    if settings.leader_exit_policy is LeaderExitPolicy.REVOKE and applied is not None:
        # Its 考核 already applied for the 摘牌: no 附件3 is owed besides it, as the title's own
        # page says; the change waits for the city's decision on that application.
        return (
            f"{held}：{delisting_pending(settings, applied)}，"
            "不再另报管理变更申请（附件3）（[S9]），不能经其他称号变更领衔人；该称号摘牌后方可办理"
        )
    if settings.leader_exit_policy is LeaderExitPolicy.REVOKE and title.change_filed is not None:
        return (
            f"{held}：{change_filed_pending(title.change_filed)}（[S9]），不能经其他称号变更领衔人；"
            "该称号摘牌后方可办理"
        )
    if settings.leader_exit_policy is LeaderExitPolicy.REVOKE:
        return (
            f"{held}：该称号在管理序列中，领衔劳模不再领衔的，须提交管理变更申请（附件3）"
            "由市总工会审定摘牌（[S9]），不能经其他称号变更领衔人；该称号摘牌后方可办理"
        )
    return (
        f"{held}：该称号在管理序列中，领衔人变更须提交管理变更申请（附件3）由市总工会审定"
        "（[C 三（六）]），不能经其他称号变更；该称号退出管理序列或摘牌后方可办理"
    )


def binding_titles(held: Sequence[HeldTitle], changing: HeldTitle) -> list[HeldTitle]:
    """The titles whose scheme's leader rule a new leader must satisfy: the title changed and
    every other live title of the team, one per scheme (the changed title's first) [Y3][S3][C]."""
    seen = {changing.scheme_code}
    binding = [changing]
    for title in held:
        if title.designation_id == changing.designation_id or not is_active(title.status):
            continue
        if title.scheme_code not in seen:
            seen.add(title.scheme_code)
            binding.append(title)
    return binding


def leader_exit_route(settings: SchemeSettings) -> str:
    """What a city title's unions do when its leader cannot lead on, in the scheme's own rule:
    a 上海市劳模创新工作室 applies for 摘牌 (「领衔劳模已故、离职、退休等…须向上海市总工会
    申请摘牌」 [S9] 第九条); a 上海市工匠创新工作室 reports on 附件3 for the city's measure
    [C 三（六）]."""
    article = settings.revocation_article or ""
    if settings.leader_exit_policy is LeaderExitPolicy.REVOKE:
        return cite(
            f"领衔劳模已故、离职、退休等不能继续发挥示范引领作用的，须提交管理变更申请（附件3）"
            f"向{settings.change_decider}申请摘牌（{article}）"
        )
    return cite(
        "领衔人退休、离职、身故或发生其他情况的，须提交管理变更申请（附件3），经市总工会审核后"
        f"采取领衔人变更、退出管理序列等措施（{article}）"
    )
