"""The funding ledger's write routes answer an outsider 404 before reading its body: the record
the path names is looked up in the caller's scope first, so a caller outside the title's union
subtree hears 「…不存在或不在可见范围内」 whatever it sent, never a validation error that tells
it the record exists (DOMAIN: scope first)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request

from api.deps import RequestReaderDep
from api.v1.common import CallerDep
from lifecycle.errors import NotFound
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork


def _refund(u: UnitOfWork, refund_id: int, scope: Scope) -> object | None:
    """A refund is in scope with the finding it answers (as ``refund_changes._load`` reads it)."""
    refund = u.funding.standing_refund(refund_id)
    return None if refund is None else u.funding.get_finding(refund.finding_id, scope)


Lookup = Callable[[UnitOfWork, int, Scope], object | None]

# Each path parameter of a ledger write route: its record in scope, and the refusal the use case
# gives for a record it cannot see (the same words whether or not the body is valid).
_TARGETS: dict[str, tuple[Lookup, str]] = {
    "designation_id": (lambda u, i, s: u.designations.get(i, s), "命名记录不存在或不在可见范围内"),
    "union_id": (lambda u, i, s: u.unions.get(i, s), "工会不存在或不在可见范围内"),
    "grant_id": (lambda u, i, s: u.funding.get_grant(i, s), "补贴记录不存在或不在可见范围内"),
    "expenditure_id": (
        lambda u, i, s: u.funding.standing_expenditure(i, s),
        "支出记录不存在或不在可见范围内",
    ),
    "refund_id": (_refund, "退回记录不存在或不在可见范围内"),
    "finding_id": (lambda u, i, s: u.funding.get_finding(i, s), "审计发现不存在或不在可见范围内"),
    "application_id": (
        lambda u, i, s: u.funding.get_application(i, s),
        "扶持申请不存在或不在可见范围内",
    ),
}


def _target_in_scope(request: Request, caller: CallerDep, reader: RequestReaderDep) -> None:
    """404 for a path record outside the caller's scope, before the body is validated (a
    dependency runs before FastAPI reads the body's fields); a malformed id is left to the
    path's own validation."""
    try:
        for name, raw in request.path_params.items():
            target = _TARGETS.get(name)
            if target is None or not str(raw).isdigit() or int(raw) > 2_147_483_647:
                continue
            lookup, missing = target
            if lookup(reader.get(), int(raw), caller.scope) is None:
                raise NotFound(missing, field=name)
    finally:
        reader.release()


# ``dependencies=[TARGET_IN_SCOPE]`` on every ledger write route.
TARGET_IN_SCOPE = Depends(_target_in_scope)


def ledger_write(
    router: APIRouter, path: str, response_model: Any = None, status_code: int = 200
) -> Callable[[Any], Any]:
    """``router.post`` of a ledger write route: its path's record is looked up in scope first."""
    return router.post(
        path,
        response_model=response_model,
        status_code=status_code,
        dependencies=[TARGET_IN_SCOPE],
    )
