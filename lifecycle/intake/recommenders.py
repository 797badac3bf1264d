"""Who recommends an application: its 区局（产业）工会, or a 社团 it goes through [C 二（二）]."""

from __future__ import annotations

from collections.abc import Sequence

from lifecycle.errors import Problems
from lifecycle.intake.model import IntakeCall
from lifecycle.intake.packs import intake_pack
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel

FIELD = "recommender_union_id"


def recommending_associations(uow: UnitOfWork, call: IntakeCall) -> Sequence[Union]:
    """The 社团 a unit may apply through to ``call``: those under the union that issued it, where
    the scheme's route lets a 社团 review and recommend 「区局（产业）工会、社团审查后…推荐申报」
    [C 二（二）]; none for a scheme whose route has no such stage ([Y7][S7][L])."""
    if not intake_pack(call.scheme_code).route.through_associations:
        return ()
    return uow.unions.find(Scope.subtree(call.union_path), level=UnionLevel.ASSOCIATION)


def chosen_recommender(
    uow: UnitOfWork,
    call: IntakeCall,
    recommender_id: int | None,
    problems: Problems,
    *,
    scope: Scope,
    own_path: str,
) -> Union | None:
    """The 社团 an application is to go through (None: its district's route). A union the caller
    cannot see (missing, or neither in ``scope``, above the caller (``own_path``) nor a 社团
    under the call's union) is refused as a missing one (``not_found``, the same words); a
    scheme no 社团 recommends for, or a union seen that is no association of the call's, is a
    problem of the field too."""
    if recommender_id is None:
        return None
    union = uow.unions.get(recommender_id, scope=EVERYTHING)
    offered = (
        union is not None
        and union.level == UnionLevel.ASSOCIATION
        and union.path.startswith(call.union_path)
    )
    if union is None or not (
        offered or scope.covers_path(union.path) or own_path.startswith(union.path)
    ):
        problems.add(FIELD, "not_found", "推荐单位不存在或不在本次申报通知的范围内")
        return None
    if not intake_pack(call.scheme_code).route.through_associations:
        problems.add(FIELD, "no_associations", "该类申报由所在区局（产业）工会审查推荐，不经社团")
        return None
    if not offered:
        problems.add(
            FIELD, "not_an_association", "所选推荐单位不是本次申报通知范围内的社团，请重新选择"
        )
        return None
    return union
