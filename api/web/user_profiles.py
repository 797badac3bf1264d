"""The admin's page of one user: edit name, e-mail, role and union; see the reminders that user
gets."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import (
    HtmlRoute,
    also_refused,
    form_errors,
    now,
    reading,
    redirect,
    render,
    unit_of_work,
)
from api.web.forms import expected_version, text, whole_id
from api.web.ids import IdPath
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.profile import UserChange, email_problems, update_user
from lifecycle.errors import ConflictError, DomainError, NotFound
from lifecycle.views.admin import role_choices, union_choice
from lifecycle.views.choices import clashing_parents
from lifecycle.views.home_tree import tree_wordings
from lifecycle.views.reminders import mailbox, my_reminders
from lifecycle.vocab import Role

router = APIRouter(route_class=HtmlRoute)


def _page(
    request: Request,
    admin: Principal,
    user_id: int,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 422,
) -> HTMLResponse:
    with reading(request) as uow:
        found = uow.accounts.get_user(user_id, admin.scope)
        if found is None:
            raise NotFound("用户不存在或不在管辖范围内", field="user_id")
        words = tree_wordings(uow)
        in_scope = uow.unions.find(admin.scope)
        parents = clashing_parents(uow, in_scope)
        unions = [
            (str(u.id), union_choice(u, words.of(u.path), parents.get(u.id))) for u in in_scope
        ]
        own = next((u for u in in_scope if u.id == found.union_id), None)
        # The roles offered in the words of the user's own union's tree (乐山's [L 一]).
        roles = role_choices(
            words.of(own.path) if own is not None else admin.wording, in_scope, keep=found.role
        )
        reminders, _ = my_reminders(uow, found.email, admin.scope)
        box = mailbox(uow, found.email, found.union_id, own.name if own is not None else "")
        current = {
            "display_name": found.display_name,
            "email": found.email or "",
            "role": found.role.value,
            "union_id": str(found.union_id),
            "expected_version": str(found.version),
        }
        return render(
            request,
            "admin/user.html",
            {
                "u": found,
                "own_account": found.id == admin.user_id,
                "roles": roles,
                "unions": unions,
                "rows": reminders,
                "box": box,
                "errors": errors or {},
                "values": typed or current,
            },
            status_code=status_code if errors else 200,
        )


@router.get("/admin/users/{user_id}", response_class=HTMLResponse)
def user_page(request: Request, user: UserDep, user_id: IdPath) -> HTMLResponse:
    """One user: the edit form and the reminders sent to their address."""
    require(user, Permission.USERS_MANAGE)
    return _page(request, user, user_id)


@router.post("/admin/users/{user_id}")
def edit_user(request: Request, user: UserDep, form: FormDep, user_id: IdPath) -> Response:
    """Save the name, e-mail, role and union; a refusal shows every bad field with what was
    typed."""
    require(user, Permission.USERS_MANAGE)
    fields = ("display_name", "email", "role", "union_id", "expected_version")
    typed = {name: text(form, name) for name in fields}
    # A form without the field (a page from before the name could be edited) keeps the name.
    name = typed["display_name"] if "display_name" in form else None
    errors: dict[str, str] = {}
    version = expected_version(form, errors)
    code = 422
    if typed["role"] not in {r.value for r in Role}:
        errors["role"] = "请选择角色"
    union_id = whole_id(typed["union_id"])
    if union_id is None:
        errors["union_id"] = "请选择所属工会"
    if errors or union_id is None:
        also_refused(errors, email_problems(typed["email"], name))
    else:
        change = UserChange(typed["email"], Role(typed["role"]), union_id, display_name=name)
        try:
            with unit_of_work(request, user.actor) as uow:
                update_user(
                    uow,
                    user_id,
                    change,
                    acting_user_id=user.user_id,
                    scope=user.scope,
                    now=now(request),
                    expected_version=version,
                )
                uow.commit()
        except DomainError as err:
            if err.http_status == 404:
                raise
            errors, code = form_errors(err), 409 if isinstance(err, ConflictError) else 422
    # The refused unit of work is closed (rolled back) above, before the page is drawn again.
    if errors:
        return _page(request, user, user_id, errors=errors, typed=typed, status_code=code)
    return redirect(f"/admin/users/{user_id}?saved=1")
