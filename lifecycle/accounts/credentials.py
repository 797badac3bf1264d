"""Passwords and switching users off and on: old sessions and tokens end (OWASP ASVS 3.3.3).

A password set by an admin or changed by its user ends every other web session and revokes
every API token and the calendar feed address of that user; a deactivated user's sessions,
tokens and feed address are revoked at once, so reactivating them does not bring the old ones
back. At least one active admin always remains.
"""

from __future__ import annotations

from datetime import datetime

from lifecycle.accounts.model import User
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import (
    check_confirmation,
    check_password,
    hash_password,
    verify_password,
)
from lifecycle.errors import DomainError, FieldProblem, NotFound, Problems
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role


class LastAdmin(DomainError):
    """The change would leave the service without an active administrator."""

    code = "last_admin"
    http_status = 409


def _user(uow: UnitOfWork, user_id: int, scope: Scope) -> User:
    user = uow.accounts.get_user(user_id, scope)
    if user is None:
        raise NotFound("用户不存在", field="user_id")
    return user


def revoke_access(
    uow: UnitOfWork, user_id: int, now: datetime, *, keep_session_hash: str | None = None
) -> None:
    """End every live web session (but ``keep_session_hash``), every API token and the calendar
    feed address of a user."""
    for web_session in uow.accounts.live_sessions_of(user_id, now):
        if web_session.token_hash != keep_session_hash:
            web_session.revoked_at = now
    for token in uow.accounts.tokens_of(user_id):
        if token.revoked_at is None:
            token.revoked_at = now
    revoke_feed(uow, user_id, now)
    uow.flush()


def revoke_feed(uow: UnitOfWork, user_id: int, now: datetime) -> None:
    """Stop the user's calendar feed address, if live: its URL then answers 404."""
    feed = uow.accounts.feed_of(user_id)
    if feed is not None and feed.revoked_at is None:
        feed.revoked_at = now
        uow.flush()


def check_admins_remain(uow: UnitOfWork, user: User, *, active: bool, role: Role) -> None:
    """Refuse a change of ``user`` to (``active``, ``role``) that leaves no active admin."""
    was_admin = user.active and user.role == Role.ADMIN
    stays_admin = active and role == Role.ADMIN
    if was_admin and not stays_admin and uow.accounts.count_active_admins() <= 1:
        raise LastAdmin("这是最后一个启用的系统管理员账号，不能停用或改为其他角色", field="user_id")


def store_password(user: User, password: str, field: str = "password") -> None:
    """Check the new password's strength and store its hash (the caller revokes access)."""
    problems = Problems()
    check_password(problems, field, password, user.username)
    problems.raise_if_any()
    user.password_hash = hash_password(password)


class OwnPasswordByReset(DomainError):
    """An admin setting their own password without the current one (OWASP ASVS 2.1.6)."""

    code = "own_password"
    http_status = 403


OWN_PASSWORD_REFUSAL = "不能重置自己的密码：请在“修改密码”页面输入当前密码后修改"  # noqa: S105


def reset_refusal(user_id: int, acting_user_id: int | None) -> str | None:
    """Why an admin may not set this user's password (None: they may): not their own, which
    they change giving the current one, so a session or token left open is not enough to take
    the account over. ``acting_user_id`` None: the server's operator (``workshops users``)."""
    return OWN_PASSWORD_REFUSAL if user_id == acting_user_id else None


def reset_password(
    uow: UnitOfWork,
    user_id: int,
    password: str,
    *,
    confirm: str | None = None,
    now: datetime,
    scope: Scope,
    acting_user_id: int | None,
) -> User:
    """An admin sets another user's password: every session and token of that user ends.
    ``confirm``: the new password typed again on the page (None: not asked, the JSON API); a
    mismatch is refused with any other problem, before anything changes."""
    user = _user(uow, user_id, scope)
    refusal = reset_refusal(user.id, acting_user_id)
    if refusal is not None:
        raise OwnPasswordByReset(refusal, field="user_id")
    problems = Problems()
    check_password(problems, "password", password, user.username)
    check_confirmation(problems, "confirm_password", password, confirm)
    problems.raise_if_any()
    store_password(user, password)
    revoke_access(uow, user.id, now)
    return user


def new_password_problems(
    current: str, new: str, confirm: str | None, username: str | None = None
) -> list[FieldProblem]:
    """What changing one's own password refuses in the new one whatever the current one is: too
    short, the same as the current one typed, typed differently the second time (``confirm``
    None: not asked). Reported with a missing or wrong current password, so every bad field
    shows at once."""
    problems = Problems()
    check_password(problems, "new_password", new, username)
    if current and new == current:
        problems.add("new_password", "unchanged", "新密码不能与当前密码相同")
    check_confirmation(problems, "confirm_password", new, confirm)
    return problems.items


def change_own_password(
    uow: UnitOfWork,
    principal: Principal,
    current: str,
    new: str,
    *,
    confirm: str | None = None,
    now: datetime,
    keep_session_hash: str | None = None,
) -> User:
    """A user changes their own password, giving the current one (and the new one twice, when
    ``confirm`` is given); other sessions and every API token end (the session that asked stays,
    when given). Every problem is named at once; an empty current password is not checked."""
    user = _user(uow, principal.user_id, Scope.everything())
    problems = Problems()
    if not current:
        problems.add("current_password", "required", "请输入当前密码")
    elif not verify_password(user.password_hash, current):
        problems.add("current_password", "wrong_password", "当前密码不正确")
    problems.items += new_password_problems(current, new, confirm, user.username)
    problems.raise_if_any()
    store_password(user, new, field="new_password")
    revoke_access(uow, user.id, now, keep_session_hash=keep_session_hash)
    return user


def set_active(
    uow: UnitOfWork, principal: Principal, user_id: int, active: bool, *, now: datetime
) -> User:
    """Deactivate (sessions and tokens revoked at once) or reactivate a user in scope."""
    user = _user(uow, user_id, principal.scope)
    if not active and user.id == principal.user_id:
        raise DomainError("不能停用自己的账号", code="self_deactivation", field="user_id")
    check_admins_remain(uow, user, active=active, role=user.role)
    user.active = active
    if not active:
        revoke_access(uow, user.id, now)
    uow.flush()
    return user
