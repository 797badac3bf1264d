"""Shared API pieces: the authorised caller, pagination and the page envelope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict

from api.deps import ApiPrincipal, Forbidden
from api.v1.access import Reach, rule_for
from lifecycle.accounts.principal import Principal
from lifecycle.clock import to_shanghai
from lifecycle.errors import NotFound
from lifecycle.listings.repository import Window
from lifecycle.scope import Scope

T = TypeVar("T")


@dataclass(frozen=True)
class Caller:
    """The authenticated principal and the scope this route lets them work in."""

    principal: Principal
    scope: Scope


async def authorize(request: Request, principal: ApiPrincipal) -> Caller:
    """Apply the route's entry in the access registry: permission, then scope (deny by default).

    A coroutine: it does no I/O, and FastAPI would run a plain function in a worker thread.
    """
    rule = rule_for(request)
    if not principal.can(rule.permission):
        raise Forbidden("当前角色无权执行此操作", field=None)
    reads = rule.reach in (Reach.READ, Reach.SHARED)
    scope = principal.read_scope if reads else principal.scope
    return Caller(principal, scope)


CallerDep = Annotated[Caller, Depends(authorize)]


class Out(BaseModel):
    """Response models read attributes of domain objects."""

    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    """A page of items with the total matching the filter."""

    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int

    @property
    def window(self) -> Window:
        return Window(self.limit, self.offset)


def paging(
    limit: Annotated[int, Query(ge=1, le=500, description="每页条数")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="跳过条数")] = 0,
) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]


def found(value: T | None, message: str = "记录不存在或不在管辖范围内", field: str = "id") -> T:
    """The record, or 404 — outside the caller's scope looks exactly like absent."""
    if value is None:
        raise NotFound(message, field=field)
    return value


def today(clock: Callable[[], datetime]) -> date:
    """The rule date: today in Asia/Shanghai, read at the edge."""
    return to_shanghai(clock()).date()


IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]
UnionFilter = Annotated[
    int | None, Query(ge=1, le=2_147_483_647, description="只看该工会及其下级（子树）")
]
