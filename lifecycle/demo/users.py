"""Demo accounts, one per role (password ``demo-password-2026``), created once."""

from __future__ import annotations

from lifecycle.accounts.service import NewUser, create_user
from lifecycle.actors import Actor
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - documented demo password, not a secret
# (username, display name, role, demo union key)
DEMO_USERS = (
    ("admin", "系统管理员", Role.ADMIN, "sh"),
    ("city", "市总工会 陈干事", Role.CITY_OFFICER, "sh"),
    ("yangpu", "杨浦区总工会 王干事", Role.DISTRICT_OFFICER, "yp"),
    ("finance", "杨浦区总工会 财务 李会计", Role.FINANCE, "yp"),
    ("unit", "热能设备公司工会 赵联系人", Role.UNIT_CONTACT, "rn"),
)


def load_demo_users(uow: UnitOfWork, union_ids: dict[str, int], actor: Actor) -> int:
    """Create the demo users that are missing; returns how many were created."""
    created = 0
    for username, name, role, union_key in DEMO_USERS:
        if union_key not in union_ids or uow.accounts.user_by_username(username) is not None:
            continue
        create_user(
            uow,
            NewUser(username, name, DEMO_PASSWORD, role, union_ids[union_key]),
            actor,
            scope=EVERYTHING,
        )
        created += 1
    return created
