"""Every query on annual assessments."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from lifecycle.assessments.model import UNSETTLED_OUTCOMES, AnnualAssessment, AssessmentOutcome
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed


class AssessmentRepository:
    """Annual 考核 records of designations."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, designation_id: int, year: int) -> AnnualAssessment | None:
        stmt = select(AnnualAssessment).where(
            AnnualAssessment.designation_id == designation_id, AnnualAssessment.year == year
        )
        return self.session.scalars(stmt).one_or_none()

    def for_designation(self, designation_id: int) -> Sequence[AnnualAssessment]:
        return self.session.scalars(_for_designation(designation_id)).all()

    def page_for_designation(
        self, designation_id: int, window: Window
    ) -> Listing[AnnualAssessment]:
        """A page of the designation's yearly 考核, oldest year first, and how many it has."""
        return windowed(self.session, _for_designation(designation_id), window)

    def unsettled(self, designation_id: int) -> Sequence[AnnualAssessment]:
        """The designation's years whose 考核 still waits for a step, oldest first."""
        stmt = (
            select(AnnualAssessment)
            .where(
                AnnualAssessment.designation_id == designation_id,
                AnnualAssessment.outcome.in_(sorted(UNSETTLED_OUTCOMES)),
            )
            .order_by(AnnualAssessment.year)
        )
        return self.session.scalars(stmt).all()

    def delisting_applied(self, designation_id: int) -> AnnualAssessment | None:
        """The latest year whose 考核 applied to the city for the title's 摘牌, awaiting it."""
        stmt = (
            select(AnnualAssessment)
            .where(
                AnnualAssessment.designation_id == designation_id,
                AnnualAssessment.outcome == AssessmentOutcome.REVOCATION_APPLIED,
            )
            .order_by(AnnualAssessment.year.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def add(self, assessment: AnnualAssessment) -> AnnualAssessment:
        self.session.add(assessment)
        self.session.flush()
        return assessment


def _for_designation(designation_id: int) -> Select[AnnualAssessment]:
    """The designation's yearly 考核 records, oldest year first."""
    return (
        select(AnnualAssessment)
        .where(AnnualAssessment.designation_id == designation_id)
        .order_by(AnnualAssessment.year, AnnualAssessment.id)
    )
