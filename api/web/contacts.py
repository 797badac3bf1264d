"""Union contacts (reminder recipients): the list every reader may open, and the admin's form to
correct one in place."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import (
    HtmlRoute,
    also_refused,
    form_errors,
    now,
    page_links,
    reading,
    redirect,
    render,
    today,
)
from api.web.filters import Filters
from api.web.forms import expected_version, text, values
from api.web.ids import IdPath
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.errors import NotFound
from lifecycle.unions.service import (
    ContactChange,
    amend_contact,
    contact_field_problems,
    remove_contact,
)
from lifecycle.uow import UnitOfWork
from lifecycle.views.admin import contacts_page, unheard_unions
from lifecycle.views.removed_contacts import removed_contacts_page
from lifecycle.vocab import CONTACT_ROLE_LABELS, ContactRole

router = APIRouter(route_class=HtmlRoute)
CONTACT_ROLES = [(r.value, label) for r, label in CONTACT_ROLE_LABELS.items()]
PER_PAGE = 50


def _page(
    request: Request,
    admin: Principal,
    contact_id: int,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 422,
    removing: bool = False,
) -> HTMLResponse:
    with reading(request) as uow:
        contact = uow.unions.contact_in(contact_id, admin.scope)
        if contact is None:
            raise NotFound("联系人不存在或不在管辖范围内", field="contact_id")
        recorded = {
            "name": contact.name,
            "email": contact.email,
            "phone": contact.phone or "",
            "role": contact.role.value,
            "expected_version": str(contact.version),
        }
        return render(
            request,
            "admin/contact.html",
            {
                "c": contact,
                "union_name": uow.unions.names({contact.union_id}).get(contact.union_id, ""),
                "contact_roles": CONTACT_ROLES,
                "errors": {} if removing else errors or {},
                "remove_errors": (errors or {}) if removing else {},
                # What was typed, as typed, on a refusal; else the record.
                "values": recorded if typed is None else typed,
            },
            status_code=status_code if errors else 200,
        )


@router.get("/contacts", response_class=HTMLResponse)
def contacts_for_readers(request: Request, user: UserDep) -> HTMLResponse:
    """「工会联系人」: who receives the reminders of each union in the reader's subtree, 50 to
    a page, found by a name, mailbox or union; each with its 修改记录 for those who read it; and
    the unions owing items no contact of theirs is told of, with who is told instead."""
    require(user, Permission.READ)
    f = Filters(request.query_params)
    search, page = f.text("q"), f.page()
    kept = {"q": search} if search else {}
    with reading(request) as uow:
        result = contacts_page(
            uow, user.read_scope, search=search, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
        )
        context = {
            "result": result,
            "unheard": unheard_unions(uow, user.union_id, today(request), scope=user.read_scope),
            "q": f.shown("q").get("q", ""),
            "problems": f.problems,
            "contact_labels": CONTACT_ROLE_LABELS,
            **page_links(kept, page, result.has_next),
        }
        return render(request, "contacts.html", context)


@router.get("/contacts/removed", response_class=HTMLResponse)
def removed_contacts(request: Request, user: UserDep) -> HTMLResponse:
    """「已移除的联系人」: the contacts removed from the unions of the reader's subtree, newest
    first, 50 to a page, each with who removed it and when, and its 修改记录."""
    require(user, Permission.AUDIT_READ)
    page = Filters(request.query_params).page()
    with reading(request) as uow:
        result = removed_contacts_page(
            uow, user.read_scope, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
        )
    context = {"result": result, **page_links({}, page, result.has_next)}
    return render(request, "contacts_removed.html", context)


@router.get("/admin/contacts/{contact_id}/edit", response_class=HTMLResponse)
def contact_page(request: Request, user: UserDep, contact_id: IdPath) -> HTMLResponse:
    """The form to correct a contact's name, mailbox, phone and kind."""
    require(user, Permission.CONTACTS_MANAGE)
    return _page(request, user, contact_id)


@router.post("/admin/contacts/{contact_id}/edit")
def contact_correct(request: Request, user: UserDep, form: FormDep, contact_id: IdPath) -> Response:
    """Correct the contact by the rules of adding one (``amend_contact``); every bad field is
    shown beside itself with what was typed, nothing written."""
    require(user, Permission.CONTACTS_MANAGE)
    errors: dict[str, str] = {}
    version = expected_version(form, errors)
    role = text(form, "role")
    if role not in set(ContactRole):
        errors["role"] = "请选择联系人类别"
    if errors:
        typed = (text(form, "name"), text(form, "email"), text(form, "phone"))
        also_refused(errors, contact_field_problems(*typed))
        return _page(request, user, contact_id, errors=errors, typed=values(form))
    change = ContactChange(
        name=text(form, "name"),
        email=text(form, "email"),
        role=ContactRole(role),
        phone=text(form, "phone"),  # blank clears it
    )

    def act(uow: UnitOfWork) -> int:
        return amend_contact(uow, contact_id, change, scope=user.scope, expected_version=version).id

    outcome = submit(request, user.actor, act)
    if isinstance(outcome, Refused):
        errors, code = form_errors(outcome.error), 409 if outcome.conflict else 422
        return _page(request, user, contact_id, errors=errors, typed=values(form), status_code=code)
    return redirect(f"/admin/contacts/{contact_id}/edit?saved=1")


@router.post("/admin/unions/{union_id}/contacts/{contact_id}/remove")
def contact_remove(
    request: Request, user: UserDep, form: FormDep, union_id: IdPath, contact_id: IdPath
) -> Response:
    """Remove a contact: reminders stop going to them; those already sent and its 修改记录 stay
    (「已移除的联系人」). The form sends the version it showed: a contact changed since is not
    removed (409), as a stale correction is not saved."""
    require(user, Permission.CONTACTS_MANAGE)
    errors: dict[str, str] = {}
    version = expected_version(form, errors)
    if errors:
        return _page(request, user, contact_id, errors=errors, removing=True)

    moment = now(request)

    def act(uow: UnitOfWork) -> int:
        scope = user.scope
        return remove_contact(
            uow, union_id, contact_id, scope=scope, now=moment, expected_version=version
        ).id

    outcome = submit(request, user.actor, act)
    if isinstance(outcome, Refused):
        code = 409 if outcome.conflict else 422
        errors = form_errors(outcome.error)
        return _page(request, user, contact_id, errors=errors, removing=True, status_code=code)
    return redirect("/admin/contacts?removed=1")
