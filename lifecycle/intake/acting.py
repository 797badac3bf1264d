"""Which union acts at a stage: authority as data, resolved on the union tree [Y7][C 二]."""

from __future__ import annotations

from lifecycle.errors import ValidationFailed
from lifecycle.intake.model import Application, IntakeCall
from lifecycle.intake.routes import Stage
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel


def acting_union(
    uow: UnitOfWork, application: Application, call: IntakeCall, stage: Stage
) -> Union:
    """The union whose step ``stage`` is: the unit's own, its sector/district ancestor, the namer.

    Where a unit has no sector union above it, the district does the 初审 ([Y7] names the middle
    level only where it exists).
    """
    unit = uow.unions.get(application.unit_union_id, scope=EVERYTHING)
    assert unit is not None
    naming = uow.unions.get(call.naming_union_id, scope=EVERYTHING)
    assert naming is not None
    if stage.level == naming.level:
        return naming
    found = uow.unions.ancestor_at_level(unit, stage.level)
    if found is None and stage.level is UnionLevel.SECTOR:
        found = uow.unions.ancestor_at_level(unit, UnionLevel.DISTRICT)
    if found is None:
        raise ValidationFailed(
            f"找不到办理「{stage.label}」的工会", field="stage", code="no_acting_union"
        )
    return found


def require_acting(
    uow: UnitOfWork,
    application: Application,
    call: IntakeCall,
    stage: Stage,
    acting_union_id: int,
) -> Union:
    """Refuse a union that is not the stage's (a 422 naming the union whose step it is)."""
    union = acting_union(uow, application, call, stage)
    if union.id != acting_union_id:
        raise ValidationFailed(
            f"「{stage.label}」应由{union.name}办理（{stage.article}）",
            field="stage",
            code="not_your_step",
        )
    return union
