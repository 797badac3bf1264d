"""Users, their API tokens, web sessions and calendar feeds; secrets are stored only as hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.unions.model import Union
from lifecycle.vocab import Role


class User(Base):
    """A person who logs in; acts only inside the subtree of `union`; `version` guards an
    administrator's edit against another's made in between (optimistic locking)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    # argon2id hash (argon2-cffi); the password itself is never stored.
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role, 30))
    union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))

    union: Mapped[Union] = relationship(lazy="raise")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    def __repr__(self) -> str:
        return f"User(id={self.id}, username={self.username!r}, role={self.role})"


class ApiToken(Base):
    """A machine client's bearer token; only its SHA-256 is kept, revoking stops it at once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Chosen at creation; refused from this moment on (None: never, until revoked).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"ApiToken(id={self.id}, user_id={self.user_id}, name={self.name!r})"


class WebSession(Base):
    """A logged-in browser: the cookie's SHA-256 and the CSRF token its forms must echo; it ends
    at ``expires_at`` (12 hours after the login) or once idle for the configured time."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last request seen (stamped at most once a minute): idle too long, the session ends.
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"WebSession(id={self.id}, user_id={self.user_id})"


class CalendarFeed(Base):
    """A user's ICS subscription address (one a user): only the SHA-256 of its secret is kept.
    It opens what its user may read at each fetch, while the user stays active in the union and
    role it was issued for; a password change, deactivation or a move revokes it at once."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The union and role the address was issued for: another one at a fetch opens nothing.
    union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(str_enum(Role, 30))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"CalendarFeed(id={self.id}, user_id={self.user_id})"
