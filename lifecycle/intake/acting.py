"""Which union acts at a stage: authority as data, resolved on the union tree [Y7][C 二]."""

from __future__ import annotations

from collections.abc import Mapping

from lifecycle.errors import NotYourStep, ValidationFailed
from lifecycle.intake.model import Application, IntakeCall
from lifecycle.intake.routes import Stage
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union, nearest_at_level
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel


def acting_union(
    uow: UnitOfWork, application: Application, call: IntakeCall, stage: Stage
) -> Union:
    """The union whose step ``stage`` is (``acting_union_id``'s rule, on the union tree)."""
    unit = uow.unions.get(application.unit_union_id, scope=EVERYTHING)
    assert unit is not None
    naming = uow.unions.get(call.naming_union_id, scope=EVERYTHING)
    assert naming is not None
    levels = uow.unions.levels_on([unit.path, naming.path])
    found = acting_union_id(stage, unit.path, naming.id, levels, application.recommender_union_id)
    if found is None:
        raise ValidationFailed(
            f"找不到办理「{stage.label}」的工会", field="stage", code="no_acting_union"
        )
    union = next((u for u in (naming, unit) if u.id == found), None)
    union = union or uow.unions.get(found, scope=EVERYTHING)
    assert union is not None
    return union


def acting_union_id(
    stage: Stage,
    unit_path: str,
    naming_union_id: int,
    levels: Mapping[int, UnionLevel],
    recommender_id: int | None = None,
) -> int | None:
    """The union whose step ``stage`` is: the unit's own, its sector/district ancestor, the namer
    (None: no union can act); ``levels``: of the unions on the unit's path and the namer.

    Where a unit has no sector union above it, the district does the 初审 ([Y7] names the middle
    level only where it exists). A stage a 社团 may do is the association's the unit applies
    through (``recommender_id``), in place of the district's [C 二（二）].
    """
    if stage.associations and recommender_id is not None:
        return recommender_id
    if stage.level == levels.get(naming_union_id):
        return naming_union_id
    found = nearest_at_level(unit_path, levels, stage.level)
    if found is None and stage.level is UnionLevel.SECTOR:
        found = nearest_at_level(unit_path, levels, UnionLevel.DISTRICT)
    return found


def acts(union: Union, acting_union_id: int) -> bool:
    """Whether the union ``acting_union_id`` is the one whose step it is (``union``)."""
    return union.id == acting_union_id


def require_acting(
    uow: UnitOfWork,
    application: Application,
    call: IntakeCall,
    stage: Stage,
    acting_union_id: int,
) -> Union:
    """Refuse a union that is not the stage's (a 403 naming the union whose step it is)."""
    union = acting_union(uow, application, call, stage)
    if not acts(union, acting_union_id):
        raise NotYourStep(
            f"「{stage.label}」应由{union.name}办理（{stage.article}）", field="stage"
        )
    return union
