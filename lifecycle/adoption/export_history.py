"""The oversight sheets filled from the registry: recorded inspections, 整改通知, yearly filings."""

from __future__ import annotations

from collections.abc import Sequence

from lifecycle.adoption.history_repository import HistoryRepository
from lifecycle.adoption.sheets_history import FILINGS, INSPECTIONS, NOTICES
from lifecycle.designations.model import Designation
from lifecycle.filings.model import FILING_KIND_LABELS
from lifecycle.inspections.model import (
    INSPECTION_KIND_LABELS,
    INSPECTION_RESULT_LABELS,
    Inspection,
    InspectionKind,
)
from lifecycle.notices.model import NOTICE_STATUS_LABELS, RectificationNotice
from lifecycle.schemes import get_scheme
from lifecycle.uow import UnitOfWork

Row = Sequence[object]


def history_rows(uow: UnitOfWork, titles: Sequence[Designation]) -> dict[str, list[Row]]:
    """The 检查, 整改通知 and 年度备案 rows of ``titles``, as the import reads them."""
    by_id = {d.id: d for d in titles}
    found = HistoryRepository(uow.session)
    notices = found.notices_of(by_id)
    by_notice = {n.id: n for n in notices}
    issued_for = {n.inspection_id: n for n in notices}
    rows: dict[str, list[Row]] = {}
    rows[INSPECTIONS.name] = [
        _inspection_row(i, by_id[i.designation_id], issued_for, by_notice)
        for i in found.inspections_of(by_id)
    ]
    rows[NOTICES.name] = [
        (
            *_title(by_id[n.designation_id]),
            n.number,
            n.issued_on,
            n.deadline,
            NOTICE_STATUS_LABELS[n.status],
            n.closed_on,
            n.decision_ref,
        )
        for n in notices
    ]
    rows[FILINGS.name] = [
        (
            *_title(by_id[f.designation_id]),
            f.year,
            FILING_KIND_LABELS[f.kind],
            f.filed_on,
            f.note,
        )
        for f in found.filings_of(by_id)
    ]
    return rows


def _title(d: Designation) -> tuple[str, str | None]:
    return get_scheme(d.scheme_code).settings.name, d.number


def _inspection_row(
    i: Inspection,
    d: Designation,
    issued_for: dict[int, RectificationNotice],
    by_notice: dict[int, RectificationNotice],
) -> Row:
    """One recorded inspection: dated by its result, its failed criteria by label [Y12]."""
    criteria = get_scheme(d.scheme_code).settings.inspection_criteria
    failed = {o.criterion_code for o in i.outcomes if not o.passed}
    labels = "、".join(label for code, label in criteria if code in failed)
    if i.kind is InspectionKind.CYCLE_END:
        notice = issued_for.get(i.id)
    else:
        notice = by_notice.get(i.notice_id) if i.notice_id is not None else None
    assert i.result is not None  # only recorded inspections are exported
    return (
        *_title(d),
        INSPECTION_KIND_LABELS[i.kind],
        i.recorded_on or i.scheduled_on,
        i.cycle_no,
        i.place,
        i.inspectors,
        INSPECTION_RESULT_LABELS[i.result],
        labels or None,
        shown_opinion(i),
        notice.number if notice is not None else None,
    )


def shown_opinion(i: Inspection) -> str | None:
    """The 检查意见 the export writes: the overall opinion, or without one its failed items'
    notes (an imported failed item needs an opinion); re-imported, it is no change [Y12]."""
    notes = (o.notes.strip() for o in i.outcomes if not o.passed)
    return i.summary or "；".join(dict.fromkeys(n for n in notes if n)) or None
