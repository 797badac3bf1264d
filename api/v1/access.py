"""The access registry: every /api/v1 route → the permission it needs and how scope applies."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fastapi import Request

from api.deps import Forbidden
from lifecycle.accounts.permissions import Permission as P


class Reach(StrEnum):
    """Which scope the route's repository queries get."""

    READ = "read"  # principal.read_scope: city officers and admin read everything
    ACT = "act"  # principal.scope: the caller's own union subtree
    OWN = "own"  # only the caller's own records (their tokens)


@dataclass(frozen=True)
class Rule:
    permission: P
    reach: Reach


R, A, OWN = Reach.READ, Reach.ACT, Reach.OWN

RULES: dict[str, Rule] = {
    # accounts
    "GET /api/v1/me": Rule(P.READ, OWN),
    "GET /api/v1/me/tokens": Rule(P.OWN_TOKENS, OWN),
    "POST /api/v1/me/tokens": Rule(P.OWN_TOKENS, OWN),
    "DELETE /api/v1/me/tokens/{token_id}": Rule(P.OWN_TOKENS, OWN),
    "GET /api/v1/users": Rule(P.USERS_MANAGE, A),
    "POST /api/v1/users": Rule(P.USERS_MANAGE, A),
    "GET /api/v1/users/{user_id}": Rule(P.USERS_MANAGE, A),
    "POST /api/v1/users/{user_id}/deactivate": Rule(P.USERS_MANAGE, A),
    "POST /api/v1/users/{user_id}/password": Rule(P.USERS_MANAGE, A),
    "GET /api/v1/users/{user_id}/audit": Rule(P.AUDIT_READ, A),
}


def rule_for(request: Request) -> Rule:
    """The registry entry of the matched route; a route without one is refused (deny by default)."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    method = "GET" if request.method == "HEAD" else request.method
    rule = RULES.get(route_key(method, str(path)))
    if rule is None:
        raise Forbidden("该接口未登记访问规则", code="no_access_rule")
    return rule


def route_key(method: str, path: str) -> str:
    return f"{method} {path}"
