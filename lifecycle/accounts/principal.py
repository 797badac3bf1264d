"""The authenticated caller: who, which role, and the union subtree they act in."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.accounts.permissions import Permission, role_can
from lifecycle.actors import Actor
from lifecycle.scope import Scope
from lifecycle.vocab import DEFAULT_WORDING, Role, UnionLevel, UnionWording


@dataclass(frozen=True)
class Principal:
    """A logged-in user as the domain sees them; built from the users table, never from input."""

    user_id: int
    username: str
    display_name: str
    role: Role
    union_id: int
    union_path: str
    email: str | None = None
    union_level: UnionLevel | None = None  # the role's label; who may import the calendar
    # The words of the user's city for its unions and roles (乐山's 县（市、区）总工会 [L 一]);
    # set from the user's city tree where one is shown (``views.home_tree``), else Shanghai's.
    wording: UnionWording = DEFAULT_WORDING
    # The scheme codes of the user's city tree (``views.home_tree``; empty: not read), whose
    # articles a role refusal cites (乐山's users are not cited Yangpu's 第十二条).
    schemes: tuple[str, ...] = ()

    @property
    def role_label(self) -> str:
        """The role's label as the user's city and union level have it (a street union's
        officer; a 县（市、区）总工会干部 in 乐山)."""
        return self.wording.role(self.role, self.union_level)

    @property
    def scope(self) -> Scope:
        """Where this user may act (write): their union's subtree."""
        return Scope.subtree(self.union_path)

    @property
    def read_scope(self) -> Scope:
        """Where this user may look: their union's subtree too (DOMAIN §1: nobody sees another
        district's data). A city officer's union is a 市总工会 (``ROLE_LEVELS``), so they read
        every district of their own city and nothing of another city."""
        return self.scope

    @property
    def actor(self) -> Actor:
        """The actor recorded on every change this user makes."""
        return Actor(
            name=self.display_name, user_id=self.user_id, union_id=self.union_id, role=self.role
        )

    def can(self, permission: Permission) -> bool:
        """Whether this user's role holds `permission`."""
        return role_can(self.role, permission)
