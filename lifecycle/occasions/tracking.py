"""Which designations a unit of work touched, so their index entries are rewritten on commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from lifecycle.designations.model import Designation
from lifecycle.occasions.index import Touched
from lifecycle.occasions.index_model import OccasionEntry, OccasionIndexState
from lifecycle.persons.model import Person
from lifecycle.workshops.model import Workshop

_KEY = "occasions_touched"
_IGNORED = (OccasionEntry, OccasionIndexState)


def touched(session: Session) -> Touched:
    """The changes collected so far in this session."""
    found = session.info.setdefault(_KEY, Touched())
    assert isinstance(found, Touched)
    return found


def take(session: Session) -> Touched:
    """The changes collected so far, forgetting them."""
    found = session.info.pop(_KEY, None)
    return found if isinstance(found, Touched) else Touched()


def collect(session: Session, _context: Any) -> None:
    """after_flush hook: any row naming a designation, workshop or leader may change what is owed.

    Every model that affects occasions carries ``designation_id`` or ``workshop_id`` (see
    CONTRIBUTING.md); persons reach their designations through the workshops they lead.
    """
    into = touched(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _IGNORED):
            continue
        if isinstance(obj, Designation):
            into.designations.add(obj.id)
        elif isinstance(obj, Workshop):
            into.workshops.add(obj.id)
        elif isinstance(obj, Person):
            into.persons.add(obj.id)
        else:
            designation_id = getattr(obj, "designation_id", None)
            if isinstance(designation_id, int):
                into.designations.add(designation_id)
            workshop_id = getattr(obj, "workshop_id", None)
            if isinstance(workshop_id, int):
                into.workshops.add(workshop_id)
