"""Past years as a working union would have recorded them: filings, 考核, inspections, ledgers.

Without this every demo designation would owe every yearly filing since its naming, and each
role's dashboard would open on years of backlog. Here each active designation gets, through the
real services, its yearly self-check and unit evaluation [Y11], its 考核 [S9], the inspection of
each cycle that ended more than a quarter ago [Y12], a project a year and an achievement every
other year [Y3][Y10]. A few designations (``_left_open``) keep last year's paperwork undone, so
each dashboard shows a realistic handful of items. Idempotent: what exists is skipped.
"""

from __future__ import annotations

from datetime import date, timedelta

from lifecycle.actors import Actor
from lifecycle.assessments.service import AssessmentStep, Step, record_step
from lifecycle.demo.acting import acting_for
from lifecycle.demo.papers import one_page_pdf
from lifecycle.designations.model import Designation
from lifecycle.designations.states import is_active
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.filings.model import FilingKind
from lifecycle.filings.service import FileYearly, file_yearly
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.ledgers.model import AchievementKind
from lifecycle.ledgers.service import NewAchievement, NewProject, record_achievement, record_project
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import OversightKind, SchemeSettings, add_years
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus

REPORT = Upload(
    "年度报告.pdf", one_page_pdf("年度备案材料", "本年度自查报告、单位评价（演示数据）")
)
# Cycles that ended this recently are still being scheduled: their inspection stays owed.
INSPECTION_LAG = timedelta(days=90)


def _left_open(designation_id: int) -> bool:
    """One designation in seven has last year's paperwork still undone."""
    return designation_id % 7 == 0


def load_history(uow: UnitOfWork, storage: FileStorage, *, as_of: date, actor: Actor) -> int:
    """Record the past of every active demo designation; returns how many records were added."""
    added = 0
    active = [
        d
        for status in (DesignationStatus.NAMED, DesignationStatus.RECTIFYING)
        for d in uow.designations.find(EVERYTHING, status=status, limit=10_000)
    ]
    for designation in active:
        if designation.naming_date is None or not is_active(designation.status):
            continue
        settings = get_scheme(designation.scheme_code).settings
        recorder = _History(
            uow,
            storage=storage,
            as_of=as_of,
            actor=actor,
            designation=designation,
            settings=settings,
        )
        added += recorder.filings() + recorder.assessments() + recorder.inspections()
        added += recorder.ledger()
    return added


class _History:
    def __init__(
        self,
        uow: UnitOfWork,
        *,
        storage: FileStorage,
        as_of: date,
        actor: Actor,
        designation: Designation,
        settings: SchemeSettings,
    ) -> None:
        self.uow, self.storage, self.as_of, self.actor = uow, storage, as_of, actor
        unit = uow.unions.get(designation.workshop.unit_union_id, EVERYTHING)
        district = uow.unions.get(designation.district_union_id, EVERYTHING)
        assert unit is not None
        assert district is not None
        # Regulated steps are recorded by the union whose step it is (issue 13 authority).
        self._unit, self._district = acting_for(unit), acting_for(district)
        self.d, self.settings = designation, settings
        assert designation.naming_date is not None
        self.named = designation.naming_date

    def _past_years(self) -> range:
        """Years from the naming year up to last year; the last one skipped when left open."""
        last = self.as_of.year - (2 if _left_open(self.d.id) else 1)
        return range(self.named.year, last + 1)

    def filings(self) -> int:
        """Both yearly filings of each past year, filed in mid-December [Y11]."""
        if self.settings.yearly_filing_due is None:
            return 0
        added = 0
        for year in self._past_years():
            filed_on = max(date(year, 12, 10), self.named)
            for kind in FilingKind:
                if self.uow.filings.find(self.d.id, year, kind) is not None:
                    continue
                cmd = FileYearly(self.d.id, year, kind, filed_on, REPORT, "年度备案材料")
                file_yearly(
                    self.uow,
                    self.storage,
                    cmd,
                    actor=self._unit,  # the unit's union files [Y11]
                    as_of=self.as_of,
                    scope=EVERYTHING,
                )
                added += 1
        return added

    def assessments(self) -> int:
        """Unit and district steps of each past year's 考核, both passed [S9]."""
        if self.settings.oversight != OversightKind.ANNUAL_ASSESSMENT:
            return 0
        added = 0
        for year in self._past_years():
            if self.uow.assessments.find(self.d.id, year) is not None:
                continue
            on = max(date(year, 12, 20), self.named)
            for step, signer in ((Step.UNIT, "单位工会主席"), (Step.DISTRICT, "区局工会主席")):
                record_step(
                    self.uow,
                    AssessmentStep(self.d.id, year, step, True, on, signer, "年度考核合格"),
                    actor=self._unit if step is Step.UNIT else self._district,
                    as_of=self.as_of,
                    scope=EVERYTHING,
                )
            added += 1
        return added

    def inspections(self) -> int:
        """A passed cycle-end inspection for each cycle that ended over a quarter ago [Y12]."""
        years = self.settings.cycle_years
        if not years or self.d.status != DesignationStatus.NAMED:
            return 0
        done = {i.cycle_no for i in self.uow.inspections.for_designation(self.d.id)}
        added = 0
        k = 1
        while (end := add_years(self.named, years * k)) <= self.as_of - INSPECTION_LAG:
            if k not in done:
                on = end - timedelta(days=14)
                inspection = schedule_inspection(
                    self.uow,
                    ScheduleInspection(
                        self.d.id, InspectionKind.CYCLE_END, on, "工作室现场", "区总工会检查组", k
                    ),
                    actor=self._district,
                    as_of=self.as_of,
                    scope=EVERYTHING,
                )
                outcomes = tuple(
                    CriterionInput(code, True) for code, _ in self.settings.inspection_criteria
                )
                record_outcome(
                    self.uow,
                    RecordOutcome(inspection.id, on, outcomes, "各项指标均符合要求"),
                    actor=self._district,
                    as_of=self.as_of,
                    scope=EVERYTHING,
                )
                added += 1
            k += 1
        return added

    def ledger(self) -> int:
        """A project each year and an achievement every other year in the workshop's ledger."""
        if self.settings.drift_project_warning_from is None:
            return 0
        ledger = self.uow.ledgers
        added = 0
        for year in range(self.named.year, self.as_of.year + 1):
            title = f"{year}年度技术攻关项目"
            if ledger.find_project(self.d.workshop_id, year, title) is not None:
                continue
            record_project(
                self.uow,
                NewProject(self.d.workshop_id, year, title, f"{year}年工作计划：攻关、带徒、交流"),
                actor=self.actor,
                as_of=self.as_of,
                scope=EVERYTHING,
            )
            added += 1
        recorded = {a.title for a in ledger.achievements_of(self.d.workshop_id, scope=EVERYTHING)}
        for year in range(self.named.year + 1, self.as_of.year + 1, 2):
            on = date(year, 6, 30)
            title = f"{year}年度工艺改进成果"
            if on > self.as_of or title in recorded:
                continue
            record_achievement(
                self.uow,
                NewAchievement(
                    self.d.workshop_id,
                    AchievementKind.METHOD,
                    title,
                    on,
                    economic_benefit_yuan="120,000.00",
                    applied_in_production=True,
                ),
                actor=self.actor,
                as_of=self.as_of,
                scope=EVERYTHING,
            )
            added += 1
        return added
