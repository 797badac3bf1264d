"""Every mapped class, imported in one place so the metadata (and Alembic) sees the whole schema."""

from __future__ import annotations

from lifecycle.calendar.model import CalendarOverrideDay
from lifecycle.db.base import Base
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.persons.model import Person, PersonHonour
from lifecycle.unions.model import Union, UnionContact
from lifecycle.workshops.model import Workshop, WorkshopMember

__all__ = [
    "Base",
    "CalendarOverrideDay",
    "Designation",
    "Person",
    "PersonHonour",
    "StatusChange",
    "Union",
    "UnionContact",
    "Workshop",
    "WorkshopMember",
]
