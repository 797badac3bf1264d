"""Who acts: every state change records an actor."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """A user (or the system) performing a change."""

    name: str
    user_id: int | None = None


SYSTEM = Actor(name="系统")
