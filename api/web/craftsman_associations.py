"""社团 as recommending bodies [G] 二（二）: the admin registers associations in the union tree."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, form_errors, reading, redirect, render
from api.web.forms import parse_int, text, values
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.errors import DomainError
from lifecycle.unions.service import ASSOCIATION_PARENTS, NewUnion, create_union
from lifecycle.vocab import UnionLevel

router = APIRouter(route_class=HtmlRoute)


def _never(_err: DomainError) -> bool:
    """Every refusal is shown beside the form."""
    return False


def _page(
    request: Request,
    user: Principal,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        unions = uow.unions.find(user.scope)
        names = {u.id: u.name for u in unions}
        associations = [u for u in unions if u.level == UnionLevel.ASSOCIATION]
        parents = [(str(u.id), u.name) for u in unions if u.level in ASSOCIATION_PARENTS]
        context = {
            "associations": associations,
            "names": names,
            "parents": [("", "请选择"), *parents],
            "errors": errors or {},
            "values": form_values or {},
        }
        code = 422 if errors else 200
        return render(request, "craftsman_title/associations.html", context, status_code=code)


@router.get("/admin/associations", response_class=HTMLResponse)
def associations(request: Request, user: UserDep) -> HTMLResponse:
    """The associations in the admin's subtree; their accounts are added under 用户."""
    require(user, Permission.ASSOCIATIONS_MANAGE)
    return _page(request, user)


@router.post("/admin/associations")
def association_create(request: Request, user: UserDep, form: FormDep) -> Response:
    """Register an association under the city or a district union [G] 二（二）."""
    require(user, Permission.ASSOCIATIONS_MANAGE)
    errors: dict[str, str] = {}
    parent_id = parse_int(form, "parent_id", "所属市总或区局（产业）工会", errors, required=True)
    if parent_id is not None:
        with reading(request) as uow:
            if uow.unions.get(parent_id, user.scope) is None:
                errors["parent_id"] = "上级工会不存在或不在管辖范围内"
    if errors or parent_id is None:
        return _page(request, user, errors, values(form))
    cmd = NewUnion(text(form, "name"), UnionLevel.ASSOCIATION, parent_id)
    outcome = submit(request, user.actor, lambda uow: create_union(uow, cmd).id, propagate=_never)
    if isinstance(outcome, Refused):
        return _page(request, user, form_errors(outcome.error), values(form))
    return redirect("/admin/associations")
