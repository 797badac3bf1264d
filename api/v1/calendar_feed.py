"""The caller's own ICS subscription address: whether one is live, make/replace it, stop it.

The address is the caller's alone (replacing it stops nobody else's); its secret is shown once,
in the answer that makes it, and only its hash is kept, as with API tokens.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel

from api.deps import ClockDep, ReaderDep, SettingsDep, UowDep
from api.v1.common import CallerDep, Instant
from lifecycle.feeds.subscriptions import feed_url, issue_feed, live_feed, stop_feed

router = APIRouter(tags=["calendar"])


class FeedOut(BaseModel):
    """The caller's address as stored: live or not, and since when (its URL is not kept)."""

    union_id: int
    live: bool
    issued_at: Instant | None


class IssuedFeedOut(BaseModel):
    """A new address: ``url`` is shown this once; the old one has stopped."""

    union_id: int
    url: str
    issued_at: Instant


@router.get("/me/calendar-feed", response_model=FeedOut)
def my_feed(caller: CallerDep, u: ReaderDep) -> FeedOut:
    """Whether the caller has a live subscription address, and when it was made."""
    feed = live_feed(u, caller.principal)
    issued_at = feed.issued_at if feed is not None else None
    return FeedOut(union_id=caller.principal.union_id, live=feed is not None, issued_at=issued_at)


@router.post("/me/calendar-feed", response_model=IssuedFeedOut)
def rotate_my_feed(
    caller: CallerDep, uow: UowDep, settings: SettingsDep, clock: ClockDep, response: Response
) -> IssuedFeedOut:
    """Make the caller's address, or replace it: their old one stops at once, nobody else's."""
    with uow(caller.principal.actor) as u:
        issued = issue_feed(u, caller.principal, clock())
        u.commit()
    response.headers["Cache-Control"] = "no-store"
    return IssuedFeedOut(
        union_id=caller.principal.union_id,
        url=feed_url(settings.base_url, issued.token),
        issued_at=issued.issued_at,
    )


@router.delete("/me/calendar-feed", status_code=204)
def stop_my_feed(caller: CallerDep, uow: UowDep, clock: ClockDep) -> Response:
    """Stop the caller's address without a new one."""
    with uow(caller.principal.actor) as u:
        stop_feed(u, caller.principal, clock())
        u.commit()
    return Response(status_code=204)
