"""The page of a user's own API tokens (the twin of ``GET /api/v1/me/tokens``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import token_expired
from lifecycle.listings.repository import Window
from lifecycle.uow import UnitOfWork
from lifecycle.views.paging import Paged


@dataclass(frozen=True)
class TokenRow:
    """One token as listed: never its secret, which is shown once when it is made."""

    id: int
    name: str
    created_at: datetime
    expires_at: datetime | None  # None: never
    last_used_at: datetime | None  # None: not used yet
    revoked_at: datetime | None
    expired: bool


def own_tokens(
    uow: UnitOfWork, principal: Principal, now: datetime, window: Window
) -> Paged[TokenRow]:
    """A page of the caller's own API tokens, the newest first, and how many they have."""
    found = uow.accounts.tokens_page(principal.user_id, window, newest_first=True)
    rows = [
        TokenRow(
            id=t.id,
            name=t.name,
            created_at=t.created_at,
            expires_at=t.expires_at,
            last_used_at=t.last_used_at,
            revoked_at=t.revoked_at,
            expired=token_expired(t.expires_at, now),
        )
        for t in found.items
    ]
    return Paged(rows, found.total, window.limit, window.offset)
