"""Plain facts of one designation, the query window, and the rules every kind shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import date

from lifecycle.changes.facts import ChangeRequestFact
from lifecycle.designations.states import ACTIVE_STATES
from lifecycle.funding.facts import FindingFact, MatchingFact
from lifecycle.leaders.facts import LeaderFact
from lifecycle.leaders.titles import HeldTitle
from lifecycle.occasions.model import (
    KIND_VALUES,
    OCCASION_KIND_ANCHORS,
    UNDATED_KINDS,
    WARNING_KINDS,
    Occasion,
    OccasionKind,
    OccasionStatus,
    timeline,
)
from lifecycle.schemes.base import SchemeSettings, add_years, first_owed_year
from lifecycle.vocab import DesignationStatus


@dataclass(frozen=True)
class NoticeFact:
    """A 整改通知 as the occasions see it [Y12]."""

    id: int
    number: str
    deadline: date
    provisional: bool
    issuing_union_id: int
    addressee_union_id: int
    open: bool = field(default=True, kw_only=True)
    # The day the addressee first sent its written 整改情况报告 (None: not yet): its step is done
    # and the issuing union's 整改复查 is what remains before the deadline.
    reported_on: date | None = field(default=None, kw_only=True)
    issued_on: date | None = field(default=None, kw_only=True)  # when the notice was issued


# A title that lost its name, or left the management sequence keeping it [S9][C 三（六）].
ENDED_STATES = frozenset({DesignationStatus.REVOKED, DesignationStatus.EXITED})


def may_owe(status: DesignationStatus) -> bool:
    """Whether a designation may owe anything: a held title, or an ended one: district matching
    that fell due before the end stands after it (reading P35c), and so does an audit finding on
    its money, spending after the end among them (reading 33w)."""
    return status in ACTIVE_STATES or status in ENDED_STATES


@dataclass(frozen=True)
class DesignationFacts:
    """Everything the generators know about one designation (current records, no clock)."""

    id: int
    scheme_code: str
    status: DesignationStatus
    naming_date: date | None
    ended_on: date | None
    title: str
    number: str | None
    workshop_id: int
    unit_union_id: int
    sector_union_id: int | None  # the unit union's parent (行业、街镇、直属工会)
    district_union_id: int
    naming_union_id: int
    unit_path: str = ""  # the unit union's path (the occasion index's scope column)
    _: KW_ONLY  # the history: by name (the columns above come in a designation row's order)
    passed_cycles: frozenset[int] = frozenset()  # cycles with a passed inspection [Y12]
    failed_cycles: frozenset[int] = frozenset()  # cycles whose cycle-end inspection failed
    # cycle → the day its cycle-end inspection is scheduled, no result yet (安排检查) [Y12]
    scheduled_cycles: Mapping[int, date] = field(default_factory=dict)
    filings: frozenset[tuple[int, str]] = frozenset()  # (year, FilingKind value) [Y11]
    assessments: Mapping[int, str] = field(default_factory=dict)  # year → outcome value [S9]
    notices: tuple[NoticeFact, ...] = ()  # open ones (the designation page also gets closed ones)
    project_years: frozenset[int] = frozenset()  # years with a ledger project [Y3]
    last_achievement_on: date | None = None  # latest achievement with benefit, applied [Y3]
    leader: LeaderFact | None = None  # the workshop's current leader [Y13][S9][C]
    change_requests: tuple[ChangeRequestFact, ...] = ()  # open 附件3 requests [C]
    matching: MatchingFact | None = None  # paid city grant and district matching [S10]
    open_findings: tuple[FindingFact, ...] = ()  # unresolved audit findings [Y16][S10]
    cutover_on: date | None = None  # the union's 系统启用日期 (settled_by_cutover)
    team_titles: tuple[HeldTitle, ...] = ()  # the team's titles, read where a leader change
    # may be held by another of them (a scheme without the 附件3 form, reading 43a)

    @property
    def active(self) -> bool:
        """Whether the title is under oversight and named: only such a title owes (DOMAIN.md §3)."""
        return self.status in ACTIVE_STATES and self.naming_date is not None

    @property
    def ended(self) -> bool:
        """Whether the title was held and has ended (撤牌/摘牌, 退出管理序列) on a recorded date."""
        return (
            self.status in ENDED_STATES
            and self.naming_date is not None
            and self.ended_on is not None
        )

    @property
    def subject(self) -> str:
        """称号（编号）, the designation as mails name it."""
        return f"{self.title}（{self.number}）" if self.number else self.title


# The cut-over rule [Y11][Y12][S9]: a registry brought in from Excel holds no record of duties
# done on paper, so these kinds due before the union's 系统启用日期 count as settled. An imported
# 考核 outcome still decides its year, a failed inspection hands over to its 整改通知; notices,
# leader events, change requests and matching funds stay live whatever their date.
SETTLED_BY_CUTOVER = frozenset(
    {
        OccasionKind.CYCLE_INSPECTION,
        OccasionKind.SELF_CHECK_FILING,
        OccasionKind.UNIT_EVALUATION_FILING,
        OccasionKind.ANNUAL_ASSESSMENT,
        OccasionKind.DRIFT_NO_PROJECT,
        OccasionKind.DRIFT_NO_ACHIEVEMENT,
    }
)


def settled_by_cutover(facts: DesignationFacts, kind: OccasionKind, due_on: date) -> bool:
    """Whether an occasion due on ``due_on`` fell before the cut-over and counts as settled."""
    cutover = facts.cutover_on
    if cutover is None or due_on >= cutover or kind not in SETTLED_BY_CUTOVER:
        return False
    # An imported 考核 outcome for the year decides it, e.g. a pending 摘牌 application [S9].
    return not (kind is OccasionKind.ANNUAL_ASSESSMENT and due_on.year in facts.assessments)


def effective_cutover(cutovers: Mapping[int, date], union_ids: Sequence[int | None]) -> date | None:
    """The cut-over of the nearest union (unit, sector, district, naming) that has one."""
    return next((cutovers[u] for u in union_ids if u is not None and u in cutovers), None)


@dataclass(frozen=True)
class Window:
    """Due dates in [start, end], and undone ones before start (still owed)."""

    start: date
    end: date

    def admits(self, due_on: date, *, done: bool) -> bool:
        """Whether an occasion due on ``due_on`` belongs to the answer."""
        return due_on <= self.end and (due_on >= self.start or not done)


def month_day(year: int, md: tuple[int, int]) -> date:
    """(month, day) in ``year``; 29 February falls back to 28 February (``add_years``)."""
    return add_years(date(2000, *md), year - 2000)  # a leap year: every (month, day) is in it


def due_window(settings: SchemeSettings, kind: OccasionKind) -> int:
    """Days before its due date an occasion of ``kind`` counts as due (a scheme setting)."""
    # A StrEnum member equals its value, and hashes as it.
    return dict(settings.occasion_due_windows).get(kind, settings.occasion_due_window_days)


@dataclass(frozen=True, slots=True)
class Ask:
    """What every generator is given: one designation's facts and scheme, asked what it owes in
    ``window`` as of ``as_of``."""

    facts: DesignationFacts
    settings: SchemeSettings
    window: Window
    as_of: date

    def years(self) -> range:
        """Years a yearly duty may fall in: from the first owed year (named on or before
        ``first_year_named_by`` of the naming year: that year, else the next) to the window end."""
        facts, window = self.facts, self.window
        assert facts.naming_date is not None
        first = first_owed_year(self.settings, facts.naming_date)
        return range(first, min(window.end, facts.ended_on or window.end).year + 1)

    def occasion(
        self,
        kind: OccasionKind,
        *,
        due_on: date,
        union_id: int,
        title: str,
        key: str,
        done: bool = False,
        standing: bool = False,
        provisional: bool = False,
        visible_until: date | None = None,
        arose_on: date | None = None,
        link: str | None = None,
    ) -> Occasion:
        """Build one occasion; a ``standing`` one is due from its start date on (``timeline``);
        it arose on ``arose_on``, else at the title's naming (its periodic duties' source); it
        links to ``link`` (a record's own page), else to its kind's section of the designation."""
        facts = self.facts
        done = done or settled_by_cutover(facts, kind, due_on)
        days = timeline(
            due_on,
            window_days=due_window(self.settings, kind),
            standing=standing,
            warning=kind in WARNING_KINDS,
            undated=standing and kind in UNDATED_KINDS,
            visible_until=visible_until,
        )
        status = OccasionStatus.DONE if done else days.status_on(self.as_of)
        return Occasion(
            kind=kind,
            designation_id=facts.id,
            due_on=due_on,
            union_id=union_id,
            status=status,
            title=title,
            link=link or f"/designations/{facts.id}#{OCCASION_KIND_ANCHORS[kind]}",
            key=f"{KIND_VALUES[kind]}:{key}",
            subject=facts.subject,
            provisional=provisional,
            standing=standing,
            days=days,
            arose_on=arose_on or facts.naming_date,
        )
