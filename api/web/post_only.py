"""A page address that only takes a form's POST, opened by GET (a bookmark, a reload after a
refusal, an address typed in): the reader is sent to the page holding the form (reading P36g)."""

from __future__ import annotations

from starlette.routing import Match, Mount
from starlette.types import ASGIApp

from api.errors import API_PREFIX


def _serves_get(app: ASGIApp, path: str) -> bool:
    scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
    return any(
        not isinstance(route, Mount) and route.matches(scope)[0] is Match.FULL
        for route in getattr(app, "routes", ())
    )


def form_page_of(app: ASGIApp, path: str) -> str | None:
    """The page that holds the form posting to ``path``: its ``…/new`` form page, else the
    nearest page above it (e.g. ``/intake/calls`` → ``/intake``); None for an API path or where
    no page serves one."""
    if path.startswith(API_PREFIX):
        return None
    trimmed = path.rstrip("/")
    candidates = []
    # A form page of its own, not a record's page reading "new" as its id (which a segment no
    # page names, "~", would match as well).
    if _serves_get(app, f"{trimmed}/new") and not _serves_get(app, f"{trimmed}/~"):
        candidates.append(f"{trimmed}/new")
    parts = trimmed.split("/")
    while len(parts) > 1:
        parts.pop()
        candidates.append("/".join(parts) or "/")
    return next((c for c in candidates if _serves_get(app, c)), None)
