"""A form posted after its session ended is not lost: the login form carries what was typed, and
after the same user logs in again the page holding the form shows it filled in, not submitted.

Kept only for a post from this browser's own (ended) session with that session's CSRF token, so
another site cannot plant values in a user's form. The values travel in the bodies of the login
form and of the page after it (never in an address, so never in a log) and end in the tab's own
``sessionStorage`` until the form page has taken them (``static/resume.js``). Files chosen for an
upload cannot be carried over: their names are listed so the user chooses them again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from api.security import local_path, same_secret
from api.web.post_only import form_page_of
from lifecycle.accounts.sessions import session_owner
from lifecycle.uow import UnitOfWork

PENDING_FIELD = "pending"
# Never carried: the expired session's secrets (a fresh page draws its own) and passwords.
_NOT_CARRIED = frozenset({"csrf_token", "form_key"})
# More typed text than any form here takes: not carried (the page says the values were lost).
MAX_CHARS = 200_000


class PendingLogin(Exception):
    """A form post that found its session ended: answered with the login form carrying it."""

    def __init__(self, pending: PendingForm | None, page: str) -> None:
        super().__init__("login required for a form post")
        self.pending = pending
        self.page = page


@dataclass(frozen=True)
class PendingForm:
    """What a user posted: the form's address, the page holding it, the typed fields in order
    and the names of the files that were chosen (not carried)."""

    action: str
    page: str
    fields: tuple[tuple[str, str], ...]
    files: tuple[str, ...]

    def dumps(self) -> str:
        body = {
            "action": self.action,
            "page": self.page,
            "fields": [list(pair) for pair in self.fields],
            "files": list(self.files),
        }
        return json.dumps(body, ensure_ascii=False)

    def as_json(self) -> dict[str, object]:
        loaded: dict[str, object] = json.loads(self.dumps())
        return loaded


def _page_of(request: Request) -> str:
    """The page the form was on: the browser's Referer when it is a page of this site, else the
    page holding a form that posts here (``post_only``), else the work desk."""
    referer = request.headers.get("referer") or ""
    parts = urlsplit(referer)
    if parts.netloc == request.url.netloc and parts.path:
        local = local_path(parts.path + (f"?{parts.query}" if parts.query else ""))
        if local is not None and local != request.url.path:
            return local
    return form_page_of(request.app, request.url.path) or "/dashboard"


def _fields(form: FormData) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]] | None:
    fields: list[tuple[str, str]] = []
    files: list[str] = []
    for name, value in form.multi_items():
        if name in _NOT_CARRIED or "password" in name:
            continue
        if isinstance(value, UploadFile):
            if value.filename:
                files.append(value.filename)
        else:
            fields.append((name, value))
    if sum(len(n) + len(v) for n, v in fields) > MAX_CHARS:
        return None
    return tuple(fields), tuple(files)


def _owner_of(request: Request, token: str) -> tuple[int, str] | None:
    """The ended session's owner and CSRF secret (a database read: run in the thread pool)."""
    with UnitOfWork(request.app.state.session_factory, read_only=True) as uow:
        return session_owner(uow, token)


async def pending_login(request: Request, token: str | None) -> PendingLogin:
    """The refusal of a form posted with an ended session's cookie ``token``: carrying the form
    when it was posted with that session's own CSRF token (a post from another site is not)."""
    page = _page_of(request)
    form = await request.form()
    owner = await run_in_threadpool(_owner_of, request, token) if token else None
    sent = form.get("csrf_token")
    if owner is None or not same_secret(sent, owner[1]):
        return PendingLogin(None, page)
    kept = _fields(form)
    if kept is None:
        return PendingLogin(None, page)
    action = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return PendingLogin(PendingForm(action, page, kept[0], kept[1]), page)


def parse_pending(raw: object) -> PendingForm | None:
    """The pending form a login post carried back (as ``PendingForm.dumps`` wrote it), or None
    when absent or not of that shape."""
    if not isinstance(raw, str) or not raw or len(raw) > 4 * MAX_CHARS:
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    action, page = local_path(body.get("action")), local_path(body.get("page"))
    fields, files = body.get("fields"), body.get("files")
    if action is None or page is None or not isinstance(fields, list):
        return None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    pairs: list[tuple[str, str]] = []
    for pair in fields:
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        ):
            return None
        if pair[0] in _NOT_CARRIED:
            continue
        pairs.append((pair[0], pair[1]))
    return PendingForm(action, page, tuple(pairs), tuple(files))
