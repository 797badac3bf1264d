"""An occasion: one thing a designation owes by a date, and the union that acts (DOMAIN.md §6)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from lifecycle.accounts.permissions import Permission as P


class OccasionKind(StrEnum):
    """What is owed; each kind has one pure generator in ``lifecycle.occasions.rules``."""

    CYCLE_INSPECTION = "cycle_inspection"  # 周期末实地检查 [Y12]
    SELF_CHECK_FILING = "self_check_filing"  # 工作室年度自查备案 [Y11]
    UNIT_EVALUATION_FILING = "unit_evaluation_filing"  # 单位工会年度评估备案 [Y11]
    ANNUAL_ASSESSMENT = "annual_assessment"  # 年度考核 [S9]
    RECTIFICATION_DEADLINE = "rectification_deadline"  # 整改期限 [Y12]
    REVOCATION_PENDING = "revocation_pending"  # 逾期未整改，待撤牌 [Y12]
    DRIFT_NO_PROJECT = "drift_no_project"  # 当年无攻关项目 [Y3]
    DRIFT_NO_ACHIEVEMENT = "drift_no_achievement"  # 两年无创新成果 [Y3]
    LEADER_RETIREMENT = "leader_retirement"  # 带头人即将达到法定退休年龄 [DOMAIN §3]
    LEADER_CONSENT_MISSING = "leader_consent_missing"  # 退休后继续领衔须本人及单位同意 [Y13]
    CHANGE_REQUEST_STEP = "change_request_step"  # 管理变更申请待本级办理 [C 附件3]
    MATCHING_FUNDS = "matching_funds"  # 区级配套资金不少于1:1 [S10]
    CHANGE_REQUEST_DUE = "change_request_due"  # 带头人离任：附件3 [C 三（六）][S9]，或变更 [Y3]
    LEADER_TITLE_MISSING = "leader_title_missing"  # 领衔人须为“上海工匠”，档案未登记 [C 一（一）]
    FUNDING_FINDING = "funding_finding"  # 专款专用审计发现待财务人员处理 [Y16][S10]
    # Of an application, not a designation (``lifecycle.intake.occasions``).
    APPLICATION_STEP = "application_step"  # 申报待本级办理 [Y7][C 二][S7][L]
    CRAFTSMAN_STEP = "craftsman_step"  # 上海工匠申报待本级审核 [G 三]


# Each kind in Chinese, and the section of the designation page it links to (None: an
# application's, which links to its own page).
_KINDS: dict[OccasionKind, tuple[str, str | None]] = {
    OccasionKind.CYCLE_INSPECTION: ("管理周期末实地检查", "inspections"),
    OccasionKind.SELF_CHECK_FILING: ("工作室年度自查备案", "filings"),
    OccasionKind.UNIT_EVALUATION_FILING: ("单位工会年度评估备案", "filings"),
    OccasionKind.ANNUAL_ASSESSMENT: ("年度考核", "assessments"),
    OccasionKind.RECTIFICATION_DEADLINE: ("整改期限", "notices"),
    OccasionKind.REVOCATION_PENDING: ("逾期未整改待撤牌", "notices"),
    OccasionKind.DRIFT_NO_PROJECT: ("当年未登记攻关项目", "ledgers"),
    OccasionKind.DRIFT_NO_ACHIEVEMENT: ("长期无创新成果", "ledgers"),
    OccasionKind.LEADER_RETIREMENT: ("{leader}即将退休", "leader"),
    OccasionKind.LEADER_CONSENT_MISSING: ("退休后继续领衔待同意", "leader"),
    OccasionKind.CHANGE_REQUEST_STEP: ("管理变更申请待办理", "changes"),
    OccasionKind.MATCHING_FUNDS: ("区级配套资金待到位", "funding"),
    OccasionKind.CHANGE_REQUEST_DUE: ("{leader}离任待报送附件3或变更", "leader"),
    OccasionKind.LEADER_TITLE_MISSING: ("{leader}称号未登记", "leader"),
    OccasionKind.FUNDING_FINDING: ("专款专用审计发现待处理", "funding"),
    OccasionKind.APPLICATION_STEP: ("工作室申报待办理", None),
    OccasionKind.CRAFTSMAN_STEP: ("上海工匠申报待审核", None),
}
# A list of many schemes' occasions names the leader as all of them do: Yangpu's and 乐山's
# 带头人 [Y3][L 二（一）], the city's 领衔人 [S3][C 一（一）].
MIXED_LEADER_WORD = "带头人（领衔人）"


def occasion_kind_labels(leader_word: str = MIXED_LEADER_WORD) -> dict[str, str]:
    """Each kind in Chinese, the leader named by ``leader_word`` (a tree's or a scheme's own
    word, ``SchemeSettings.leader_word``)."""
    return {kind: label.format(leader=leader_word) for kind, (label, _) in _KINDS.items()}


# Keyed by members, which equal and hash as their values: a stored value looks its label up too.
OCCASION_KIND_LABELS: dict[str, str] = occasion_kind_labels()


@lru_cache(maxsize=8)
def _labels_in(leader_word: str) -> dict[str, str]:
    """``occasion_kind_labels`` of one word, built once per word."""
    return occasion_kind_labels(leader_word)


OCCASION_KIND_ANCHORS = {kind: anchor for kind, (_, anchor) in _KINDS.items() if anchor}
# Kinds of applications (each links to its own page; no designation, no generator).
APPLICATION_KINDS = frozenset({OccasionKind.APPLICATION_STEP, OccasionKind.CRAFTSMAN_STEP})

# Warnings ahead of, or about, a state (drift [Y3], a legal retirement date to come): never
# overdue, their start is not a due date.
WARNING_KINDS = frozenset(
    {
        OccasionKind.DRIFT_NO_PROJECT,
        OccasionKind.DRIFT_NO_ACHIEVEMENT,
        OccasionKind.LEADER_RETIREMENT,
    }
)

# Steps a designation waits at with no deadline of their own (附件3 审核 [C 三（六）]; an audit
# finding, which no article gives a day to answer by [Y16][S10][C 一（五）][L]).
UNDATED_KINDS = frozenset({OccasionKind.CHANGE_REQUEST_STEP, OccasionKind.FUNDING_FINDING})

# Sort rank of kinds for occasions due the same day (declaration order).
KIND_ORDER = {kind: rank for rank, kind in enumerate(OccasionKind)}
# Member ↔ value without the enum's lookup (a build makes millions of occasions, a read as many).
KIND_VALUES = {kind: kind.value for kind in OccasionKind}
KINDS_BY_VALUE = {kind.value: kind for kind in OccasionKind}


class OccasionStatus(StrEnum):
    """Where an occasion stands on the ``as_of`` date."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


OCCASION_STATUS_LABELS: dict[str, str] = {
    OccasionStatus.UPCOMING: "即将到期",
    OccasionStatus.DUE: "到期",
    OccasionStatus.OVERDUE: "已逾期",
    OccasionStatus.DONE: "已完成",
}


# The ends of time as stored (the occasion index keeps no NULL thresholds): never / always.
NEVER = date(9999, 12, 31)
ALWAYS = date(1, 1, 1)


class Timeline(NamedTuple):  # a tuple: built for every occasion generated
    """The status and visibility rules' answer for every day: upcoming before ``due_from``, due
    from it, overdue from ``overdue_from``; shown from ``shows_from`` through ``shows_until``."""

    due_from: date
    overdue_from: date = NEVER
    shows_from: date = ALWAYS
    shows_until: date = NEVER

    def status_on(self, as_of: date) -> OccasionStatus:
        """Upcoming, due or overdue on ``as_of`` (done is a fact, not a day)."""
        if as_of >= self.overdue_from:
            return OccasionStatus.OVERDUE
        if as_of >= self.due_from:
            return OccasionStatus.DUE
        return OccasionStatus.UPCOMING

    @property
    def undated(self) -> bool:
        """Due on no day of its own (无规定办理期限): due whenever shown, never late."""
        return self.due_from == ALWAYS

    def shows_on(self, as_of: date) -> bool:
        """Whether the occasion exists on ``as_of``."""
        return self.shows_from <= as_of <= self.shows_until


def timeline(
    due_on: date,
    *,
    window_days: int,
    standing: bool = False,
    warning: bool = False,
    undated: bool = False,
    visible_until: date | None = None,
) -> Timeline:
    """An obligation is due ``window_days`` before its date and overdue the day after [Y11][Y12];
    a standing one shows from its date on, due at once and overdue the day after too, but a
    ``warning``, never overdue, and an ``undated`` step, due on no day of its own and never
    overdue; it lapses after ``visible_until``."""
    late = due_on + timedelta(days=1)
    if not standing:
        return Timeline(due_on - timedelta(days=window_days), late)
    if undated:
        return Timeline(ALWAYS, NEVER, due_on, visible_until or NEVER)
    return Timeline(due_on, NEVER if warning else late, due_on, visible_until or NEVER)


@dataclass(frozen=True, slots=True)  # slots: a peak-day sweep holds 200,000 of these
class Occasion:
    """One obligation or warning of one designation, as seen on ``as_of``."""

    kind: OccasionKind
    designation_id: int | None  # None: an application's (``APPLICATION_KINDS``)
    due_on: date
    union_id: int  # the union that must act
    status: OccasionStatus
    title: str  # Chinese, e.g. 第1个管理周期末实地检查
    link: str  # relative URL of the page section, e.g. /designations/7#inspections
    key: str  # stable across runs, e.g. cycle_inspection:7:1 (reminders deduplicate on it)
    subject: str  # the designation, for mails: 称号（编号）
    provisional: bool = False  # due date computed on an unpublished holiday calendar
    standing: bool = False  # a warning: shown from due_on on, never "upcoming"
    # The rule's days (``timeline``) the status came from (None: a dated step waiting, shown).
    days: Timeline | None = None
    # What the acting union is to do, citing its rule, where it depends on more than the kind
    # (an application's stage, a 上海工匠 stage of the year's notice); None: the kind's own line.
    action: str | None = None
    # The title's scheme's word for its leader, where a reader looked it up (``worded``): the
    # kind reads 带头人即将退休 [Y3] or 领衔人即将退休 [S3][C 一（一）]; None: 带头人（领衔人）.
    leader_word: str | None = None
    # The day the duty arose (a 整改通知's issue date, a title's naming): a duty that arose after
    # the first lead day of its kind is told by the next sweep (``policy.arrival_step``); None:
    # not known (an application's step).
    arose_on: date | None = None

    @property
    def undated(self) -> bool:
        """A step with no deadline of its own (无规定办理期限, ``Timeline.undated``): due from when
        it began waiting, never late, and never "due this month" either."""
        return self.days is not None and self.days.undated

    def visible_on(self, as_of: date) -> bool:
        """Whether the occasion exists on ``as_of``: a standing one only from its start on."""
        return self.days is None or self.days.shows_on(as_of)

    @property
    def warning(self) -> bool:
        """A warning (``WARNING_KINDS``), never overdue."""
        return self.kind in WARNING_KINDS

    @property
    def kind_label(self) -> str:
        """The kind in Chinese, in its title's scheme's word for the leader where known."""
        return _labels_in(self.leader_word or MIXED_LEADER_WORD)[self.kind]

    @property
    def status_label(self) -> str:
        """The status in Chinese."""
        return OCCASION_STATUS_LABELS[self.status]

    @property
    def sort_key(self) -> tuple[date, int, int, str]:
        """(due_on, kind, designation_id), with the key as a last tie-breaker."""
        return (self.due_on, KIND_ORDER[self.kind], self.designation_id or 0, self.key)


# Whose 待办 an occasion is [Y11][Y12][S9]: a role's when its acting union is the user's and the
# role holds one of these permissions (the step the regulation gives that union is the user's).
KIND_PERMISSIONS: dict[OccasionKind, frozenset[P]] = {
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
    # Either the unit's union or the district union files 附件3; each sees the line asking it.
    # A Yangpu district union changes the leader itself [Y13].
    OccasionKind.CHANGE_REQUEST_DUE: frozenset(
        {P.CHANGE_REQUEST_FILE, P.CHANGE_REQUEST_REVIEW, P.LEADER_CHANGE}
    ),
    # The naming union completes the record (上海工匠 is entered by the city [G 四]) or decides a
    # change of leader (附件3 [C 三（六）]).
    OccasionKind.LEADER_TITLE_MISSING: frozenset({P.REGISTRY_WRITE, P.CHANGE_REQUEST_DECIDE}),
    # The answering union's finance staff resolve it (已说明/已退回/已移交, ``funding.audit``).
    OccasionKind.FUNDING_FINDING: frozenset({P.FINDING_RESOLVE}),
    # The acting union's people who apply, review, recommend or name [Y7][C 二]; [G 三].
    OccasionKind.APPLICATION_STEP: frozenset(
        {P.INTAKE_APPLY, P.INTAKE_REVIEW, P.INTAKE_RECOMMEND, P.INTAKE_NAME}
    ),
    OccasionKind.CRAFTSMAN_STEP: frozenset({P.CRAFTSMAN_REVIEW}),
}


def kinds_acted_on(permissions: Iterable[P]) -> frozenset[OccasionKind]:
    """The occasion kinds a holder of ``permissions`` can act on."""
    held = frozenset(permissions)
    return frozenset(kind for kind, needed in KIND_PERMISSIONS.items() if needed & held)
