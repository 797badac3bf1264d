"""An administrator edits a user's name, e-mail, role and union (issue 15 §8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lifecycle.accounts.credentials import revoke_feed
from lifecycle.accounts.model import User
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import (
    DISPLAY_NAME,
    check_role_fits,
    new_user_email_problems,
    stored_email,
)
from lifecycle.errors import ConflictError, FieldProblem, NotFound, Problems
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role

DISPLAY_NAME_MAX = DISPLAY_NAME.max_len  # users.display_name


@dataclass(frozen=True)
class UserChange:
    """The new e-mail ('' or None: none), role and union of a user, and the name shown for them
    (None: kept)."""

    email: str | None
    role: Role
    union_id: int
    display_name: str | None = None


def email_problems(email: str | None, display_name: str | None = None) -> list[FieldProblem]:
    """What editing a user would refuse in the typed e-mail (blank is none) and name (None: not
    changed): for a form refused before the use case runs (no role or union chosen), so every bad
    field shows at once."""
    problems = Problems()
    if display_name is not None:
        DISPLAY_NAME.check(problems, "display_name", display_name)
    problems.items += new_user_email_problems(email)  # checked as a new user's is
    return problems.items


def change_own_email(
    uow: UnitOfWork, principal: Principal, email: str | None, *, expected_version: int | None
) -> User:
    """A user sets or clears their own e-mail address, where their reminders are sent (blank:
    none); sent on a version read before another write, it is refused."""
    user = uow.accounts.get_user(principal.user_id, EVERYTHING)  # the caller's own account
    if user is None:
        raise NotFound("用户不存在", field="user_id")
    if expected_version is not None and expected_version != user.version:
        raise ConflictError(
            "您的账号信息已在您打开后被修改，请刷新后重试", field="expected_version"
        )
    problems = Problems(email_problems(email))
    problems.raise_if_any()
    user.email = stored_email(email)
    uow.flush()
    return user


OWN_ROLE_REFUSAL = "您不能更改自己的角色，请由其他管理员操作"
OWN_UNION_REFUSAL = "您不能更改自己的所属工会，请由其他管理员操作"


def update_user(
    uow: UnitOfWork,
    user_id: int,
    change: UserChange,
    *,
    acting_user_id: int,
    scope: Scope,
    now: datetime,
    expected_version: int | None = None,
) -> User:
    """Change a user inside ``scope``; the new union must lie in it too. Takes effect at the
    user's next request (sessions read the user row each time); a new union or role revokes the
    user's calendar feed address at once (a URL anyone may hold must not follow the user into
    another union, nor keep reading the old one). Admins cannot change their own role or
    union, so the last administrator cannot lock everyone out (a city's only admin who moved
    into a district could never come back). Sent on a version read before another write
    (``expected_version``; None: not checked) it is refused: it would undo that write without
    a word."""
    user = uow.accounts.get_user(user_id, scope)
    if user is None:
        raise NotFound("用户不存在或不在管辖范围内", field="user_id")
    if expected_version is not None and expected_version != user.version:
        raise ConflictError("该用户已在您打开后被修改，请刷新后重试", field="expected_version")
    problems = Problems(email_problems(change.email, change.display_name))
    email = stored_email(change.email)
    union = uow.unions.get(change.union_id, scope)
    if union is None:
        problems.add("union_id", "not_found", "所属工会不存在或不在管辖范围内")
    else:
        check_role_fits(uow, problems, change.role, union)
    if user.id == acting_user_id:  # an admin never narrows or loses their own authority
        if change.role != user.role:
            problems.add("role", "own_role", OWN_ROLE_REFUSAL)
        if change.union_id != user.union_id:
            problems.add("union_id", "own_union", OWN_UNION_REFUSAL)
    problems.raise_if_any()
    if (change.union_id, change.role) != (user.union_id, user.role):
        revoke_feed(uow, user.id, now)
    user.email, user.role, user.union_id = email, change.role, change.union_id
    if change.display_name is not None:
        user.display_name = change.display_name.strip()
    uow.flush()
    return user
