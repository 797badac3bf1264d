"""Checks shared by the 附件3 use cases: who acts at a step, the proposal, the version [C]."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from lifecycle.changes.model import (
    CHANGE_MEASURE_LABELS,
    STEP_ACTION_LABELS,
    ChangeMeasure,
    ChangeReason,
    ChangeRequest,
    ChangeRequestStatus,
    ChangeStep,
    StepAction,
    status_labels,
    step_labels,
)
from lifecycle.citations import cite
from lifecycle.clock import chinese_date
from lifecycle.designations.model import Designation
from lifecycle.designations.states import check_transition
from lifecycle.errors import (
    ConflictError,
    DomainError,
    FieldProblem,
    NotFound,
    NotYourStep,
    Problems,
    TransitionRefused,
)
from lifecycle.leaders.gone import gone_problem
from lifecycle.persons.model import Person
from lifecycle.plausible_dates import leading_age_problems
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import LeaderExitPolicy, SchemeSettings
from lifecycle.schemes.words import designation_status_label
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText
from lifecycle.vocab import HONOUR_LABELS, DesignationStatus

# What the city may decide on 附件3, by the title's leader-exit rule: a 上海市劳模创新工作室 whose
# leader died, left or retired (or otherwise cannot lead) is delisted, 「须向上海市总工会申请摘牌」
# [S9]; the craftsman notice gives the city the three measures [C 三（六）].
MEASURES_BY_POLICY: dict[LeaderExitPolicy, tuple[ChangeMeasure, ...]] = {
    LeaderExitPolicy.REVOKE: (ChangeMeasure.REVOKE,),
    LeaderExitPolicy.CHANGE_REQUEST: tuple(ChangeMeasure),
}
# The longest 申请原因具体情况 and step opinion a request takes (the API's bodies declare the same).
REASON_DETAILS_MAX = 2000
OPINION_MAX = 4000
# The 附件3's typed texts, each checked once here and beside an API body's other fields.
REASON_DETAILS = RequiredText("申请原因具体情况", REASON_DETAILS_MAX)
FILER = RequiredText("填报人", 100)  # who files or resubmits
SIGNER = RequiredText("签署人", 100)  # who signs a step's opinion or the withdrawal
OPINION = RequiredText("意见", OPINION_MAX)
RETURN_REASONS = RequiredText("退回理由", OPINION_MAX)
WITHDRAW_REASON = RequiredText("撤回理由", 2000)
RESUBMIT_NOTE = RequiredText("重新提交说明", 2000)  # the resubmission step's opinion


def step_text(sending_back: bool) -> RequiredText:
    """A step's typed text: the reasons of a 退回, else the opinion (agreeing or not)."""
    return RETURN_REASONS if sending_back else OPINION


POLICY_ARTICLE = {LeaderExitPolicy.REVOKE: "[S9]", LeaderExitPolicy.CHANGE_REQUEST: "[C 三（六）]"}

MEASURE_TARGET = {
    ChangeMeasure.EXIT_KEEPING_TITLE: DesignationStatus.EXITED,
    ChangeMeasure.REVOKE: DesignationStatus.REVOKED,
}


def load(
    uow: UnitOfWork, request_id: int, scope: Scope, *, lock: bool = False
) -> tuple[ChangeRequest, Designation]:
    """The request in scope and its designation, or NotFound."""
    request = uow.change_requests.get(request_id, scope, lock=lock)
    if request is None:
        raise NotFound("管理变更申请不存在", field="request_id")
    designation = uow.designations.get(request.designation_id, scope=scope)
    assert designation is not None
    return request, designation


class StepCommand(Protocol):
    """What every step decision names: the request, the version seen, the step, the union."""

    @property
    def request_id(self) -> int: ...
    @property
    def expected_version(self) -> int | None: ...
    @property
    def step(self) -> ChangeStep: ...
    @property
    def acting_union_id(self) -> int: ...


def load_for_step(
    uow: UnitOfWork, cmd: StepCommand, scope: Scope
) -> tuple[ChangeRequest, Designation]:
    """The request a step decision acts on: in scope, not stale, waiting for this union's step."""
    request, designation = load(uow, cmd.request_id, scope, lock=True)
    done = step_done(uow, request, designation, cmd.step)
    if done is not None:
        # Sent on the version read before: that is what lost (as a stale version is said).
        field = "step" if cmd.expected_version is None else "expected_version"
        raise ConflictError(done, code="step_already_done", field=field)
    check_version(request, cmd.expected_version)
    require_step(uow, request, designation, cmd.step, cmd.acting_union_id)
    return request, designation


DECISIONS = (StepAction.APPROVED, StepAction.SENT_BACK, StepAction.REJECTED)


def step_done(
    uow: UnitOfWork, request: ChangeRequest, designation: Designation, step: ChangeStep
) -> str | None:
    """Why ``step`` cannot be decided again (None: it was not decided this round): another
    officer decided it first — who, when, how, and where the request stands now (a step
    lost to a race said only 「当前环节为：…，不能办理…」)."""
    entries = list(uow.change_requests.steps(request.id))
    starts = [
        i for i, e in enumerate(entries) if e.action in (StepAction.FILED, StepAction.RESUBMITTED)
    ]
    this_round = entries[starts[-1] + 1 :] if starts else entries
    done = [e for e in this_round if e.step is step and e.action in DECISIONS]
    if not done or (not request.is_open and done[-1] is not this_round[-1]):
        return None  # a request ended otherwise says so (``require_step``)
    entry = done[-1]
    union = uow.unions.get(entry.acting_union_id, EVERYTHING) if entry.acting_union_id else None
    who = f"{union.name if union else ''}（签署人：{entry.signer}）"
    status = status_labels(designation.scheme_code)[request.status]
    return (
        f"{step_labels(designation.scheme_code)[step]}已由{who}于{chinese_date(entry.decided_on)}"
        f"办理（{STEP_ACTION_LABELS[entry.action]}），当前状态为：{status}；"
        "您的意见未保存，请刷新后查看"
    )


STALE = "该管理变更申请已被他人处理，请刷新后重试"


def stale_version(request: ChangeRequest, expected: int | None) -> str | None:
    """Why a decision submitted on ``expected`` lost the race (None: it did not, or no version
    was given): optimistic locking."""
    return STALE if expected is not None and expected != request.version else None


def check_version(request: ChangeRequest, expected: int | None) -> None:
    """A decision submitted on a stale version lost the race (optimistic locking)."""
    stale = stale_version(request, expected)
    if stale is not None:
        raise ConflictError(stale, field="expected_version")


def step_union_id(designation: Designation, step: ChangeStep) -> int:
    """The union that acts at ``step``: the unit's union, the district union, the naming city."""
    if step is ChangeStep.UNIT:
        return designation.workshop.unit_union_id
    if step is ChangeStep.DISTRICT:
        return designation.district_union_id
    return designation.naming_union_id


def route_article(designation: Designation) -> str:
    """The article naming who reports on and decides a title's 附件3, cited in parentheses:
    「所在单位工会、区局（产业）工会…向上海市总工会申请摘牌」 ([S9] 第九条) or 「各区局（产业）
    工会…报告（附件3）。经市总工会审核后…」 ([C 三（六）]); empty where the pack names none."""
    article = get_scheme(designation.scheme_code).settings.revocation_article
    return cite(f"（{article}）") if article else ""


def require_step(
    uow: UnitOfWork,
    request: ChangeRequest,
    designation: Designation,
    step: ChangeStep,
    acting_union_id: int,
) -> None:
    """Only the step the request waits for, and only by the union whose step it is."""
    waiting = request.waiting_step
    statuses = status_labels(designation.scheme_code)
    steps = step_labels(designation.scheme_code)
    if waiting is None:
        raise DomainError(
            f"该申请已办结（{statuses[request.status]}），不能再办理",
            code="request_closed",
            field="request_id",
        )
    if step is not waiting or request.status is ChangeRequestStatus.RETURNED:
        raise DomainError(
            f"当前环节为：{statuses[request.status]}，不能办理{steps[step]}",
            code="not_this_step",
            field="step",
        )
    expected = step_union_id(designation, step)
    if acting_union_id != expected:
        union = uow.unions.get(expected, scope=EVERYTHING)
        name = union.name if union else "对应工会"
        raise NotYourStep(
            f"{steps[step]}应由{name}办理{route_article(designation)}，当前工会无权办理此环节",
            field="acting_union_id",
        )


def check_designation_open(problems: Problems, designation: Designation) -> None:
    """A request concerns a title under management: named or rectifying [C 三（六）]."""
    settings = get_scheme(designation.scheme_code).settings
    if not settings.uses_change_request_form:
        # The form is the Shanghai craftsman notice's 附件3 [C 三（六）], not the title's own
        # notice's (乐山's 附件3 is its 申报材料 [L 四]); its leader changes on the title's page.
        word = settings.leader_word
        problems.add(
            "designation_id",
            "no_change_request_form",
            f"{settings.name}不适用管理变更申请表（[C 附件3]），"
            f"{word}变更请在该命名记录页的「变更{word}」中办理",
        )
        return
    status = designation.status
    if status not in (DesignationStatus.NAMED, DesignationStatus.RECTIFYING):
        problems.add(
            "designation_id",
            "designation_closed",
            f"「{designation_status_label(status, designation.scheme_code)}」"
            "的工作室不能提出管理变更申请",
        )


def allowed_measures(
    settings: SchemeSettings, reason: ChangeReason | None = None
) -> tuple[ChangeMeasure, ...]:
    """The measures the title's scheme allows on 附件3 for ``reason`` (None: for any reason):
    [S9] 摘牌 whatever the leader's reason (死亡、离职、退休「等」), [C 三（六）] all three."""
    del reason  # both packs allow the same measures for each of the four reasons
    return MEASURES_BY_POLICY.get(settings.leader_exit_policy, ())


def measures_note(settings: SchemeSettings) -> str | None:
    """Why a title's 附件3 offers fewer than the three measures, citing the article (None: all
    three offered): the pages' form and the printed form say the same."""
    if settings.leader_exit_policy is not LeaderExitPolicy.REVOKE:
        return None
    return (
        "按[S9]，领衔劳模已故、离职、退休等不能继续发挥示范引领作用的，须向上海市总工会"
        "申请摘牌；领衔人变更、退出管理序列保留称号是[C 三（六）]对上海市工匠创新工作室的规定"
    )


def measure_problems(
    settings: SchemeSettings, reason: ChangeReason | None, measure: ChangeMeasure | None
) -> list[FieldProblem]:
    """A measure the scheme does not allow for the reason, refused beside 拟采取措施, naming the
    article and what it allows (None: not chosen, already refused by the form)."""
    problems = Problems()
    allowed = allowed_measures(settings, reason)
    if measure is not None and measure not in allowed:
        article = POLICY_ARTICLE.get(settings.leader_exit_policy, "")
        options = "、".join(CHANGE_MEASURE_LABELS[m] for m in allowed) or "无"
        problems.add(
            "measure",
            "measure_not_allowed",
            f"{settings.name}不适用「{CHANGE_MEASURE_LABELS[measure]}」：按{article}，"
            f"只能采取{options}",
        )
    return problems.items


def proposal_field_problems(
    details: str, measure: ChangeMeasure | None, new_leader_person_id: int | None
) -> list[FieldProblem]:
    """申请原因具体情况, and a new leader named only (and always) for 领衔人变更 (``measure``
    None: not chosen, already refused by the form): what filing or resubmitting refuses in the
    typed fields, also for a form refused before the use case runs, so every bad field shows."""
    problems = Problems()
    REASON_DETAILS.check(problems, "reason_details", details)
    if measure is ChangeMeasure.LEADER_CHANGE and new_leader_person_id is None:
        problems.add("new_leader_person_id", "required", "领衔人变更须填写新领衔人")
    elif measure not in (None, ChangeMeasure.LEADER_CHANGE) and new_leader_person_id is not None:
        problems.add("new_leader_person_id", "not_applicable", "仅领衔人变更须填写新领衔人")
    return problems.items


def check_proposal(
    uow: UnitOfWork,
    problems: Problems,
    designation: Designation,
    *,
    reason: ChangeReason,
    measure: ChangeMeasure,
    new_leader_person_id: int | None,
    scope: Scope,
    filed_on: date | None = None,
) -> Person | None:
    """拟采取措施 the title's scheme allows, and the new leader of a 领衔人变更 on record in the
    filer's ``scope`` (one outside it is refused as a nonexistent one: its name and honours would
    show on the request) (the typed fields: ``proposal_field_problems``; the measures each reason
    allows: ``allowed_measures``)."""
    settings = get_scheme(designation.scheme_code).settings
    refused = measure_problems(settings, reason, measure)
    if settings.uses_change_request_form:  # else refused as a whole by check_designation_open
        problems.items += refused
    target = None if refused else MEASURE_TARGET.get(measure)
    if target is not None and designation.status in (
        DesignationStatus.NAMED,
        DesignationStatus.RECTIFYING,
    ):
        try:
            check_transition(get_scheme(designation.scheme_code), designation.status, target)
        except TransitionRefused as err:
            problems.add("measure", err.rule or err.code, err.message)
    if measure is not ChangeMeasure.LEADER_CHANGE or new_leader_person_id is None:
        return None  # any misnamed new leader is refused by ``proposal_field_problems``
    person = uow.persons.get(new_leader_person_id, scope=scope)
    if person is None:
        problems.add("new_leader_person_id", "not_found", "新领衔人不存在或不在管辖范围内")
    elif person.id == designation.workshop.leader_person_id:
        problems.add("new_leader_person_id", "same_leader", "新领衔人与现任领衔人相同")
    elif gone_problem(
        uow, problems, "new_leader_person_id", person, label="新领衔人", word="领衔人"
    ):
        return None  # left or died: no leader rule is judged of one who cannot lead [C 三（六）]
    elif filed_on is not None:  # takes over after the filing: of working age by then
        when = "申报时"
        leading_age_problems(
            problems,
            "new_leader_person_id",
            filed_on,
            person.birth_date,
            when=when,
            label="新领衔人",
        )
    return person


def honours_text(person: Person | None, as_of: date) -> str | None:
    """The new leader's honours as printed on 附件3, e.g. 上海工匠（2023年）."""
    if person is None:
        return None
    held = [h for h in person.honours if h.year <= as_of.year]
    return "、".join(f"{HONOUR_LABELS[h.honour]}（{h.year}年）" for h in held) or "无"


def before_previous_step(waiting_since: date) -> str:
    """The refusal of a step dated before the step it follows (or the filing) [C 三（六）]."""
    return f"日期不能早于上一环节（{chinese_date(waiting_since)}）"


def decision_date_hint(waiting_since: date, today: date) -> str:
    """What the waiting step's 日期 may be, said beside the field before it is refused: from
    the previous step's day (``waiting_since``) to today, the days ``_decision_problems`` takes."""
    if waiting_since >= today:
        return f"只能填{chinese_date(today)}：{before_previous_step(waiting_since)}，也不能晚于今天"
    return f"可填{chinese_date(waiting_since)}至{chinese_date(today)}之间的日期"


def filer_refusal(designation: Designation, acting: int) -> str | None:
    """Why the union ``acting`` may not file, amend or withdraw a request on ``designation``
    (None: it may): only the unit's union or its district union does, citing the title's
    scheme's article ([S9] 第九条 「所在单位工会、区局（产业）工会…申请摘牌」, [C 三（六）])."""
    if acting in (designation.workshop.unit_union_id, designation.district_union_id):
        return None
    return (
        f"管理变更申请应由工作室所在单位工会或所属区局（产业）工会提出{route_article(designation)}"
    )


def require_filer(designation: Designation, acting: int) -> None:
    """Only the unit's union or its district union files, amends or withdraws a request: any
    other is refused (403) before the form's fields are read, as a step's wrong union is."""
    refusal = filer_refusal(designation, acting)
    if refusal is not None:
        raise NotYourStep(refusal, field="acting_union_id")
