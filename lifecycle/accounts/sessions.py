"""Page sessions (the login cookie): opened at login, ended by logout, 12 hours after the
login, or once idle for the configured time (OWASP ASVS 3.3.2); secrets stored only as hashes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from lifecycle.accounts.model import WebSession
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import hash_secret, principal_of
from lifecycle.uow import UnitOfWork

SESSION_LIFETIME = timedelta(hours=12)  # from the login, however busy (OWASP ASVS 3.3.2)
# A session's last request is stamped at most this often (or a quarter of the idle limit, when
# shorter), so most page reads stay reads.
SESSION_STAMP_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionTicket:
    """What the browser gets at login: the cookie value and the CSRF token of its forms."""

    token: str
    csrf_token: str
    expires_at: datetime
    user_id: int


def start_session(uow: UnitOfWork, principal: Principal, now: datetime) -> SessionTicket:
    """Open a web session; the cookie value is returned once and stored only as a hash."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = now + SESSION_LIFETIME
    uow.accounts.add_session(
        WebSession(
            token_hash=hash_secret(token),
            user_id=principal.user_id,
            csrf_token=csrf,
            created_at=now,
            expires_at=expires,
            last_seen_at=now,
        )
    )
    return SessionTicket(
        token=token, csrf_token=csrf, expires_at=expires, user_id=principal.user_id
    )


@dataclass(frozen=True)
class SessionState:
    """A live session as read: its principal, its forms' CSRF token and whether its last-seen
    stamp is due (written by ``touch_session`` in a writing unit; ``SESSION_STAMP_INTERVAL``)."""

    principal: Principal
    csrf_token: str
    stamp_due: bool


def session_open(
    web_session: WebSession, user_active: bool, now: datetime, idle: timedelta
) -> bool:
    """Whether a session still opens (OWASP ASVS 3.3.2): not revoked, its user active, less than
    12 hours since the login and less than ``idle`` since its last request."""
    last_seen = web_session.last_seen_at or web_session.created_at
    return (
        web_session.revoked_at is None
        and user_active
        and now < web_session.expires_at
        and now - last_seen < idle
    )


def session_state(
    uow: UnitOfWork, token: str, now: datetime, idle: timedelta
) -> SessionState | None:
    """The state of a live session cookie (nothing written), or None."""
    if not token:
        return None
    found = uow.accounts.session_by_hash(hash_secret(token))
    if found is None:
        return None
    web_session, user, union = found
    if not session_open(web_session, user.active, now, idle):
        return None
    seen = web_session.last_seen_at
    # A short idle limit is stamped more often: a stamp every minute would let a one-minute
    # limit end a session in use.
    due = seen is None or now - seen >= min(SESSION_STAMP_INTERVAL, idle / 4)
    return SessionState(principal_of(user, union), web_session.csrf_token, due)


def ended_by_deactivation(uow: UnitOfWork, token: str) -> bool:
    """Whether the session of this cookie is one of a user since switched off: its browser is
    told so, not sent to log in again with a password that no longer opens anything."""
    found = uow.accounts.session_by_hash(hash_secret(token)) if token else None
    return found is not None and not found[1].active


def touch_session(uow: UnitOfWork, token: str, now: datetime, idle: timedelta) -> bool:
    """Record a request of a live session (its idle time starts again); False when the session
    no longer opens (it ended in between)."""
    found = uow.accounts.session_by_hash(hash_secret(token or ""))
    if found is None or not session_open(found[0], found[1].active, now, idle):
        return False
    found[0].last_seen_at = now
    uow.flush()
    return True


def end_session(uow: UnitOfWork, token: str, now: datetime) -> None:
    """Log out: the session stops working at once."""
    found = uow.accounts.session_by_hash(hash_secret(token or ""))
    if found is not None and found[0].revoked_at is None:
        found[0].revoked_at = now
        uow.flush()


def session_owner(uow: UnitOfWork, token: str) -> tuple[int, str] | None:
    """The user id and forms' CSRF token of the session a cookie names, live or ended (None: no
    such session, or its user is switched off): what an expired form post is checked against."""
    found = uow.accounts.session_by_hash(hash_secret(token)) if token else None
    if found is None or not found[1].active:
        return None
    return found[1].id, found[0].csrf_token
