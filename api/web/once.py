"""A page form writes once: each rendered form carries a one-time key (``form_key``), the write
it makes stores the key in its own transaction, and the same form posted again (back and
resubmit, a double click, a retried request) is answered with a notice and writes nothing.

Only a write that commits uses the key: a refused form rolls back with it, so the user corrects
the field and posts the same form again. Two identical posts at once are decided by the key's
unique index (``lifecycle.submissions``) on both databases.
"""

from __future__ import annotations

import logging
import re
import secrets

from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import FormData

from lifecycle.submissions.repository import SubmissionRepository
from lifecycle.uow import UnitOfWork

log = logging.getLogger(__name__)

FORM_KEY_FIELD = "form_key"
_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# Set on the request once a write of it committed with the key (a later unit claims nothing).
CLAIMED = "form_key_claimed"
SUBMITTED_NOTICE = "该表单已提交，未重复登记"


def new_form_key() -> str:
    """A fresh key for one rendered form (the ``csrf()`` macro draws one per form)."""
    return secrets.token_urlsafe(24)


class AlreadySubmitted(Exception):
    """The form was posted before and that post was written: nothing more is written."""

    def __init__(self, location: str | None) -> None:
        super().__init__(SUBMITTED_NOTICE)
        # Where the first submission led, when it is known and was the same user's.
        self.location = location


def posted_key(request: Request) -> str | None:
    """The one-time key of the form this request posted (None: a form without one)."""
    key: str | None = getattr(request.state, FORM_KEY_FIELD, None)
    return key


def note_key(request: Request, form: FormData, factory: sessionmaker[Session]) -> None:
    """Take the posted form's key; a key already written is a replay, refused at once."""
    raw = form.get(FORM_KEY_FIELD)
    if not isinstance(raw, str) or not _KEY.match(raw):
        return  # no key (an older page, a script): the form works as before, without the guard
    with UnitOfWork(factory, read_only=True) as uow:
        found = SubmissionRepository(uow.session).find(raw)
        if found is not None:
            raise AlreadySubmitted(_shown(found.location, found.user_id, request))
    setattr(request.state, FORM_KEY_FIELD, raw)


def claim(request: Request, uow: UnitOfWork) -> None:
    """Store the request's key in ``uow``'s transaction, before anything else it writes; a key
    another transaction wrote meanwhile raises ``AlreadySubmitted``."""
    key = posted_key(request)
    if key is None or getattr(request.state, CLAIMED, False):
        return
    repo = SubmissionRepository(uow.session)
    if not repo.claim(key, uow.actor.user_id, request.url.path):
        raise AlreadySubmitted(None)


def claimed(request: Request) -> None:
    """The write holding the key committed: the request's later units claim nothing."""
    if posted_key(request) is not None:
        setattr(request.state, CLAIMED, True)


def record_location(request: Request, factory: sessionmaker[Session], location: str) -> None:
    """Keep where the first submission led, for a replay's notice (best effort: the write it
    guards is already committed)."""
    key = posted_key(request)
    if key is None or not getattr(request.state, CLAIMED, False):
        return
    try:
        with UnitOfWork(factory) as uow:
            SubmissionRepository(uow.session).set_location(key, location)
            uow.commit()
    except Exception:  # the user's write stands; only the replay's link is lost
        log.exception("could not keep where a form submission led")


def _shown(location: str | None, user_id: int | None, request: Request) -> str | None:
    principal = getattr(request.state, "principal", None)
    same = principal is not None and principal.user_id == user_id
    return location if same and location and location.startswith("/") else None
