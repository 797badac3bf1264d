"""Accounts over JSON: the caller, their API tokens, users (admin) and their audit trail."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import AfterValidator, BaseModel, Field

from api.body_rules import NEW_USER_EMAIL_RULE, required
from api.deps import SESSION_COOKIE, ClockDep, ReaderDep, UowDep
from api.security import client_address, login_guard
from api.v1.common import (
    CallerDep,
    Id,
    IdPath,
    Inbound,
    Instant,
    Out,
    Page,
    PagingDep,
    searched,
)
from api.v1.schemas import AuditEntryOut, audit_page, listed
from lifecycle.accounts.credentials import reset_password, set_active
from lifecycle.accounts.login import guarded_password_change
from lifecycle.accounts.permissions import ROLE_PERMISSIONS
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import (
    DEFAULT_TOKEN_DAYS,
    DISPLAY_NAME,
    MAX_TOKEN_DAYS,
    IssuedToken,
    NewUser,
    create_user,
    hash_secret,
    issue_token,
    list_users,
    revoke_api_token,
    tokens_page,
)
from lifecycle.errors import NotFound
from lifecycle.views.reminders import reminder_contact_of
from lifecycle.vocab import Role

# The users' search, as /admin/users takes it (``accounts.users``: username, name, mailbox or
# union name).
UserSearch = Annotated[
    str | None,
    Query(min_length=1, max_length=100, description="用户名、姓名、邮箱或所属工会名称"),
    AfterValidator(searched),
]
router = APIRouter(tags=["accounts"])


class MeOut(BaseModel):
    user_id: int
    username: str
    display_name: str
    role: Role
    union_id: int
    union_path: str
    email: str | None
    permissions: list[str]
    reminder_contact_of: list[str] = Field(
        description=(
            "登记此邮箱为联系人的工会名称：提醒邮件发给各工会登记的联系人，"
            "为空表示此邮箱不会收到提醒邮件（由系统管理员在工会联系人中登记）"
        )
    )


class TokenOut(Out):
    id: int
    name: str
    created_at: Instant
    last_used_at: Instant | None
    revoked_at: Instant | None
    expires_at: Instant | None = Field(
        description="到期时间，此后令牌被拒绝（401 token_expired）；null：不设期限"
    )


def expiry_field() -> Any:
    """A new token's life in days, chosen at its creation (null: never, until revoked)."""
    return Field(
        default=DEFAULT_TOKEN_DAYS,
        ge=1,
        le=MAX_TOKEN_DAYS,
        description=(
            f"有效天数（1–{MAX_TOKEN_DAYS}），过期后令牌被拒绝；默认{DEFAULT_TOKEN_DAYS}天；"
            "传 null 表示不设期限（直到吊销）"
        ),
    )


class NewTokenIn(Inbound):
    record_kind = "token"
    name: str = Field(min_length=1, max_length=100)
    expires_in_days: int | None = expiry_field()


class IssuedTokenOut(BaseModel):
    """A token just issued (by a logged-in caller or the API login): the same shape either way."""

    id: int = Field(description="令牌编号；吊销：DELETE /api/v1/me/tokens/{id}")
    name: str
    token: str = Field(description="明文令牌，仅此一次显示；请求时放在 Authorization: Bearer 后")
    created_at: Instant
    expires_at: Instant | None = Field(description="到期时间；null：不设期限")
    user_id: int
    username: str
    role: Role

    @classmethod
    def of(cls, issued: IssuedToken, principal: Principal) -> IssuedTokenOut:
        return cls(
            id=issued.stored.id,
            name=issued.stored.name,
            token=issued.plaintext,
            created_at=issued.stored.created_at,
            expires_at=issued.stored.expires_at,
            user_id=principal.user_id,
            username=principal.username,
            role=principal.role,
        )


class UserOut(Out):
    id: int
    username: str
    display_name: str
    email: str | None
    role: Role
    union_id: int
    active: bool
    created_at: Instant
    version: int = Field(description="版本：修改时作为 expected_version 传回")


# The pages ask an admin for a password twice (a typo would leave one nobody knows); a program
# sends what it holds, so the API takes it once.
ONCE = "只需传一次（页面表单要求输入两次以防输错；程序调用无需确认）"


class NewUserIn(Inbound):
    username: str = Field(min_length=1, max_length=64)
    display_name: Annotated[str, Field(min_length=1, max_length=100), required(DISPLAY_NAME)]
    password: str = Field(
        min_length=1, max_length=200, description=f"初始密码，至少10个字符；{ONCE}"
    )
    role: Role
    union_id: Id
    email: Annotated[str | None, Field(max_length=254), NEW_USER_EMAIL_RULE] = None


class PasswordIn(Inbound):
    password: str = Field(min_length=1, max_length=200, description=f"新密码，至少10个字符；{ONCE}")


class OwnPasswordIn(Inbound):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


@router.get("/me", response_model=MeOut)
def me(caller: CallerDep, u: ReaderDep) -> MeOut:
    p = caller.principal
    return MeOut(
        user_id=p.user_id,
        username=p.username,
        display_name=p.display_name,
        role=p.role,
        union_id=p.union_id,
        union_path=p.union_path,
        email=p.email,
        permissions=sorted(ROLE_PERMISSIONS[p.role]),
        reminder_contact_of=reminder_contact_of(u, p.email),
    )


@router.get("/me/tokens", response_model=Page[TokenOut])
def my_tokens(caller: CallerDep, u: ReaderDep, paging: PagingDep) -> Page[TokenOut]:
    rows = tokens_page(u, caller.principal, paging.window)
    return listed(rows, TokenOut.model_validate, paging)


@router.post("/me/tokens", response_model=IssuedTokenOut, status_code=201)
def new_token(
    body: NewTokenIn, caller: CallerDep, uow: UowDep, clock: ClockDep, response: Response
) -> IssuedTokenOut:
    """Issue an API token for the caller; the answer carries its id, to revoke it by."""
    with uow(caller.principal.actor) as u:
        issued = issue_token(
            u, caller.principal, body.name, clock(), valid_days=body.expires_in_days
        )
        u.commit()
        out = IssuedTokenOut.of(issued, caller.principal)
    response.headers["Cache-Control"] = "no-store"
    return out


@router.delete("/me/tokens/{token_id}", response_model=TokenOut)
def revoke_token(token_id: IdPath, caller: CallerDep, uow: UowDep, clock: ClockDep) -> TokenOut:
    with uow(caller.principal.actor) as u:
        token = revoke_api_token(u, caller.principal, token_id, clock())
        u.commit()
        return TokenOut.model_validate(token)


@router.get("/users", response_model=Page[UserOut])
def users(
    caller: CallerDep, u: ReaderDep, paging: PagingDep, q: UserSearch = None
) -> Page[UserOut]:
    """The users of the caller's subtree; ``q`` finds them as /admin/users does."""
    rows, total = list_users(u, caller.scope, search=q, limit=paging.limit, offset=paging.offset)
    items = [UserOut.model_validate(r) for r in rows]
    return Page(items=items, total=total, limit=paging.limit, offset=paging.offset)


@router.post("/users", response_model=UserOut, status_code=201)
def add_user(body: NewUserIn, caller: CallerDep, uow: UowDep) -> UserOut:
    """Add a user bound to a union in the caller's subtree; the initial password is sent once
    (the page asks for it twice, a program does not mistype)."""
    with uow(caller.principal.actor) as u:
        cmd = NewUser(
            body.username, body.display_name, body.password, body.role, body.union_id, body.email
        )
        created = create_user(u, cmd, caller.principal.actor, scope=caller.scope)
        u.commit()
        return UserOut.model_validate(created)


@router.get("/users/{user_id}", response_model=UserOut)
def user(user_id: IdPath, caller: CallerDep, u: ReaderDep) -> UserOut:
    found = u.accounts.get_user(user_id, caller.scope)
    if found is None:
        raise NotFound("用户不存在", field="user_id")
    return UserOut.model_validate(found)


@router.post("/users/{user_id}/deactivate", response_model=UserOut)
def deactivate(user_id: IdPath, caller: CallerDep, uow: UowDep, clock: ClockDep) -> UserOut:
    """Switch a user off: their sessions and API tokens are revoked at once."""
    with uow(caller.principal.actor) as u:
        changed = set_active(u, caller.principal, user_id, False, now=clock())
        u.commit()
        return UserOut.model_validate(changed)


@router.post("/users/{user_id}/reactivate", response_model=UserOut)
def reactivate(user_id: IdPath, caller: CallerDep, uow: UowDep, clock: ClockDep) -> UserOut:
    """Switch a user on again (they log in afresh: old sessions and tokens stay revoked)."""
    with uow(caller.principal.actor) as u:
        changed = set_active(u, caller.principal, user_id, True, now=clock())
        u.commit()
        return UserOut.model_validate(changed)


@router.post("/users/{user_id}/password", response_model=UserOut)
def change_password(
    user_id: IdPath, body: PasswordIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> UserOut:
    """Set another user's password: every session and API token of that user ends (one's own
    is changed at ``POST /api/v1/me/password``, giving the current one). The password is sent
    once: the page asks for it twice, a program does not mistype."""
    with uow(caller.principal.actor) as u:
        changed = reset_password(
            u,
            user_id,
            body.password,
            now=clock(),
            scope=caller.scope,
            acting_user_id=caller.principal.user_id,
        )
        u.commit()
        return UserOut.model_validate(changed)


@router.post("/me/password", status_code=204)
def change_my_password(
    body: OwnPasswordIn, caller: CallerDep, uow: UowDep, clock: ClockDep, request: Request
) -> Response:
    """Change one's own password (the current one required): every API token and every other
    session end; a browser session making the request stays logged in."""
    cookie = None if request.headers.get("authorization") else request.cookies.get(SESSION_COOKIE)
    with uow(caller.principal.actor) as u:
        guarded_password_change(
            u,
            login_guard(request),
            caller.principal,
            body.current_password,
            body.new_password,
            client=client_address(request),
            now=clock(),
            keep_session_hash=hash_secret(cookie) if cookie else None,
        )
        u.commit()
    return Response(status_code=204)


@router.get("/users/{user_id}/audit", response_model=Page[AuditEntryOut])
def user_audit(
    user_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[AuditEntryOut]:
    if u.accounts.get_user(user_id, caller.scope) is None:
        raise NotFound("用户不存在", field="user_id")
    return audit_page(u, "users", user_id, paging)
