"""Correcting and removing a union contact (a reminder recipient) over JSON; its 修改记录."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from api.body_rules import CONTACT_EMAIL_RULE, CONTACT_PHONE_RULE, required
from api.deps import ClockDep, ReaderDep, UowDep
from api.errors import NOT_NULL
from api.v1.common import CallerDep, IdPath, Inbound, Page, PagingDep, Version, found
from api.v1.registry import ContactOut
from api.v1.schemas import AuditEntryOut, audit_page
from lifecycle.unions.service import CONTACT_NAME, ContactChange, amend_contact, remove_contact
from lifecycle.views.removed_contacts import removed_contact
from lifecycle.vocab import ContactRole

router = APIRouter(tags=["registry"])
ExpectedVersion = Annotated[
    int | None,
    Query(ge=0, le=2_147_483_647, description="读取时的 version；其后被修改过则拒绝（409）"),
]


class ContactCorrectionIn(Inbound):
    """Fields left out keep their value; ``phone`` null or "" clears it. Name, e-mail and phone
    are checked (lengths included) as adding a contact checks them, every bad field at once.
    ``expected_version``: the ``version`` read; a contact changed since is refused (409)."""

    record_kind = "contact"
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str | None, required(CONTACT_NAME)] = None
    email: Annotated[str | None, CONTACT_EMAIL_RULE] = None
    role: ContactRole | None = None
    phone: Annotated[str | None, CONTACT_PHONE_RULE] = None
    expected_version: Version = None

    @field_validator("name", "email", "role")
    @classmethod
    def _kept_or_given(cls, value: object) -> object:
        if value is None:
            raise PydanticCustomError(NOT_NULL, "不能为空；不修改的字段请省略")
        return value


@router.patch("/unions/{union_id}/contacts/{contact_id}", response_model=ContactOut)
def correct_contact(
    union_id: IdPath,
    contact_id: IdPath,
    body: ContactCorrectionIn,
    caller: CallerDep,
    uow: UowDep,
) -> ContactOut:
    """Correct a contact of a union in the caller's subtree (mailbox, name, role, phone)."""
    with uow(caller.principal.actor) as u:
        found(
            u.unions.get_contact(contact_id, union_id, caller.scope),
            "联系人不存在或不在管辖范围内",
            "contact_id",
        )
        sent = body.model_fields_set
        change = ContactChange(
            name=body.name,
            email=body.email,
            role=body.role,
            phone=(body.phone or "") if "phone" in sent else None,
        )
        corrected = ContactOut.model_validate(
            amend_contact(
                u, contact_id, change, scope=caller.scope, expected_version=body.expected_version
            )
        )
        u.commit()
    return corrected


# Declared before the DELETE: the access matrix calls routes in order on one world.
@router.get("/unions/{union_id}/contacts/{contact_id}/audit", response_model=Page[AuditEntryOut])
def contact_audit(
    union_id: IdPath, contact_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[AuditEntryOut]:
    """Who changed a contact of the union and how (its 修改记录), in the caller's read scope; a
    removed contact's stays readable, found in the log of its removal (as the history page)."""
    live = u.unions.get_contact(contact_id, union_id, caller.scope)
    gone = None if live else removed_contact(u, contact_id, caller.scope)
    found(
        live or (gone if gone is not None and gone.union_id == union_id else None),
        "联系人不存在或不在管辖范围内",
        "contact_id",
    )
    return audit_page(u, "union_contacts", contact_id, paging)


@router.delete("/unions/{union_id}/contacts/{contact_id}", response_model=ContactOut)
def delete_contact(
    union_id: IdPath,
    contact_id: IdPath,
    *,
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
    expected_version: ExpectedVersion = None,
) -> ContactOut:
    """Remove a contact of a union in the caller's subtree; the removed contact is returned.
    ``expected_version``: the ``version`` read; a contact changed since is refused (409)."""
    with uow(caller.principal.actor) as u:
        removed = ContactOut.model_validate(
            remove_contact(
                u,
                union_id,
                contact_id,
                scope=caller.scope,
                now=clock(),
                expected_version=expected_version,
            )
        )
        u.commit()
    return removed
