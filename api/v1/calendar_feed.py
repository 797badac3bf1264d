"""The caller's union's ICS subscription address: read it, or create/replace it."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import ReaderDep, SettingsDep, UowDep
from api.v1.common import CallerDep
from lifecycle.feeds.ics import feed_token

router = APIRouter(tags=["calendar"])


class FeedOut(BaseModel):
    union_id: int
    url: str | None  # None until the address is first created


def _url(base_url: str, token: str | None) -> str | None:
    return f"{base_url.rstrip('/')}/calendar/{token}.ics" if token else None


@router.get("/me/calendar-feed", response_model=FeedOut)
def my_feed(caller: CallerDep, u: ReaderDep, settings: SettingsDep) -> FeedOut:
    """The subscription address of the caller's union under the public base URL."""
    union_id = caller.principal.union_id
    union = u.unions.get(union_id, caller.scope)
    token = union.calendar_token if union is not None else None
    return FeedOut(union_id=union_id, url=_url(settings.base_url, token))


@router.post("/me/calendar-feed", response_model=FeedOut)
def rotate_my_feed(caller: CallerDep, uow: UowDep, settings: SettingsDep) -> FeedOut:
    """Create the address, or replace it: the old one stops working at once."""
    union_id = caller.principal.union_id
    with uow(caller.principal.actor) as u:
        token = feed_token(u, union_id, rotate=True, scope=caller.scope)
        u.commit()
    return FeedOut(union_id=union_id, url=_url(settings.base_url, token))
