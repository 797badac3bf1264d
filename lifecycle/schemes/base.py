"""What every rule pack is made of: rule results, settings (data) and the Scheme interface."""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol, runtime_checkable

from lifecycle.designations.states import (
    DIRECT_REVOCATION,
    EXIT_KEEPING_TITLE,
    RECTIFICATION_TRANSITIONS,
    TRANSITION_BASE,
    Transition,
)
from lifecycle.errors import ValidationFailed
from lifecycle.schemes.authority import Act, Authority, Citation, Namer
from lifecycle.schemes.facts import (
    ApplicationFacts,
    ExistingDesignation,
    LeaderFacts,
    SchemeLevel,
)
from lifecycle.vocab import (
    DesignationStatus,
    Honour,
    UnionLevel,
    UnionWording,
)


@dataclass(frozen=True)
class RuleResult:
    """One rule's verdict, naming the rule and the article it comes from."""

    rule: str
    article: str
    passed: bool
    message: str
    advisory: bool = False  # a preference (优先考虑), never blocks eligibility


@dataclass(frozen=True)
class EligibilityReport:
    """All rule verdicts for one application under one scheme at one date (DOMAIN.md §7)."""

    scheme: str
    as_of: date
    results: tuple[RuleResult, ...]

    @property
    def eligible(self) -> bool:
        """True when no binding rule failed."""
        return not self.failures

    @property
    def failures(self) -> tuple[RuleResult, ...]:
        """The binding rules that failed."""
        return tuple(r for r in self.results if not r.passed and not r.advisory)

    @property
    def advisories(self) -> tuple[RuleResult, ...]:
        """Preferences the application does not meet (informative only)."""
        return tuple(r for r in self.results if not r.passed and r.advisory)

    def result(self, rule: str) -> RuleResult:
        """The verdict of one rule by id; KeyError if the scheme has no such rule."""
        for r in self.results:
            if r.rule == rule:
                return r
        raise KeyError(rule)


class OversightKind(StrEnum):
    """How a named designation is overseen."""

    CYCLE_INSPECTION = "cycle_inspection"  # 3-year cycle, on-site inspection [Y12]
    ANNUAL_ASSESSMENT = "annual_assessment"  # year-end 考核 [S9]
    DYNAMIC = "dynamic"  # 动态管理 by district unions [C]
    NONE = "none"


OVERSIGHT_LABELS = {
    OversightKind.CYCLE_INSPECTION: "管理周期末实地检查",
    OversightKind.ANNUAL_ASSESSMENT: "年度考核",
    OversightKind.DYNAMIC: "动态管理",
    OversightKind.NONE: "未规定",
}


class LeaderExitPolicy(StrEnum):
    """What happens when the leader retires, leaves or dies."""

    CONTINUE_WITH_CONSENT = "continue_with_consent"  # [Y13]
    REVOKE = "revoke"  # 摘牌 [S9]
    CHANGE_REQUEST = "change_request"  # 附件3: leader change / exit keeping title / 摘牌 [C]
    NONE = "none"


class TitleKind(StrEnum):
    """The 劳模（技师） element of a Yangpu title [Y8]."""

    MODEL_WORKER = "劳模"
    TECHNICIAN = "技师"


@dataclass(frozen=True)
class LeaderTitle:
    """A personal title every leader of the scheme's titles holds for as long as the title runs,
    and the article asking it (领衔人必须是“上海工匠” [C 一（一）], DOMAIN §8)."""

    honour: Honour
    article: str


def leader_title_missing(settings: SchemeSettings, honours: Iterable[Honour]) -> bool:
    """Whether a leader holding ``honours`` lacks the title the scheme asks of every leader."""
    required = settings.leader_title
    return required is not None and required.honour not in set(honours)


@dataclass(frozen=True)
class NewTeam:
    """What the page registering a team tells of the scheme a new team applies to: who puts
    its application forward, the article saying so, and the form of its title."""

    applied_by: str  # e.g. 新创建的工作室由单位工会推荐申报
    article: str  # the rule id, cited where rendered (e.g. [Y7])
    title_hint: str  # the title's parts, e.g. 如：带头人姓名＋攻关方向＋劳模（技师）创新工作室


@dataclass(frozen=True)
class SchemeSettings:
    """The data half of a rule pack: amounts, cycles, deadlines, formats (DOMAIN.md §2)."""

    code: str
    name: str
    level: SchemeLevel
    namer: Namer  # the one union that names the titles and opens the calls, at ``level``
    cycle_years: int | None
    oversight: OversightKind
    yearly_filing_due: tuple[int, int] | None  # (month, day)
    one_off_grant_fen: int | None
    matching_ratio: Decimal | None  # district matching ≥ ratio × city grant
    excellence_support: bool
    rectification_deadline_days: int
    rectification_counts_working_days: bool
    title_format: str | None  # str.format fields: leader_name, direction, kind, unit_name
    leader_exit_policy: LeaderExitPolicy
    uses_change_request_form: bool
    inspection_criteria: tuple[tuple[str, str], ...]  # (code, Chinese label)
    # Who decides on the 附件3 form, as its city step names it (``changes.model.step_labels``).
    change_decider: str = "市创建命名办公室"
    naming_article: str | None = None
    revocation_article: str | None = None
    # The series the titles are numbered in, as the naming union's register writes it: one per
    # scheme, e.g. 杨浦 2023-015, 沪劳创 2024-003 (``lifecycle.schemes.numbers``).
    number_prefix: str = ""
    # A personal title the leader must hold for the whole life of the title (not only at naming).
    leader_title: LeaderTitle | None = None
    # Occasions (DOMAIN.md §6). A yearly duty is first owed for the naming year when the title
    # was named on or before this (month, day) of it, otherwise from the next year
    # (``first_owed_year``; (12, 31): every title owes its naming year's duty).
    first_year_named_by: tuple[int, int] = (10, 1)
    annual_assessment_due: tuple[int, int] | None = None  # (month, day) of the 考核 year [S9]
    # The first (month, day) of the year a step of that year's 考核 may be dated: 「每年期末」 is
    # the year's end, not any day of it (reading D1a) [S9].
    annual_assessment_opens: tuple[int, int] = (1, 1)
    occasion_due_window_days: int = 30  # an occasion is "due" this many days ahead
    occasion_due_windows: tuple[tuple[str, int], ...] = ()  # per-kind overrides (kind, days)
    drift_project_warning_from: tuple[int, int] | None = None  # no project yet by then [Y3]
    achievement_every_years: int | None = None  # ≥1 achievement every N years [Y3]
    # The article that reads an achievement's 获市级以上奖项 (优先, [C 一（四）]): the
    # application's achievements table and the ledger ask it only where it is set.
    city_award_article: str | None = None
    matching_due_days: int = 90  # district matching owed this long after the city grant [S10]
    # The scheme's own articles on money, cited by the 专款专用 audit: the one granting the
    # one-off money, and the one requiring it be spent on the workshop only, with what it asks.
    one_off_article: str | None = None
    # The article requiring the district's matching (its findings and grants cite it): [S10],
    # or the scheme's own article that refers to it (上海市工匠: [C 三（一）]).
    matching_article: str = "[S10]"
    earmark_article: str | None = None
    earmark_rule: str = ""  # what the article itself asks, in its own terms
    # Whether the article lists the uses allowed and forbidden ([Y16] does; [S10], [C], [L] ask
    # only 专款专用): pages then mark the four as 属禁止用途, else as findings by reading 35a.
    earmark_lists_uses: bool = False
    # Whether spending beyond the money the scheme's unions gave is an ``overspent`` finding:
    # where the unions' grants are the earmarked funds ([Y14][Y16], [S10]) it is; 乐山's notice
    # gives a one-off reward [L 三] and expects the unit's own 专项经费 for the workshop's
    # activities [L 建设标准（四）], so spending beyond the reward is the unit's money, no finding.
    overspending_is_finding: bool = True
    # Who may act, by decision: the union relative to the title, its roles, the article.
    authorities: tuple[tuple[Act, Authority], ...] = ()
    # A workshop once named under the scheme is not named under it again (e.g. [Y7]).
    no_repeat: Citation | None = None
    # A city title's source (the district title it was recommended from) has run this many years
    # when the city names it in the service, e.g. 已命名并运行一年以上 [S7].
    source_running_years: int | None = None
    # The union levels of the scheme's city its regulation names otherwise than Shanghai's
    # words (``UnionWording``): 乐山's 县（市、区）总工会 [L 一], not a 区局（产业）工会.
    level_names: tuple[tuple[UnionLevel, str], ...] = ()
    # The scheme a team newly registered in its city applies to first (its words on the page
    # registering a team); None where a team comes to it otherwise (a city title from a
    # district one [S7]).
    new_team: NewTeam | None = None
    # What the scheme's text calls the workshop's leader, as its pages name them: 领衔人
    # ([C 一（一）], [S3] 劳模…作为领衔人) unless the regulation says otherwise (乐山's 带头人
    # [L 二（一）]).
    leader_word: str = "领衔人"
    # Who, on the 附件3's 备注, may be gone as its 申请原因: the notice's form says 领衔工匠
    # ([C 三（六）] 附件3); a 劳模 title's leader is its 领衔劳模 ([S9] 第九条).
    change_form_leader: str = "领衔工匠"
    # What the scheme's text calls its one-off money, as its titles' grants are named on every
    # page, list, export and refusal (``funding.vocab.grant_kind_label``): 一次性补贴 (the
    # 扶持补贴 [Y14], 工作经费补贴 [S10]) unless the regulation says otherwise (乐山's 一次性奖励
    # [L 三]).
    one_off_word: str = "一次性补贴"
    # What the scheme's text calls the money it gives, as the fund ledger names its records,
    # their form and their kinds (补贴记录, 登记补贴, 补贴类别): 补贴 ([Y14] 扶持补贴, [S10]
    # 工作经费补贴) unless the regulation gives something else (乐山's 奖励 [L 三]).
    grant_word: str = "补贴"
    # What the scheme's text calls the end of a title that is lost, as every page, list, export
    # and refusal shows a revoked title's status (``schemes.words.designation_status_labels``):
    # 摘牌 ([S9] 申请摘牌, [C 三（六）] 摘牌取消…命名) unless the regulation says otherwise
    # (Yangpu's 撤牌 [Y12]).
    revoked_word: str = "摘牌"

    @property
    def issues_rectification_notices(self) -> bool:
        """Whether a title is given a 书面整改通知 with a deadline, and 撤牌 after it: on a failed
        cycle-end inspection only [Y12]; the city's 考核 leads to 摘牌 [S9], 乐山's notice to
        neither [L]."""
        return self.oversight is OversightKind.CYCLE_INSPECTION

    @property
    def has_district_matching(self) -> bool:
        """Whether the district union owes matching funds to the scheme's city grant: 「区局（产业）
        工会按不少于1:1的比例配套」 [S10] (and [C 三（一）] referring to it); not Yangpu's own
        grant [Y14] nor 乐山's reward [L 三]."""
        return self.matching_ratio is not None


@runtime_checkable
class Scheme(Protocol):
    """A rule pack: settings plus pure rule functions of plain facts and a date."""

    @property
    def settings(self) -> SchemeSettings: ...

    def check_eligibility(self, facts: ApplicationFacts, as_of: date) -> EligibilityReport: ...

    def check_leader(self, leader: LeaderFacts, as_of: date) -> list[RuleResult]: ...

    def title_for(
        self,
        leader_name: str,
        direction: str | None = None,
        kind: TitleKind | None = None,
        *,
        unit_name: str | None = None,
    ) -> str | None: ...

    def held_statuses(self) -> frozenset[DesignationStatus]: ...

    def allowed_transitions(self) -> frozenset[Transition]: ...

    def held_title_bars(self, report: EligibilityReport) -> tuple[RuleResult, ...]: ...

    def title_bars(self, held: Iterable[ExistingDesignation]) -> tuple[RuleResult, ...]: ...

    def standing_failures(self, facts: ApplicationFacts, as_of: date) -> tuple[RuleResult, ...]: ...

    def source_rule(
        self, held: Iterable[ExistingDesignation], as_of: date
    ) -> RuleResult | None: ...


class BaseScheme:
    """Shared behaviour of the packs; subclasses set ``SETTINGS`` and the two rule hooks."""

    SETTINGS: SchemeSettings
    # The eligibility rules that read the titles the team holds: a title named after the
    # submission bars the naming as it would have barred the application ([C 一（二）]).
    HELD_TITLE_RULES: frozenset[str] = frozenset()

    @property
    def settings(self) -> SchemeSettings:
        """The pack's settings (data)."""
        return self.SETTINGS

    def held_title_bars(self, report: EligibilityReport) -> tuple[RuleResult, ...]:
        """The report's failed rules that rest on a title the team holds [C 一（二）]."""
        return tuple(r for r in report.failures if r.rule in self.HELD_TITLE_RULES)

    def title_bars(self, held: Iterable[ExistingDesignation]) -> tuple[RuleResult, ...]:  # noqa: ARG002
        """The failed rules that rest on the titles ``held`` by the team alone, known before
        a form is filled in (a team named under another scheme that excludes it, [C 一（二）]);
        none unless the pack has such a rule."""
        return ()

    def source_rule(
        self,
        held: Iterable[ExistingDesignation],  # noqa: ARG002
        as_of: date,  # noqa: ARG002
    ) -> RuleResult | None:
        """The rule on the lower-level title the team is recommended from ([S7]), judged on the
        titles ``held`` on ``as_of``; None where the pack has no such rule."""
        return None

    def standing_failures(self, facts: ApplicationFacts, as_of: date) -> tuple[RuleResult, ...]:
        """The binding rules a submitted application fails on ``as_of`` that no longer depend on
        when it was filled in: the leader rules (a leader who retired, left, died or lost a title
        since) and the rules on titles the team holds. The rules counted back from the
        application's own year (近三年内 projects, 近两年 achievements) stay as submitted."""
        lasting = {r.rule for r in self.check_leader(facts.leader, as_of)} | self.HELD_TITLE_RULES
        report = self.check_eligibility(facts, as_of)
        return tuple(r for r in report.failures if r.rule in lasting)

    def check_eligibility(self, facts: ApplicationFacts, as_of: date) -> EligibilityReport:
        """All leader and application rules of the scheme at ``as_of`` (DOMAIN.md §7)."""
        if facts.scheme_code != self.SETTINGS.code:
            raise ValidationFailed(
                f"申报方案为「{facts.scheme_code}」，不能按「{self.SETTINGS.name}」审核",
                field="scheme_code",
                code="scheme_mismatch",
            )
        results = [*self.check_leader(facts.leader, as_of), *self.application_rules(facts, as_of)]
        return EligibilityReport(scheme=self.SETTINGS.code, as_of=as_of, results=tuple(results))

    def check_leader(self, leader: LeaderFacts, as_of: date) -> list[RuleResult]:
        """The leader rules, also used for a leader change (DOMAIN.md §3 Leader events)."""
        raise NotImplementedError

    def application_rules(self, facts: ApplicationFacts, as_of: date) -> list[RuleResult]:
        """The team, project, achievement, venue and duplicate rules."""
        raise NotImplementedError

    def title_for(
        self,
        leader_name: str,
        direction: str | None = None,
        kind: TitleKind | None = None,
        *,
        unit_name: str | None = None,
    ) -> str | None:
        """The official title from ``title_format``; None where the scheme sets no format."""
        fmt = self.SETTINGS.title_format
        if fmt is None:
            return None
        parts: dict[str, str | None] = {
            "leader_name": leader_name,
            "direction": direction,
            "kind": str(kind) if kind is not None else None,
            "unit_name": unit_name,
        }
        values: dict[str, str] = {}
        for _, name, _, _ in string.Formatter().parse(fmt):
            if name is None:
                continue
            value = (parts.get(name) or "").strip()
            if not value:
                raise ValidationFailed(
                    f"工作室名称缺少要素「{_TITLE_PART_LABELS.get(name, name)}」",
                    field=name,
                    code="title_part_missing",
                )
            values[name] = value
        return fmt.format(**values)

    def held_statuses(self) -> frozenset[DesignationStatus]:
        """The statuses a title of the scheme can be in: applied, in review, named, rejected and
        where its transitions lead (no 整改中 nor 撤牌 without a cycle inspection [Y12], no
        退出管理序列 without 附件3 [C 三（六）]; a 乐山 title [L] only named)."""
        reached = {target for _, target in self.allowed_transitions()}
        return frozenset({DesignationStatus.APPLIED, DesignationStatus.NAMED, *reached})

    def allowed_transitions(self) -> frozenset[Transition]:
        """TRANSITION_BASE, plus direct 摘牌 where the city decides it [S9][C], plus exit with the
        title kept where the city may choose it on the 附件3 form (the craftsman notice's option
        [C 三（六）]; [S9] knows only 摘牌)."""
        s = self.SETTINGS
        allowed = set(TRANSITION_BASE)
        if not s.issues_rectification_notices:
            # 整改通知 and 撤牌 follow a cycle-end inspection [Y12]; other packs have none.
            allowed -= RECTIFICATION_TRANSITIONS
        if s.oversight is OversightKind.ANNUAL_ASSESSMENT or s.leader_exit_policy in (
            LeaderExitPolicy.REVOKE,
            LeaderExitPolicy.CHANGE_REQUEST,
        ):
            allowed.add(DIRECT_REVOCATION)
        if s.leader_exit_policy is LeaderExitPolicy.CHANGE_REQUEST:
            allowed.add(EXIT_KEEPING_TITLE)
        return frozenset(allowed)


_TITLE_PART_LABELS = {
    "leader_name": "带头人姓名",
    "direction": "攻关方向",
    "kind": "劳模（技师）",
    "unit_name": "单位",
}


# ---- helpers shared by the packs -------------------------------------------------------------


def add_years(d: date, years: int) -> date:
    """``d`` moved by whole years; 29 February falls back to 28 February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def first_owed_year(settings: SchemeSettings, naming_date: date) -> int:
    """The first year a yearly duty (filing, 考核) is owed: the naming year when the title was
    named on or before ``first_year_named_by`` of it, else the next (readings 28, D1a)."""
    month, day = settings.first_year_named_by
    named_by = add_years(date(2000, month, day), naming_date.year - 2000)  # 2000: a leap year
    return naming_date.year if naming_date <= named_by else naming_date.year + 1


def wording_of(schemes: Iterable[Scheme]) -> UnionWording:
    """The words of the city whose rule packs are ``schemes``: the levels they rename."""
    return UnionWording(tuple(pair for s in schemes for pair in s.settings.level_names))
