"""Who recorded an inspection's result already: said to an officer who records it again [Y12]."""

from __future__ import annotations

from lifecycle.clock import chinese_date
from lifecycle.errors import ConflictError
from lifecycle.inspections.model import INSPECTION_RESULT_LABELS, Inspection
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork


def recorded_refusal(inspection: Inspection, refused: str | None = None) -> ConflictError:
    """409 ``already_recorded`` naming who recorded the result, the date and the result, as a
    step of 附件3 or of the 考核 decided twice is said (the result is not rewritten);
    ``refused``: what the result stops instead of recording it again (撤销, 改期)."""
    assert inspection.result is not None
    who = inspection.recorded_by or "他人"
    on = f"于{chinese_date(inspection.recorded_on)}" if inspection.recorded_on else ""
    stopped = (
        "不能重复登记；您填写的结果未保存，请刷新后查看"
        if refused is None
        else f"不能{refused}（结果不予改写）"
    )
    return ConflictError(
        f"该次检查结果已由{who}{on}登记（{INSPECTION_RESULT_LABELS[inspection.result]}），"
        + stopped,
        code="already_recorded",
        field="inspection_id",
    )


def lost_outcome(uow: UnitOfWork, inspection_id: int, scope: Scope) -> ConflictError | None:
    """Read again after recording a result lost a race (both passed the version check at the
    same instant, the second stopped by the database): who recorded it, or None where the race
    was over something else."""
    inspection = uow.inspections.get(inspection_id, scope)
    if inspection is None or inspection.result is None:
        return None
    return recorded_refusal(inspection)
