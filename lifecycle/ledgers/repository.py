"""Every query on ledger entries."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from lifecycle.db.batches import batches
from lifecycle.designations.repository import teams_first_titles
from lifecycle.ledgers.model import Achievement, Activity, MemberDevelopment, Project
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop

Entry = TypeVar("Entry", Project, Activity, Achievement, MemberDevelopment)


class LedgerRepository:
    """Projects, activities, achievements and member development of workshops [Y10][S8]."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- writing -------------------------------------------------------------------------------

    def _add(self, entry: Entry) -> Entry:
        self.session.add(entry)
        self.session.flush()
        return entry

    def add_project(self, project: Project) -> Project:
        return self._add(project)

    def add_activity(self, activity: Activity) -> Activity:
        return self._add(activity)

    def add_achievement(self, achievement: Achievement) -> Achievement:
        return self._add(achievement)

    def add_member_development(self, development: MemberDevelopment) -> MemberDevelopment:
        return self._add(development)

    # --- one entry, inside the caller's scope --------------------------------------------------

    def _scoped(self, model: type[Entry], scope: Scope) -> Select[Entry]:
        return (
            select(model)
            .join(Workshop, Workshop.id == model.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(scope.clause(Union.path))
        )

    def _get(self, model: type[Entry], entry_id: int, scope: Scope) -> Entry | None:
        stmt = self._scoped(model, scope).where(model.id == entry_id)
        return self.session.scalars(stmt).one_or_none()

    def achievement_labels(self, entry_ids: Collection[int], scope: Scope) -> list[Any]:
        """(id, title, achieved_on, a title of the team) of each achievement ``scope`` may see,
        in one query (the others are left out): what a 修改记录 names one by, and the title
        whose page shows the team's ledger (its first, None without one)."""
        if not entry_ids:
            return []
        first = teams_first_titles()
        stmt = (
            select(
                Achievement.id, Achievement.title, Achievement.achieved_on, first.c.designation_id
            )
            .join(Workshop, Workshop.id == Achievement.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .outerjoin(first, first.c.workshop_id == Achievement.workshop_id)
            .where(Achievement.id.in_(sorted(entry_ids)), scope.clause(Union.path))
        )
        return list(self.session.execute(stmt).all())

    def get_project(self, entry_id: int, scope: Scope) -> Project | None:
        return self._get(Project, entry_id, scope)

    def get_activity(self, entry_id: int, scope: Scope) -> Activity | None:
        return self._get(Activity, entry_id, scope)

    def get_achievement(self, entry_id: int, scope: Scope) -> Achievement | None:
        return self._get(Achievement, entry_id, scope)

    def get_member_development(self, entry_id: int, scope: Scope) -> MemberDevelopment | None:
        return self._get(MemberDevelopment, entry_id, scope)

    # --- a workshop's entries, ordered by date -------------------------------------------------

    def _of(
        self,
        model: type[Entry],
        workshop_id: int,
        scope: Scope,
        *order: InstrumentedAttribute[Any],
    ) -> Sequence[Entry]:
        stmt = (
            self._scoped(model, scope)
            .where(model.workshop_id == workshop_id)
            .order_by(*order, model.id)
        )
        return self.session.scalars(stmt).all()

    def projects_of(self, workshop_id: int, scope: Scope) -> Sequence[Project]:
        return self._of(Project, workshop_id, scope, Project.year, Project.started_on)

    def activities_of(self, workshop_id: int, scope: Scope) -> Sequence[Activity]:
        return self._of(Activity, workshop_id, scope, Activity.held_on)

    def achievements_of(self, workshop_id: int, scope: Scope) -> Sequence[Achievement]:
        return self._of(Achievement, workshop_id, scope, Achievement.achieved_on)

    def member_developments_of(self, workshop_id: int, scope: Scope) -> Sequence[MemberDevelopment]:
        return self._of(MemberDevelopment, workshop_id, scope, MemberDevelopment.occurred_on)

    def find_project(self, workshop_id: int, year: int, title: str) -> Project | None:
        stmt = select(Project).where(
            Project.workshop_id == workshop_id, Project.year == year, Project.title == title
        )
        return self.session.scalars(stmt).first()

    # --- bulk facts for drift checks, one GROUP BY per query -----------------------------------

    def project_years(self, workshop_ids: Collection[int]) -> dict[int, set[int]]:
        """The years with at least one project, per workshop (absent: none) [Y3]."""
        years: dict[int, set[int]] = {}
        for ids in batches(workshop_ids):
            stmt = (
                select(Project.workshop_id, Project.year)
                .where(Project.workshop_id.in_(ids))
                .group_by(Project.workshop_id, Project.year)
            )
            for workshop_id, year in self.session.execute(stmt):
                years.setdefault(workshop_id, set()).add(year)
        return years

    def last_achievement_on(
        self, workshop_ids: Collection[int], *, with_benefit_applied: bool = False
    ) -> dict[int, date]:
        """Latest achievement date per workshop; optionally only beneficial and applied [Y3]."""
        latest: dict[int, date] = {}
        for ids in batches(workshop_ids):
            stmt = (
                select(Achievement.workshop_id, func.max(Achievement.achieved_on))
                .where(Achievement.workshop_id.in_(ids))
                .group_by(Achievement.workshop_id)
            )
            if with_benefit_applied:
                stmt = stmt.where(
                    Achievement.applied_in_production.is_(True),
                    or_(
                        Achievement.economic_benefit_fen > 0,
                        func.length(func.trim(Achievement.social_benefit)) > 0,
                    ),
                )
            for workshop_id, achieved_on in self.session.execute(stmt):
                latest[workshop_id] = achieved_on
        return latest
