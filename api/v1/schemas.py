"""Response models shared by several routers, and the per-record audit page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, Field

from api.errors import ErrorDetail
from api.v1.common import Instant, Out, Page, Paging
from lifecycle.funding.occasions import occasion_line
from lifecycle.listings.repository import Listing
from lifecycle.occasions.model import Occasion, OccasionKind, OccasionStatus
from lifecycle.schemes.words import worded
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role

T = TypeVar("T")

# An instant in a snapshot written before snapshots wrote UTC as ``Z`` (「…T02:00:00+00:00」).
_UTC_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?\+00:00")


def _zulu(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    """A before/after snapshot with its instants ending in ``Z``, as every ``*_at`` of the API
    (the audit recorder writes them so; entries written earlier say ``+00:00``)."""
    if snapshot is None:
        return None
    return {
        key: value.removesuffix("+00:00") + "Z"
        if isinstance(value, str) and _UTC_OFFSET.fullmatch(value)
        else value
        for key, value in snapshot.items()
    }


Snapshot = Annotated[dict[str, Any] | None, AfterValidator(_zulu)]


class AuditEntryOut(Out):
    id: int
    at: Instant
    user_id: int | None
    actor_name: str
    action: str
    entity: str
    entity_id: str
    before: Snapshot
    after: Snapshot
    reason: str | None  # why, where the change's use case asks for it


def audit_page(
    uow: UnitOfWork,
    entity: str,
    entity_id: int | str,
    paging: Paging,
    *,
    parts: Sequence[tuple[str, int | str]] = (),
) -> Page[AuditEntryOut]:
    """Who changed one record (and its ``parts``: rows of other tables that belong to it, such
    as a request's attached files), oldest first, with before and after."""
    keys = [(entity, entity_id), *parts]
    rows = uow.audit.for_records(keys, limit=paging.limit, offset=paging.offset)
    return Page(
        items=[AuditEntryOut.model_validate(r) for r in rows],
        total=uow.audit.count_for_records(keys),
        limit=paging.limit,
        offset=paging.offset,
    )


def listed(rows: Listing[Any], out: Callable[[Any], T], paging: Paging) -> Page[T]:
    """A page of a record's own list (``rows`` read in ``paging``'s window) as the API answers
    every list: its items, the total and the window asked."""
    items = [out(r) for r in rows.items]
    return Page(items=items, total=rows.total, limit=paging.limit, offset=paging.offset)


class OccasionOut(BaseModel):
    kind: OccasionKind
    kind_label: str
    designation_id: int | None  # None: an application's
    due_on: date
    union_id: int
    status: OccasionStatus
    title: str
    link: str
    key: str
    subject: str
    provisional: bool
    standing: bool
    undated: bool = Field(
        description="true：无规定办理期限的环节，due_on 为开始等待的日期，不是到期日"
    )

    @classmethod
    def of(cls, o: Occasion, role: Role | None) -> OccasionOut:
        """``o`` as a user in ``role`` reads it (``occasion_line``: an audit finding waits for
        finance staff when a unit union's contact reads it, reading ux57a)."""
        return cls(
            kind=o.kind,
            kind_label=o.kind_label,
            designation_id=o.designation_id,
            due_on=o.due_on,
            union_id=o.union_id,
            status=o.status,
            title=occasion_line(o, role),
            link=o.link,
            key=o.key,
            subject=o.subject,
            provisional=o.provisional,
            standing=o.standing,
            undated=o.undated,
        )


def occasions_out(
    u: UnitOfWork, occasions: Iterable[Occasion], *, role: Role | None
) -> list[OccasionOut]:
    """Occasions as the API answers them to a user in ``role``, each kind in its title's
    scheme's word for the leader (带头人 [Y3], 领衔人 [S3][C 一（一）]; an application's in the
    words of all), each line as the page shows it to that user."""
    return [OccasionOut.of(o, role) for o in worded(u, occasions)]


class CellOut(BaseModel):
    """One bad cell of an uploaded spreadsheet."""

    row: int
    column: str
    header: str
    message: str


class CellsErrorDetail(ErrorDetail):
    cells: list[CellOut] = Field(default_factory=list)
    # A registry file: how many cells are bad in all, and how many past those listed.
    total_cells: int | None = None
    more_cells: int | None = None


class CellsErrorBody(BaseModel):
    """A refused spreadsheet: every bad cell (row, column, why); nothing was imported."""

    error: CellsErrorDetail


ERROR_422_CELLS: dict[int | str, dict[str, Any]] = {
    422: {"model": CellsErrorBody, "description": "文件有误：逐格列出错误，未导入任何记录"}
}
