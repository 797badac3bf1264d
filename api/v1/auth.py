"""API login for machine clients: username and password → a new API token (shown once)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import Field

from api.deps import ClockDep, UowDep, get_session_factory
from api.security import client_address, login_guard
from api.v1.accounts import IssuedTokenOut, expiry_field
from api.v1.common import Inbound
from lifecycle.accounts.login import log_in
from lifecycle.accounts.service import issue_token, refresh_password_hash
from lifecycle.uow import UnitOfWork

# No caller dependency: the credentials are in the body. The route is in the access registry as
# PUBLIC, and the login goes through the same throttled check as the page login.
router = APIRouter(tags=["accounts"])


class LoginIn(Inbound):
    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=200)]
    token_name: Annotated[str, Field(min_length=1, max_length=100)] = "API 登录"  # noqa: S105
    expires_in_days: int | None = expiry_field()


@router.post("/auth/tokens", response_model=IssuedTokenOut, status_code=201)
def log_in_for_token(
    body: LoginIn, uow: UowDep, clock: ClockDep, request: Request, response: Response
) -> IssuedTokenOut:
    """Check the password (throttled per name and client address) and issue a token."""
    now = clock()
    # The check reads only: on SQLite no write lock is held while argon2 runs.
    with UnitOfWork(get_session_factory(request), read_only=True) as check:
        principal = log_in(
            check,
            login_guard(request),
            body.username,
            body.password,
            client=client_address(request),
            now=now,
        )
    with uow(principal.actor) as u:
        refresh_password_hash(u, principal.user_id, body.password)
        issued = issue_token(
            u,
            principal,
            body.token_name,
            now,
            valid_days=body.expires_in_days,
            name_field="token_name",
        )
        u.commit()
        out = IssuedTokenOut.of(issued, principal)
    response.headers["Cache-Control"] = "no-store"
    return out
