"""The login use case every edge shares (page, API token): throttled, one answer for all failures.

OWASP ASVS 2.2.1: the throttle is asked first (no hash spent on a blocked address) and again once
the hash gate gives the name its turn, the password is checked inside the gate, and only the
failure count of that name and address moves.
"""

from __future__ import annotations

from datetime import datetime

from lifecycle.accounts.credentials import change_own_password
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import LoginFailed, authenticate
from lifecycle.accounts.throttle import (
    LoginGuard,
    LoginThrottled,
    throttled_message,
    wait_seconds,
)
from lifecycle.errors import DomainError
from lifecycle.uow import UnitOfWork

# What a throttled password change names as failing too often (its count is the login's).
CHANGE_FAILED = "密码错误"


def _refuse_throttled(
    guard: LoginGuard,
    username: str,
    client: str,
    now: datetime,
    field: str,
    *,
    failed: str = "登录失败",
) -> None:
    """``LoginThrottled`` while ``client`` must wait before trying ``username`` again."""
    wait = guard.throttle.retry_after(username, client, now)
    if wait is not None:
        refusal = LoginThrottled(throttled_message(wait, failed), field=field)
        refusal.retry_after = wait_seconds(wait)
        raise refusal


def log_in(
    uow: UnitOfWork,
    guard: LoginGuard,
    username: str,
    password: str,
    *,
    client: str,
    now: datetime,
) -> Principal:
    """The principal for a right password; ``LoginFailed``, ``LoginThrottled`` or ``LoginBusy``
    otherwise (the same answers whether the name exists, is inactive or the password is wrong).
    """
    _refuse_throttled(guard, username, client, now, "username")
    with guard.gate.slot(client, username):
        # Again in the slot: an attempt that waited for the name's turn sees the failures of
        # those before it (a burst of guesses stops at the free ones, no hash spent on the rest).
        _refuse_throttled(guard, username, client, now, "username")
        try:
            principal = authenticate(uow, username, password, now)
        except LoginFailed:
            guard.throttle.failed(username, client, now)
            raise
    guard.throttle.succeeded(username, client)
    return principal


def guarded_password_change(
    uow: UnitOfWork,
    guard: LoginGuard,
    principal: Principal,
    current: str,
    new: str,
    *,
    confirm: str | None = None,
    client: str,
    now: datetime,
    keep_session_hash: str | None = None,
) -> None:
    """``change_own_password`` under the login throttle: a wrong current password counts as a
    failed login of that name from that address (no guessing it through a stolen session); an
    empty one is no guess."""
    # Worded for the form at hand: the user is changing a password, not logging in.
    args = (guard, principal.username, client, now, "current_password")
    _refuse_throttled(*args, failed=CHANGE_FAILED)
    with guard.gate.slot(client, principal.username):
        _refuse_throttled(*args, failed=CHANGE_FAILED)
        try:
            change_own_password(
                uow,
                principal,
                current,
                new,
                confirm=confirm,
                now=now,
                keep_session_hash=keep_session_hash,
            )
        except DomainError as err:
            if any(p.code == "wrong_password" for p in err.problems):  # not an empty one
                guard.throttle.failed(principal.username, client, now)
            raise
