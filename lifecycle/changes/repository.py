"""Every query on 附件3 change requests and their step log."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from lifecycle.changes.facts import ChangeRequestFact
from lifecycle.changes.model import (
    OPEN_CHANGE_STATUSES,
    WAITING_STEP,
    ChangeRequest,
    ChangeRequestAttachment,
    ChangeRequestStep,
    StepAction,
)
from lifecycle.db.batches import batches
from lifecycle.db.lost_race import Taken, refused_as_checked
from lifecycle.designations.model import Designation
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop


class ChangeRequestRepository:
    """Change requests inside the caller's scope (by the workshop's unit union)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, request_id: int, scope: Scope, *, lock: bool = False) -> ChangeRequest | None:
        """The request in scope; ``lock`` holds its row until commit and reads its latest state.

        A step decision locks: two officers deciding the same step queue on the row, and the
        second sees the first one's version (a conflict) instead of its effects half-way.
        """
        stmt = (
            select(ChangeRequest)
            .join(Designation, Designation.id == ChangeRequest.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(ChangeRequest.id == request_id, scope.clause(Union.path))
        )
        if lock:
            stmt = stmt.with_for_update(of=ChangeRequest).execution_options(populate_existing=True)
        return self.session.scalars(stmt).one_or_none()

    def open_for(self, designation_id: int) -> ChangeRequest | None:
        stmt = select(ChangeRequest).where(
            ChangeRequest.designation_id == designation_id,
            ChangeRequest.status.in_(OPEN_CHANGE_STATUSES),
        )
        return self.session.scalars(stmt).first()

    def for_designation(self, designation_id: int) -> Sequence[ChangeRequest]:
        return self.session.scalars(_for_designation(designation_id)).all()

    def page_for_designation(self, designation_id: int, window: Window) -> Listing[ChangeRequest]:
        """A page of the designation's change requests, oldest first, and how many it has."""
        return windowed(self.session, _for_designation(designation_id), window)

    def add(self, request: ChangeRequest, *, taken: Taken) -> ChangeRequest:
        """Insert; another open request for the title filed meanwhile by another request (the
        unique index of a title's open request) is refused as ``taken``, the use case's check,
        says."""
        with refused_as_checked(self.session, taken):
            self.session.add(request)
        return request

    def add_step(self, step: ChangeRequestStep) -> ChangeRequestStep:
        self.session.add(step)
        self.session.flush()
        return step

    def steps(self, request_id: int) -> Sequence[ChangeRequestStep]:
        stmt = (
            select(ChangeRequestStep)
            .where(ChangeRequestStep.change_request_id == request_id)
            .order_by(ChangeRequestStep.id)
        )
        return self.session.scalars(stmt).all()

    def filer_union_id(self, request_id: int) -> int | None:
        """The union that filed the request (its log's first 提交申请 entry)."""
        stmt = (
            select(ChangeRequestStep.acting_union_id)
            .where(
                ChangeRequestStep.change_request_id == request_id,
                ChangeRequestStep.action == StepAction.FILED,
            )
            .order_by(ChangeRequestStep.id)
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def add_attachment(self, attachment: ChangeRequestAttachment) -> ChangeRequestAttachment:
        self.session.add(attachment)
        self.session.flush()
        return attachment

    def attachment(
        self, request_id: int, attachment_id: int, scope: Scope
    ) -> ChangeRequestAttachment | None:
        """One file attached to a request inside the scope (by the workshop's unit union)."""
        stmt = (
            select(ChangeRequestAttachment)
            .join(ChangeRequest, ChangeRequest.id == ChangeRequestAttachment.change_request_id)
            .join(Designation, Designation.id == ChangeRequest.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(
                ChangeRequestAttachment.id == attachment_id,
                ChangeRequestAttachment.change_request_id == request_id,
                scope.clause(Union.path),
            )
        )
        return self.session.scalars(stmt).first()

    def open_facts(self, designation_ids: Collection[int]) -> dict[int, list[ChangeRequestFact]]:
        """Open requests per designation, one query per batch (occasions)."""
        found: dict[int, list[ChangeRequestFact]] = {}
        for ids in batches(designation_ids):
            stmt = (
                select(
                    ChangeRequest.designation_id,
                    ChangeRequest.id,
                    ChangeRequest.status,
                    ChangeRequest.waiting_since,
                    ChangeRequest.round,
                    ChangeRequest.measure,
                )
                .where(
                    ChangeRequest.designation_id.in_(ids),
                    ChangeRequest.status.in_(OPEN_CHANGE_STATUSES),
                )
                .order_by(ChangeRequest.id)
            )
            for d_id, r_id, status, since, rnd, measure in self.session.execute(stmt):
                fact = ChangeRequestFact(
                    id=r_id,
                    status=status,
                    waiting_step=WAITING_STEP[status],
                    waiting_since=since,
                    round=rnd,
                    measure=measure,
                )
                found.setdefault(d_id, []).append(fact)
        return found


def _for_designation(designation_id: int) -> Select[ChangeRequest]:
    """The designation's change requests, oldest first."""
    return (
        select(ChangeRequest)
        .where(ChangeRequest.designation_id == designation_id)
        .order_by(ChangeRequest.id)
    )
