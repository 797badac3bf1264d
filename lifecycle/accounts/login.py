"""The login use case every edge shares (page, API token): throttled, one answer for all failures.

OWASP ASVS 2.2.1: the throttle is asked first (no hash spent on a blocked address), the password
is checked inside the hash gate, and only the failure count of that name and address moves.
"""

from __future__ import annotations

from datetime import datetime

from lifecycle.accounts.credentials import change_own_password
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import LoginFailed, authenticate
from lifecycle.accounts.throttle import LoginGuard, LoginThrottled, throttled_message
from lifecycle.errors import DomainError
from lifecycle.uow import UnitOfWork


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
    wait = guard.throttle.retry_after(username, client, now)
    if wait is not None:
        raise LoginThrottled(throttled_message(wait), field="username")
    with guard.gate.slot(client):
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
    wait = guard.throttle.retry_after(principal.username, client, now)
    if wait is not None:
        raise LoginThrottled(throttled_message(wait), field="current_password")
    with guard.gate.slot(client):
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
