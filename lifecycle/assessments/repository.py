"""Every query on annual assessments."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifecycle.assessments.model import AnnualAssessment


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
        stmt = (
            select(AnnualAssessment)
            .where(AnnualAssessment.designation_id == designation_id)
            .order_by(AnnualAssessment.year)
        )
        return self.session.scalars(stmt).all()

    def add(self, assessment: AnnualAssessment) -> AnnualAssessment:
        self.session.add(assessment)
        self.session.flush()
        return assessment
