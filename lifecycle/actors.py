"""Who acts: every state change records an actor."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lifecycle.vocab import Role, UnionLevel


@dataclass(frozen=True)
class Actor:
    """A user (or the system) performing a change."""

    name: str
    user_id: int | None = None
    # The union the user acts for and their role: regulated use cases check them [DOMAIN §1].
    union_id: int | None = None
    role: Role | None = None


SYSTEM = Actor(name="系统")

# The role of the officers who act for a union of each level.
OFFICER_AT_LEVEL = {
    UnionLevel.CITY: Role.CITY_OFFICER,
    UnionLevel.DISTRICT: Role.DISTRICT_OFFICER,
    UnionLevel.UNIT: Role.UNIT_CONTACT,
}


def on_behalf_of(actor: Actor, union_id: int, level: UnionLevel) -> Actor:
    """``actor`` acting as an officer of ``union_id``: only for a use case that has itself
    checked that the user may act for that union (intake naming, registry import)."""
    return replace(actor, union_id=union_id, role=OFFICER_AT_LEVEL.get(level))
