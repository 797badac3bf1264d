"""Build the printable 整改通知 from the registry: who issues it, to whom, what failed, by when."""

from __future__ import annotations

from lifecycle.errors import NotFound
from lifecycle.notices.document import FailedCriterion, NoticeDocument
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork


def notice_document(uow: UnitOfWork, notice_id: int, scope: Scope) -> NoticeDocument:
    """The notice as a document, each failed criterion with the inspector's notes [Y12]."""
    notice = uow.notices.get(notice_id, scope)
    if notice is None:
        raise NotFound("整改通知不存在", field="notice_id")
    designation = uow.designations.get(notice.designation_id, scope=scope)
    inspection = uow.inspections.get(notice.inspection_id, scope=scope)
    # Issuer and addressee may lie above the reader's subtree (a unit reads its district's notice).
    issuer = uow.unions.get(notice.issuing_union_id, EVERYTHING)
    addressee = uow.unions.get(notice.addressee_union_id, EVERYTHING)
    assert designation is not None
    assert inspection is not None
    assert issuer is not None
    assert addressee is not None
    unit = uow.unions.get(designation.workshop.unit_union_id, EVERYTHING)
    settings = get_scheme(designation.scheme_code).settings
    labels = dict(settings.inspection_criteria)
    failed = tuple(
        FailedCriterion(labels.get(o.criterion_code, o.criterion_code), o.notes)
        for o in inspection.outcomes
        if not o.passed
    )
    cc = tuple(u.name for u in (unit,) if u is not None and u.id != addressee.id)
    return NoticeDocument(
        issuer_name=issuer.name,
        number=notice.number,
        title=f"关于{designation.title}限期整改的通知",
        addressee=addressee.name,
        workshop_title=designation.title,
        designation_number=designation.number or "",
        inspection_date=inspection.recorded_on or notice.issued_on,
        failed_criteria=failed,
        deadline=notice.deadline,
        deadline_provisional=notice.deadline_provisional,
        deadline_working_days=(
            settings.rectification_deadline_days
            if settings.rectification_counts_working_days
            else None
        ),
        issued_on=notice.issued_on,
        cc=cc,
        printer=f"{issuer.name}办公室",
        printed_on=notice.issued_on,
    )
