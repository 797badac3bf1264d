"""One designation on one page: status, history, cycles, occasions, inspections, ledgers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from lifecycle.actors import Actor
from lifecycle.designations.authority import authority_refusal
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.designations.states import is_active
from lifecycle.errors import NotFound
from lifecycle.filings.model import YearlyFiling
from lifecycle.filings.service import closed_to_filing, filed_late, filing_unavailable
from lifecycle.inspections.cycles import cycle_span
from lifecycle.inspections.model import Inspection, InspectionResult
from lifecycle.inspections.service import inspection_unavailable
from lifecycle.leaders.service import (
    change_unavailable,
    consent_unavailable,
    leader_consented,
    leader_retired_on,
)
from lifecycle.leaders.titles import HeldTitle, team_titles
from lifecycle.ledgers.service import Ledger, workshop_ledger
from lifecycle.notices.model import NoticeStatus, RectificationNotice
from lifecycle.notices.rules import revocation_refusal
from lifecycle.occasions.model import Occasion, OccasionKind, OccasionStatus
from lifecycle.occasions.service import occasions_for_designation
from lifecycle.schemes import OversightKind, get_scheme
from lifecycle.schemes.authority import Act
from lifecycle.schemes.base import SchemeSettings
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.assessment import AssessmentRow
from lifecycle.views.changes import ChangeSection, change_section
from lifecycle.views.paging import Paged, stored_page

# What a title's record lacks that a rule asks of the title for its whole life, named beside the
# title on its page and in the API until completed (reading I3): 领衔人须为“上海工匠” [C 一（一）].
RECORD_GAP_KINDS = frozenset({OccasionKind.LEADER_TITLE_MISSING})


def record_gaps(occasions: Iterable[Occasion]) -> list[Occasion]:
    """The outstanding gaps in a title's record among its occasions."""
    return [
        o for o in occasions if o.kind in RECORD_GAP_KINDS and o.status is not OccasionStatus.DONE
    ]


def designation_gaps(
    uow: UnitOfWork, designation_id: int, as_of: date, *, scope: Scope
) -> list[Occasion]:
    """The gaps in one title's record on ``as_of`` (a NotFound outside ``scope``)."""
    return record_gaps(occasions_for_designation(uow, designation_id, as_of, scope=scope))


@dataclass(frozen=True)
class Cycle:
    """Management cycle k: naming + years·(k−1) to naming + years·k, and its inspection [Y12]."""

    number: int
    starts_on: date
    ends_on: date
    result: InspectionResult | None
    current: bool
    cut_short: bool = False  # the title ended (撤牌, 摘牌, 退出) before the cycle did: ends_on
    notice: RectificationNotice | None = None  # the 整改通知 a failed inspection issued [Y12]


@dataclass(frozen=True)
class DesignationPage:
    """What the designation page shows, all read inside the caller's scope."""

    designation: Designation
    settings: SchemeSettings
    history: Sequence[StatusChange]
    cycles: list[Cycle]
    occasions: list[Occasion]
    inspections: Sequence[Inspection]
    notices: Sequence[RectificationNotice]
    filings: Sequence[YearlyFiling]
    late_filings: dict[int, date]  # filing id → the due date it was filed after [Y11]
    # A page of the yearly 考核 (each year's steps, worded as the step form words them).
    assessments: Paged[AssessmentRow]
    ledger: Ledger
    criteria: dict[str, str]
    changes: ChangeSection | None = None
    offers: Offers | None = None
    revocable_notices: frozenset[int] = frozenset()  # 逾期撤牌确认 offered [Y12]
    # Each paged list's page shown (``assessments``, ``changes``) and, for a page asked past the
    # last, what the list says about showing the last instead.
    shown_pages: Mapping[str, int] = field(default_factory=dict)
    page_notes: Mapping[str, str] = field(default_factory=dict)

    @property
    def record_gaps(self) -> list[Occasion]:
        """What the title's record lacks, shown beside its status (reading I3)."""
        return record_gaps(self.occasions)


def cycles_of(
    naming_date: date | None,
    cycle_years: int | None,
    inspections: Sequence[Inspection],
    as_of: date,
    ended_on: date | None = None,
    *,
    notices: Sequence[RectificationNotice] = (),
) -> list[Cycle]:
    """The cycles begun by ``as_of`` (at least the first), each with its cycle-end result [Y12];
    once the title has ended (撤牌, 摘牌, 退出) only the cycles begun before the end, and none is
    current any more. A failed cycle carries the notice it issued, so the table says how the
    整改 ended (复查合格, 撤牌) beside the 不合格 rather than 不合格 alone."""
    if naming_date is None or not cycle_years:
        return []
    results = {i.cycle_no: i.result for i in inspections if i.cycle_no is not None and i.result}
    issued = {n.inspection_id: n for n in notices}
    cycle_notices = {
        i.cycle_no: issued[i.id]
        for i in inspections
        if i.cycle_no is not None and i.result and i.id in issued
    }
    last = as_of if ended_on is None else min(as_of, ended_on)
    cycles = []
    k = 1
    while True:
        starts, ends = cycle_span(naming_date, cycle_years, k)
        if k > 1 and (starts > last or (ended_on is not None and starts >= ended_on)):
            break
        current = ended_on is None and starts <= as_of < ends
        cut = ended_on is not None and ended_on < ends
        shown_end = ended_on if cut and ended_on is not None else ends
        cycles.append(
            Cycle(k, starts, shown_end, results.get(k), current, cut, cycle_notices.get(k))
        )
        k += 1
    return cycles


@dataclass(frozen=True)
class Offers:
    """The forms the designation page offers: only those the title's scheme has, and acts of
    management only while the title is under management (named or rectifying)."""

    inspection: bool  # 安排检查 [Y12]
    assessment: bool  # 年度考核 [S9]
    leader_event: bool  # 登记带头人情况
    consent: bool  # 退休后继续领衔同意 [Y13]
    leader_change: bool  # 变更带头人 (not where the 附件3 form applies [C 三（六）])
    filing: bool = False  # 年度自查与评估备案 [Y11]


def offers_of(
    designation: Designation,
    settings: SchemeSettings,
    as_of: date,
    held: Sequence[HeldTitle],
    *,
    consented: bool,
    retired_on: date | None,
    may_inspect: Callable[[], bool] = lambda: True,
    filing: bool = False,
) -> Offers:
    """What the page offers for ``designation`` (``held``: the team's titles; ``consented``: the
    present leader's consent to continue is on record; ``retired_on``: the day the present
    leader retired, if recorded; ``may_inspect``: whether the reader's union may inspect, asked
    only where the scheme inspects), by the same rules its use cases refuse by."""
    active = is_active(designation.status)
    return Offers(
        inspection=inspection_unavailable(designation, settings) is None and may_inspect(),
        assessment=active
        and settings.oversight == OversightKind.ANNUAL_ASSESSMENT
        and designation.naming_date is not None,
        leader_event=active,
        consent=consent_unavailable(
            designation, settings, as_of, consented=consented, retired_on=retired_on
        )
        is None,
        leader_change=change_unavailable(designation, settings, held) is None,
        filing=filing,
    )


def designation_page(
    uow: UnitOfWork,
    designation_id: int,
    as_of: date,
    *,
    scope: Scope,
    actor: Actor | None = None,
    pages: Mapping[str, int] | None = None,
) -> DesignationPage:
    """Read one designation and everything hanging off it, refusing what lies outside ``scope``;
    the acts offered are those ``actor``'s union may do (None: whoever may) [Y12]. The lists that
    grow over the title's years (``assessments``, ``changes``) are read a page at a time in SQL,
    the page ``pages`` asks for each (the first by default; past the last: the last)."""
    designation = uow.designations.get(designation_id, scope)
    if designation is None:
        raise NotFound("命名记录不存在或不在可见范围内", field="designation_id")

    def may(act: Act) -> bool:
        # Asked only where the scheme has the act: the same refusal as the use case's.
        return actor is None or authority_refusal(uow, designation, act, actor) is None

    settings = get_scheme(designation.scheme_code).settings
    inspections = uow.inspections.for_designation(designation.id)
    notices = uow.notices.for_designation(designation.id)
    filings = uow.filings.for_designation(designation.id)
    asked = pages or {}
    notes: dict[str, list[str]] = {"assessments": [], "changes": []}
    assessments_at, assessments = stored_page(
        lambda w: uow.assessments.page_for_designation(designation.id, w),
        asked.get("assessments", 1),
        notes["assessments"],
    )
    changes = change_section(
        uow, designation, page=asked.get("changes", 1), problems=notes["changes"]
    )
    return DesignationPage(
        designation=designation,
        settings=settings,
        history=designation.history,  # read with the title, oldest first (a read-only page)
        cycles=cycles_of(
            designation.naming_date,
            settings.cycle_years,
            inspections,
            as_of,
            designation.ended_on,
            notices=notices,
        ),
        occasions=occasions_for_designation(uow, designation.id, as_of, scope=scope),
        inspections=inspections,
        notices=notices,
        revocable_notices=frozenset(
            n.id
            for n in notices
            if revocation_refusal(n.status == NoticeStatus.OPEN, n.deadline, as_of) is None
            and may(Act.CONFIRM_REVOCATION)
        ),
        filings=filings,
        late_filings={
            f.id: due for f in filings if (due := filed_late(settings, f.year, f.filed_on))
        },
        assessments=Paged(
            [AssessmentRow.of(a) for a in assessments.items],
            assessments.total,
            assessments.limit,
            assessments.offset,
        ),
        ledger=workshop_ledger(uow, designation.workshop, scope),  # read inside scope above
        criteria=dict(settings.inspection_criteria),
        changes=changes,
        shown_pages={"assessments": assessments_at, "changes": changes.page},
        page_notes={k: v[0] for k, v in notes.items() if v},
        offers=offers_of(
            designation,
            settings,
            as_of,
            team_titles(uow, designation.workshop_id),
            consented=leader_consented(uow, designation),
            retired_on=leader_retired_on(uow, designation),
            may_inspect=lambda: may(Act.INSPECT),
            filing=not (
                filing_unavailable(uow, designation, actor)
                if actor is not None
                else closed_to_filing(designation)
            ),
        ),
    )
