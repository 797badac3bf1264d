"""Who acts: every state change records an actor."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.vocab import Role


@dataclass(frozen=True)
class Actor:
    """A user (or the system) performing a change."""

    name: str
    user_id: int | None = None
    # The union the user acts for and their role: regulated use cases check them [DOMAIN §1].
    union_id: int | None = None
    role: Role | None = None


SYSTEM = Actor(name="系统")
