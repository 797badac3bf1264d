"""Use cases on accounts: users, password checks and API tokens (web sessions: ``sessions``)."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from lifecycle.accounts.model import ApiToken, User
from lifecycle.accounts.permissions import ROLE_LEVELS, role_level_refusal
from lifecycle.accounts.principal import Principal
from lifecycle.actors import Actor
from lifecycle.clock import chinese_date, to_shanghai
from lifecycle.errors import DomainError, FieldProblem, NotFound, Problems
from lifecycle.listings.repository import Listing, Window
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, check_email, require_visible_text
from lifecycle.views.home_tree import home_tree
from lifecycle.vocab import Role, UnionLevel

MIN_PASSWORD_LENGTH = 10
# The API's login takes at most this many (``api/v1/auth.py``): a longer one set in a page
# would log in there but never over the API, nor be given as the current one to change it.
MAX_PASSWORD_LENGTH = 200
MIN_DISTINCT_CHARACTERS = 4  # "aaaaaaaaaa", "1212121212" are long enough and guessed first
_GUESSABLE = "密码过于简单（重复字符、连续字符或常见密码），请换一个不易猜到的密码"
# Runs a guesser tries first: any 10+ characters taken in order from one of them is refused.
_RUNS = (
    "01234567890",
    "9876543210",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "abcdefghijklmnopqrstuvwxyz",
)
COMMON_PASSWORDS = frozenset(
    {
        "1q2w3e4r5t",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "a123456789",
        "aa123456789",
        "abc1234567",
        "abcd123456",
        "admin12345",
        "admin123456",
        "iloveyou123",
        "p@ssw0rd123",
        "passw0rd123",
        "password123",
        "password1234",
        "qq123456789",
        "qwe1234567",
        "qwer123456",
        "qwerty12345",
        "qwerty123456",
        "woaini1314",
        "woaini520520",
        "zxcvbnm123",
    }
)
# A token's last-used stamp is refreshed at most this often, so reads stay reads.
TOKEN_STAMP_INTERVAL = timedelta(minutes=5)
MAX_TOKEN_DAYS = 3650  # a token's expiry, when one is set, at most ten years ahead
DEFAULT_TOKEN_DAYS = 90  # what the API offers when the caller does not choose
API_TOKEN_PREFIX = "wst_"  # noqa: S105 - a public prefix, not a secret
MAX_EMAIL_LENGTH = 254  # users.email
# A user's name shown (users.display_name), as creating and editing a user check it.
DISPLAY_NAME = RequiredText("姓名", 100, visible=True)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,63}$")
_LOGIN_FAILED = "用户名或密码不正确"


class LoginFailed(DomainError):
    """Unknown user, wrong password or inactive account — one message for all of them."""

    code = "login_failed"
    http_status = 401


@dataclass(frozen=True)
class NewUser:
    username: str
    display_name: str
    password: str
    role: Role
    union_id: int
    email: str | None = None
    # The password typed a second time on the admin's form; None: not asked (the JSON API, whose
    # caller is a program and does not mistype).
    confirm_password: str | None = None


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    # Verifying against a real hash for unknown users keeps their timing like a wrong password.
    return _hasher().hash("not-a-real-password")


def hash_secret(token: str) -> str:
    """SHA-256 hex of a random token (cookies, API tokens): only this is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def principal_of(user: User, union: Union) -> Principal:
    """The principal for a user row and its union."""
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        union_id=union.id,
        union_path=union.path,
        email=user.email,
        union_level=union.level,
    )


def check_role_fits(uow: UnitOfWork, problems: Problems, role: Role, union: Union) -> None:
    """A user's role must fit its union's level (``ROLE_LEVELS``): named beside both fields, in
    the words of the union's city (乐山's 县（市、区）总工会 [L 一])."""
    wording = home_tree(uow, union.path).wording
    refusal = role_level_refusal(role, union.level, wording)
    if refusal is not None:
        associated = UnionLevel.ASSOCIATION in (union.level, *ROLE_LEVELS[role])
        code = "association_role" if associated else "role_union_mismatch"
        problems.add("role", code, refusal)
        problems.add("union_id", code, refusal)


def hash_password(password: str) -> str:
    """The argon2id hash of a password (the only form it is stored in)."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (False for a malformed hash)."""
    return _verify(password_hash, password)


def check_password(
    problems: Problems, field: str, password: str, username: str | None = None
) -> None:
    """A new password's strength: ``MIN_PASSWORD_LENGTH`` to ``MAX_PASSWORD_LENGTH`` characters,
    not one of a few characters repeated, not a keyboard or digit run, not a common password,
    not holding the account's ``username`` (when given)."""
    _check_password(problems, field, password, username)


def check_confirmation(
    problems: Problems, field: str, password: str, confirm: str | None, word: str = "新密码"
) -> None:
    """A password typed twice must match (``confirm`` None: not asked); ``word`` names it in the
    form's words (新密码, 初始密码). Named beside the confirmation field."""
    if confirm is None or not password:
        return  # an empty password is already refused beside its own field
    if not confirm:
        problems.add(field, "required", f"请再次输入{word}")
    elif confirm != password:
        problems.add(field, "mismatch", f"两次输入的{word}不一致")


USERNAME_IN_PASSWORD = "密码不能包含用户名，请换一个不易猜到的密码"  # noqa: S105


def _check_password(
    problems: Problems, field: str, password: str, username: str | None = None
) -> None:
    name = (username or "").strip().lower()
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems.add(field, "weak_password", f"密码至少需要{MIN_PASSWORD_LENGTH}个字符")
    elif len(password) > MAX_PASSWORD_LENGTH:
        problems.add(field, "too_long", f"密码不能超过{MAX_PASSWORD_LENGTH}个字符")
    elif len(set(password.lower())) < MIN_DISTINCT_CHARACTERS or _common(password):
        problems.add(field, "weak_password", _GUESSABLE)
    elif len(name) >= 3 and name in password.lower():
        # A context-specific word (NIST SP 800-63B 5.1.1.2): the first one a guesser tries.
        problems.add(field, "weak_password", USERNAME_IN_PASSWORD)


def _common(password: str) -> bool:
    """A password from the top of the leaked lists, or a keyboard or digit run (OWASP ASVS
    2.1.7): the length rule alone lets ``1234567890`` and ``qwertyuiop`` through."""
    folded = password.lower()
    return folded in COMMON_PASSWORDS or any(folded in run for run in _RUNS)


def user_field_problems(
    username: str,
    display_name: str,
    password: str,
    email: str | None,
    confirm_password: str | None = None,
) -> list[FieldProblem]:
    """What creating a user would refuse in these typed fields (a name taken aside): for a form
    refused before the use case runs (no role or union chosen), so every bad field shows at once.
    ``confirm_password``: the initial password typed again (None: not asked)."""
    problems = Problems()
    if not _USERNAME.match((username or "").strip().lower()):
        problems.add("username", "invalid_username", "用户名为3–64位小写字母、数字或 _ . -")
    DISPLAY_NAME.check(problems, "display_name", display_name)
    _check_password(problems, "password", password, username)
    check_confirmation(problems, "confirm_password", password, confirm_password, "初始密码")
    problems.items += new_user_email_problems(email)
    return problems.items


def new_user_email_problems(email: str | None) -> list[FieldProblem]:
    """A new user's e-mail as creating one checks it (None or "": none), trimmed and lower-case
    as it is stored (and as editing a user and 我的账号 take it)."""
    problems = Problems()
    email = stored_email(email)
    if email and len(email) > MAX_EMAIL_LENGTH:
        problems.add("email", "too_long", f"邮箱不能超过{MAX_EMAIL_LENGTH}个字符")
    elif email:
        check_email(problems, "email", email)
    return problems.items


def stored_email(email: str | None) -> str | None:
    """An e-mail address as a user's is stored: trimmed and lower-case (blank: none), the form
    the reminders' recipients are matched in."""
    return (email or "").strip().lower() or None


def create_user(uow: UnitOfWork, cmd: NewUser, actor: Actor, *, scope: Scope) -> User:
    """Add a user bound to a union inside the creator's scope; the password is argon2-hashed."""
    del actor  # recorded by the audit trail through the unit of work
    username = (cmd.username or "").strip().lower()

    def taken() -> FieldProblem | None:
        if _USERNAME.match(username) and uow.accounts.user_by_username(username) is not None:
            return FieldProblem("username", "duplicate", "用户名已被使用")
        return None

    problems = Problems([problem] if (problem := taken()) else [])
    problems.items += user_field_problems(
        cmd.username, cmd.display_name, cmd.password, cmd.email, cmd.confirm_password
    )
    union = uow.unions.get(cmd.union_id, scope)
    if union is None:
        problems.add("union_id", "not_found", "所属工会不存在或不在管辖范围内")
    else:
        check_role_fits(uow, problems, cmd.role, union)
    problems.raise_if_any()
    return uow.accounts.add_user(
        User(
            username=username,
            display_name=cmd.display_name.strip(),
            email=stored_email(cmd.email),
            password_hash=_hasher().hash(cmd.password),
            role=cmd.role,
            union_id=cmd.union_id,
            active=True,
        ),
        taken=taken,  # the same username added meanwhile by another request: refused as here
    )


def authenticate(uow: UnitOfWork, username: str, password: str, now: datetime) -> Principal:
    """Check a password: unknown, inactive and wrong all cost one hash and get one answer.

    Nothing is written on a failure (throttling is per name and client address, see
    ``lifecycle.accounts.throttle``). In a read-only unit (the login edges: on SQLite the check
    then holds no write lock) the caller runs ``refresh_password_hash`` in its writing unit.
    """
    del now  # kept for the callers: the check itself no longer depends on the time
    user = uow.accounts.user_by_username((username or "").strip().lower())
    if user is None:
        _verify(_dummy_hash(), password)
        raise LoginFailed(_LOGIN_FAILED, field="username")
    # The hash is checked for an inactive account too, so that it answers in the same time.
    if not _verify(user.password_hash, password) or not user.active:
        raise LoginFailed(_LOGIN_FAILED, field="username")
    if not uow.read_only:
        refresh_password_hash(uow, user.id, password)
    found = uow.accounts.user_with_union(user.id)
    assert found is not None
    return principal_of(*found)


def refresh_password_hash(uow: UnitOfWork, user_id: int, password: str) -> None:
    """After a right password: rehash at today's argon2 cost."""
    user = uow.accounts.get_user(user_id, EVERYTHING)  # the user who just proved the password
    if user is None:
        return
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class IssuedToken:
    """A new API token: the stored row (its id revokes it) and the plaintext, shown once."""

    stored: ApiToken
    plaintext: str


def token_problems(
    name: str, valid_days: int | None, name_field: str = "name"
) -> list[FieldProblem]:
    """What issuing a token refuses in its name (visible text, at most 100 characters) and
    its life in days (1 to ``MAX_TOKEN_DAYS``, or None: never), every field at once; also for
    a form refused before the use case runs."""
    problems = Problems()
    require_visible_text(problems, name_field, name, "令牌名称", 100)
    if valid_days is not None and not 1 <= valid_days <= MAX_TOKEN_DAYS:
        problems.add(
            "expires_in_days", "out_of_range", f"有效天数应为1至{MAX_TOKEN_DAYS}天，或不设期限"
        )
    return problems.items


def issue_token(
    uow: UnitOfWork,
    principal: Principal,
    name: str,
    now: datetime,
    *,
    valid_days: int | None = None,
    name_field: str = "name",
) -> IssuedToken:
    """Create an API token for the caller, refused ``valid_days`` days after ``now`` (None:
    never, until revoked); the plaintext is returned once, only its hash kept. Its name is
    visible text only (no bidi or zero-width character), refused by ``name_field`` (the API
    login's body calls it ``token_name``)."""
    problems = Problems(token_problems(name, valid_days, name_field))
    problems.raise_if_any()
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    stored = uow.accounts.add_token(
        ApiToken(
            user_id=principal.user_id,
            name=name.strip(),
            token_hash=hash_secret(token),
            created_at=now,
            expires_at=None if valid_days is None else now + timedelta(days=valid_days),
        )
    )
    return IssuedToken(stored, token)


def token_expired(expires_at: datetime | None, now: datetime) -> bool:
    """Whether a token expiring at ``expires_at`` (None: never) is refused at ``now``."""
    return expires_at is not None and now >= expires_at


class TokenExpired(DomainError):
    """An API token past the expiry chosen at its creation: the caller asks for a new one."""

    code = "token_expired"
    http_status = 401

    @classmethod
    def at(cls, expires_at: datetime) -> TokenExpired:
        when = chinese_date(to_shanghai(expires_at).date())
        return cls(f"API 令牌已于{when}过期，请重新申请令牌", field="authorization")


def principal_for_api_token(uow: UnitOfWork, token: str, now: datetime) -> Principal | None:
    """The principal of a live, unrevoked API token, or None; ``TokenExpired`` past its
    expiry."""
    if not token or not token.startswith(API_TOKEN_PREFIX):
        return None
    found = uow.accounts.token_by_hash(hash_secret(token))
    if found is None:
        return None
    api_token, user, union = found
    if api_token.revoked_at is not None or not user.active:
        return None
    if api_token.expires_at is not None and token_expired(api_token.expires_at, now):
        raise TokenExpired.at(api_token.expires_at)
    if api_token.last_used_at is None or now - api_token.last_used_at > TOKEN_STAMP_INTERVAL:
        api_token.last_used_at = now
        uow.flush()
    return principal_of(user, union)


@dataclass(frozen=True)
class TokenState:
    """A live API token as read: its principal, when its last-used stamp falls due and when it
    expires."""

    principal: Principal
    stamp_due_after: datetime | None  # None: never used, due now
    expires_at: datetime | None = None  # None: never

    def stamp_due(self, now: datetime) -> bool:
        return self.stamp_due_after is None or now > self.stamp_due_after

    def check_expiry(self, now: datetime) -> None:
        """Refuse a token past its expiry (401 ``token_expired``, naming the day)."""
        if self.expires_at is not None and token_expired(self.expires_at, now):
            raise TokenExpired.at(self.expires_at)


def token_state(uow: UnitOfWork, token: str) -> TokenState | None:
    """The state of a live, unrevoked API token of an active user (one query, no objects
    loaded), or None; nothing is written."""
    if not token or not token.startswith(API_TOKEN_PREFIX):
        return None
    row = uow.accounts.token_alone(hash_secret(token))
    if row is None or row.revoked_at is not None or not row.active:
        return None
    principal = Principal(
        user_id=row.user_id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        union_id=row.union_id,
        union_path=row.union_path,
        email=row.email,
        union_level=row.union_level,
    )
    last = row.last_used_at
    due_after = None if last is None else last + TOKEN_STAMP_INTERVAL
    return TokenState(principal, due_after, row.expires_at)


def revoke_api_token(
    uow: UnitOfWork, principal: Principal, token_id: int, now: datetime
) -> ApiToken:
    """Revoke one of the caller's tokens (admins may revoke any token of a user in scope)."""
    owner = None if principal.role == Role.ADMIN else principal.user_id
    api_token = uow.accounts.get_token(token_id, owner)
    if api_token is None or uow.accounts.get_user(api_token.user_id, principal.scope) is None:
        raise NotFound("令牌不存在", field="token_id")
    if api_token.revoked_at is None:
        api_token.revoked_at = now
        uow.flush()
    return api_token


def tokens_page(uow: UnitOfWork, principal: Principal, window: Window) -> Listing[ApiToken]:
    """A page of the caller's own API tokens, oldest first, and how many they have."""
    return uow.accounts.tokens_page(principal.user_id, window)


def list_users(
    uow: UnitOfWork, scope: Scope, *, search: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[Sequence[User], int]:
    """Users of unions inside `scope` (those ``search`` finds), with the total count."""
    users = uow.accounts.users(scope, search=search, limit=limit, offset=offset)
    return users, uow.accounts.count_users(scope, search)
