"""Each user's own ICS subscription address: made, replaced or stopped by that user alone.

The secret is returned once, when made, and only its SHA-256 is kept (as API tokens are). A URL
opens what its user may read at that moment (their union's subtree, their role), and only while
the user is active in the union and role it was made for and no password change, deactivation
or stop has revoked it (``lifecycle/accounts/credentials.py``, ``profile.py``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from lifecycle.accounts.credentials import revoke_feed
from lifecycle.accounts.model import CalendarFeed, User
from lifecycle.accounts.permissions import Permission, role_can
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import hash_secret, principal_of
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role


@dataclass(frozen=True)
class IssuedFeed:
    """A new address's secret (shown once, never stored) and when it was made."""

    token: str
    issued_at: datetime


def feed_url(base_url: str, token: str) -> str:
    """The subscription address of a feed secret under the configured public base URL."""
    return f"{base_url.rstrip('/')}/calendar/{token}.ics"


def feed_opens(feed: CalendarFeed, *, active: bool, union_id: int, role: Role) -> bool:
    """Whether a feed opens anything for its user as they are now (active, ``union_id``,
    ``role``): not revoked, made for this union and role, and the role reads."""
    return (
        feed.revoked_at is None
        and active
        and feed.union_id == union_id
        and feed.role == role
        and role_can(role, Permission.READ)
    )


def issue_feed(uow: UnitOfWork, principal: Principal, now: datetime) -> IssuedFeed:
    """Make the caller's address, or replace it: their old one stops at once, nobody else's."""
    token = secrets.token_urlsafe(32)
    feed = uow.accounts.feed_of(principal.user_id)
    if feed is None:
        feed = CalendarFeed(user_id=principal.user_id)
        uow.accounts.add_feed(_issued(feed, token, principal, now))
    else:
        _issued(feed, token, principal, now)
    uow.flush()
    return IssuedFeed(token, now)


def _issued(feed: CalendarFeed, token: str, principal: Principal, now: datetime) -> CalendarFeed:
    feed.token_hash = hash_secret(token)
    feed.union_id, feed.role = principal.union_id, principal.role
    feed.issued_at, feed.revoked_at = now, None
    return feed


def stop_feed(uow: UnitOfWork, principal: Principal, now: datetime) -> None:
    """The caller stops their address without a new one (nothing to stop: nothing happens)."""
    revoke_feed(uow, principal.user_id, now)


def live_feed(uow: UnitOfWork, principal: Principal) -> CalendarFeed | None:
    """The caller's address while it opens anything (its secret is not kept: no URL)."""
    feed = uow.accounts.feed_of(principal.user_id)
    if feed is None:
        return None
    live = feed_opens(feed, active=True, union_id=principal.union_id, role=principal.role)
    return feed if live else None


def feed_reader(uow: UnitOfWork, token: str) -> tuple[Principal, str] | None:
    """The user a feed URL reads as now, with their union's name; None for an unknown,
    revoked or no longer fitting address (the caller answers 404 and says nothing more)."""
    found = uow.accounts.feed_by_hash(hash_secret(token)) if token else None
    if found is None:
        return None
    feed, user, union = found
    if not _opens(feed, user):
        return None
    return principal_of(user, union), union.name


def _opens(feed: CalendarFeed, user: User) -> bool:
    return feed_opens(feed, active=user.active, union_id=user.union_id, role=user.role)
