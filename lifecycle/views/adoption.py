"""What the dashboard says about cut-overs: which unions started using the service, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.errors import NotFound
from lifecycle.listings.repository import Listing, Window
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork


@dataclass(frozen=True)
class CutoverView:
    """One union's 系统启用日期: occasions due before it count as settled outside the service."""

    union_name: str
    cutover_on: date

    @property
    def line(self) -> str:
        day = chinese_date(self.cutover_on)
        return f"{self.union_name}自{day}起启用本系统，此前到期事项视为已办结"


def union_cutovers_page(
    uow: UnitOfWork, union_id: int, window: Window, *, scope: Scope
) -> Listing[CutoverView]:
    """A page of the cut-overs bearing on the union's subtree (its own, its ancestors' and its
    unions', by path) and how many there are."""
    union = uow.unions.get(union_id, scope)
    if union is None:
        raise NotFound("工会不存在或不在可见范围内", field="union_id")
    found = uow.registry.cutovers_page(union, window)
    return Listing([CutoverView(name, day) for name, day in found.items], found.total)
