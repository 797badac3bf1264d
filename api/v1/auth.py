"""API login for machine clients: username and password → a new API token (shown once)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from api.deps import ClockDep, UowDep, get_session_factory
from api.security import client_address, login_guard
from api.v1.common import Inbound
from lifecycle.accounts.login import log_in
from lifecycle.accounts.service import (
    hash_secret,
    issue_api_token,
    refresh_password_hash,
)
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role

# No caller dependency: the credentials are in the body. The route is in the access registry as
# PUBLIC, and the login goes through the same throttled check as the page login.
router = APIRouter(tags=["accounts"])


class LoginIn(Inbound):
    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=200)]
    token_name: Annotated[str, Field(min_length=1, max_length=100)] = "API 登录"  # noqa: S105


class LoginTokenOut(BaseModel):
    id: int = Field(description="令牌编号；吊销：DELETE /api/v1/me/tokens/{id}")
    name: str
    token: str = Field(description="明文令牌，仅此一次显示；请求时放在 Authorization: Bearer 后")
    created_at: datetime
    user_id: int
    username: str
    role: Role


@router.post("/auth/tokens", response_model=LoginTokenOut, status_code=201)
def log_in_for_token(
    body: LoginIn, uow: UowDep, clock: ClockDep, request: Request, response: Response
) -> LoginTokenOut:
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
        token = issue_api_token(u, principal, body.token_name, now)
        found = u.accounts.token_by_hash(hash_secret(token))
        assert found is not None
        stored = found[0]
        u.commit()
        out = LoginTokenOut(
            id=stored.id,
            name=stored.name,
            token=token,
            created_at=stored.created_at,
            user_id=principal.user_id,
            username=principal.username,
            role=principal.role,
        )
    response.headers["Cache-Control"] = "no-store"
    return out
