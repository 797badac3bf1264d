"""Removing a union contact (a reminder recipient) over JSON."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import UowDep
from api.v1.common import CallerDep, IdPath
from api.v1.registry import ContactOut
from lifecycle.unions.service import remove_contact

router = APIRouter(tags=["registry"])


@router.delete("/unions/{union_id}/contacts/{contact_id}", response_model=ContactOut)
def delete_contact(
    union_id: IdPath, contact_id: IdPath, caller: CallerDep, uow: UowDep
) -> ContactOut:
    """Remove a contact of a union in the caller's subtree; the removed contact is returned."""
    with uow(caller.principal.actor) as u:
        removed = ContactOut.model_validate(
            remove_contact(u, union_id, contact_id, scope=caller.scope)
        )
        u.commit()
    return removed
