"""Admins edit a user's name, e-mail, role and union, and read the reminders that user receives."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import Field

from api.body_rules import USER_EMAIL_RULE, required
from api.deps import ClockDep, ReaderDep, UowDep
from api.v1.accounts import UserOut
from api.v1.common import CallerDep, Id, IdPath, Inbound, Page, PagingDep, Version
from api.v1.reminders import ReminderOut
from lifecycle.accounts.profile import DISPLAY_NAME_MAX, UserChange, update_user
from lifecycle.accounts.service import DISPLAY_NAME
from lifecycle.errors import NotFound
from lifecycle.reminders.repository import HistoryFilter
from lifecycle.views.reminders import my_reminders
from lifecycle.vocab import Role

router = APIRouter(tags=["accounts"])


class UserChangeIn(Inbound):
    """Fields left out keep their value; ``email`` null or "" removes the address.
    ``expected_version``: the ``version`` read; a user changed since is refused (409)."""

    display_name: Annotated[
        str | None, Field(min_length=1, max_length=DISPLAY_NAME_MAX), required(DISPLAY_NAME)
    ] = None
    email: Annotated[str | None, Field(max_length=254), USER_EMAIL_RULE] = None
    role: Role | None = None
    union_id: Id | None = None
    expected_version: Version = None


@router.patch("/users/{user_id}", response_model=UserOut)
def edit_user(
    user_id: IdPath, body: UserChangeIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> UserOut:
    """Change a user's name, e-mail, role or union inside the admin's scope (a new union or
    role revokes the user's calendar feed address)."""
    with uow(caller.principal.actor) as u:
        found = u.accounts.get_user(user_id, caller.scope)
        if found is None:
            raise NotFound("用户不存在", field="user_id")
        sent = body.model_fields_set
        change = UserChange(
            email=body.email if "email" in sent else found.email,
            role=body.role or found.role,
            union_id=body.union_id or found.union_id,
            display_name=body.display_name,
        )
        changed = update_user(
            u,
            user_id,
            change,
            acting_user_id=caller.principal.user_id,
            scope=caller.scope,
            now=clock(),
            expected_version=body.expected_version,
        )
        out = UserOut.model_validate(changed)
        u.commit()
    return out


@router.get("/users/{user_id}/reminders", response_model=Page[ReminderOut])
def user_reminders(
    user_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[ReminderOut]:
    """The reminders sent to the user's current address, newest first, with delivery status."""
    found = u.accounts.get_user(user_id, caller.scope)
    if found is None:
        raise NotFound("用户不存在", field="user_id")
    rows, total = my_reminders(
        u,
        found.email,
        caller.scope,
        HistoryFilter(),
        limit=paging.limit,
        offset=paging.offset,
    )
    items = [ReminderOut.model_validate(r, from_attributes=True) for r in rows]
    return Page(items=items, total=total, limit=paging.limit, offset=paging.offset)
