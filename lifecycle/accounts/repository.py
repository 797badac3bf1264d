"""Queries on users, API tokens, web sessions and feeds; user lists are scoped in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import Session, lazyload

from lifecycle.accounts.model import ApiToken, CalendarFeed, User, WebSession
from lifecycle.db.lost_race import Taken, refused_as_checked
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.vocab import Role

# Built once (a read on every API request): the statement and its cache key are reused.
_TOKEN_CHECK = (
    select(
        ApiToken.revoked_at,
        ApiToken.last_used_at,
        ApiToken.expires_at,
        User.id.label("user_id"),
        User.username,
        User.display_name,
        User.role,
        User.email,
        User.active,
        Union.id.label("union_id"),
        Union.path.label("union_path"),
        Union.level.label("union_level"),
    )
    .join(User, User.id == ApiToken.user_id)
    .join(Union, Union.id == User.union_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


# A caller's union read beside its user (a login, a session cookie, a token, a feed) gives only
# its id, path, level and name: its contacts (``Union.contacts``) are not fetched with it, a
# statement less on every request; read, they still load (lazily). Said here as well as on the
# model, so a change of the model's default does not add a statement to every request.
_UNION_ALONE = lazyload(Union.contacts)


class AccountRepository:
    """Users, tokens and sessions."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _users(self, scope: Scope) -> Select[User]:
        return select(User).join(Union, Union.id == User.union_id).where(scope.clause(Union.path))

    def get_user(self, user_id: int, scope: Scope) -> User | None:
        return self.session.scalars(self._users(scope).where(User.id == user_id)).one_or_none()

    def user_by_username(self, username: str) -> User | None:
        return self.session.scalars(select(User).where(User.username == username)).one_or_none()

    def _found(self, scope: Scope, search: str | None) -> Select[User]:
        """The users in ``scope`` whose username, name, mailbox or union's name holds
        ``search`` (all of them without one)."""
        query = self._users(scope)
        if search:
            query = query.where(
                or_(
                    User.username.contains(search.lower(), autoescape=True),
                    User.display_name.contains(search, autoescape=True),
                    User.email.contains(search.lower(), autoescape=True),
                    Union.name.contains(search, autoescape=True),
                )
            )
        return query

    def users(
        self, scope: Scope, *, search: str | None = None, limit: int = 100, offset: int = 0
    ) -> Sequence[User]:
        query = self._found(scope, search).order_by(User.id).limit(limit).offset(offset)
        return self.session.scalars(query).all()

    def count_users(self, scope: Scope, search: str | None = None) -> int:
        query = select(func.count()).select_from(self._found(scope, search).subquery())
        return int(self.session.scalar(query) or 0)

    def user_with_union(self, user_id: int) -> tuple[User, Union] | None:
        row = self.session.execute(
            select(User, Union)
            .join(Union, Union.id == User.union_id)
            .where(User.id == user_id)
            .options(_UNION_ALONE)
        ).one_or_none()
        return (row[0], row[1]) if row else None

    def add_user(self, user: User, *, taken: Taken) -> User:
        """Insert; the username added meanwhile by another request (unique) is refused as
        ``taken``, the use case's check, says."""
        with refused_as_checked(self.session, taken):
            self.session.add(user)
        return user

    def token_by_hash(self, token_hash: str) -> tuple[ApiToken, User, Union] | None:
        row = self.session.execute(
            select(ApiToken, User, Union)
            .join(User, User.id == ApiToken.user_id)
            .join(Union, Union.id == User.union_id)
            .where(ApiToken.token_hash == token_hash)
            .options(_UNION_ALONE)
        ).one_or_none()
        return (row[0], row[1], row[2]) if row else None

    def token_alone(self, token_hash: str) -> Any | None:
        """The columns a token check needs, in one query without loading objects: the token's
        ``revoked_at``/``last_used_at``, the user's ``user_id``, ``username``, ``display_name``,
        ``role``, ``email``, ``active`` and the union's ``union_id``, ``union_path`` and
        ``union_level``."""
        return self.session.execute(_TOKEN_CHECK, {"token_hash": token_hash}).one_or_none()

    def get_token(self, token_id: int, user_id: int | None = None) -> ApiToken | None:
        query = select(ApiToken).where(ApiToken.id == token_id)
        if user_id is not None:
            query = query.where(ApiToken.user_id == user_id)
        return self.session.scalars(query).one_or_none()

    def tokens_of(self, user_id: int) -> Sequence[ApiToken]:
        return self.session.scalars(_tokens(user_id)).all()

    def tokens_page(
        self, user_id: int, window: Window, *, newest_first: bool = False
    ) -> Listing[ApiToken]:
        """A page of the user's API tokens, oldest (or newest) first, and how many they have."""
        stmt = _tokens(user_id)
        if newest_first:
            stmt = stmt.order_by(None).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        return windowed(self.session, stmt, window)

    def add_token(self, token: ApiToken) -> ApiToken:
        self.session.add(token)
        self.session.flush()
        return token

    def session_by_hash(self, token_hash: str) -> tuple[WebSession, User, Union] | None:
        row = self.session.execute(
            select(WebSession, User, Union)
            .join(User, User.id == WebSession.user_id)
            .join(Union, Union.id == User.union_id)
            .where(WebSession.token_hash == token_hash)
            .options(_UNION_ALONE)
        ).one_or_none()
        return (row[0], row[1], row[2]) if row else None

    def add_session(self, web_session: WebSession) -> WebSession:
        self.session.add(web_session)
        self.session.flush()
        return web_session

    def live_sessions_of(self, user_id: int, now: datetime) -> Sequence[WebSession]:
        """The user's web sessions neither revoked nor expired at ``now``."""
        query = select(WebSession).where(
            WebSession.user_id == user_id,
            WebSession.revoked_at.is_(None),
            WebSession.expires_at > now,
        )
        return self.session.scalars(query).all()

    def feed_of(self, user_id: int) -> CalendarFeed | None:
        """The user's calendar feed row (live or revoked), if one was ever issued."""
        query = select(CalendarFeed).where(CalendarFeed.user_id == user_id)
        return self.session.scalars(query).one_or_none()

    def feed_by_hash(self, token_hash: str) -> tuple[CalendarFeed, User, Union] | None:
        """The feed with this secret's hash, its user and the user's union now."""
        row = self.session.execute(
            select(CalendarFeed, User, Union)
            .join(User, User.id == CalendarFeed.user_id)
            .join(Union, Union.id == User.union_id)
            .where(CalendarFeed.token_hash == token_hash)
            .options(_UNION_ALONE)
        ).one_or_none()
        return (row[0], row[1], row[2]) if row else None

    def add_feed(self, feed: CalendarFeed) -> CalendarFeed:
        self.session.add(feed)
        self.session.flush()
        return feed

    def count_active_admins(self) -> int:
        query = select(func.count()).where(User.role == Role.ADMIN, User.active.is_(True))
        return int(self.session.scalar(query) or 0)


def _tokens(user_id: int) -> Select[ApiToken]:
    """The user's API tokens, oldest first."""
    return select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
