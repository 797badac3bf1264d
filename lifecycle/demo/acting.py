"""Who the demo acts as: the officers of the union whose step it is, so authority checks apply."""

from __future__ import annotations

from lifecycle.actors import Actor
from lifecycle.unions.model import Union
from lifecycle.vocab import Role, UnionLevel

DEMO_NAME = "演示数据导入"
# The demo loader itself (records that no union decides: persons, workshops, users).
DEMO_ACTOR = Actor(name=DEMO_NAME)
_ROLE_AT = {
    UnionLevel.CITY: Role.CITY_OFFICER,
    UnionLevel.DISTRICT: Role.DISTRICT_OFFICER,
    UnionLevel.UNIT: Role.UNIT_CONTACT,
}


def acting_for(union: Union) -> Actor:
    """The demo's actor for ``union``: its officers' role, so the authority checks apply."""
    return Actor(name=DEMO_NAME, union_id=union.id, role=_ROLE_AT.get(union.level))
