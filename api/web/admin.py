"""Admin screens: users, union contacts, calendar overrides, the outbox; my reminders (§6)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from api.web.auth import FormDep, UserDep, require
from api.web.contacts import CONTACT_ROLES
from api.web.contacts import PER_PAGE as CONTACTS_PER_PAGE
from api.web.core import (
    HtmlRoute,
    also_refused,
    form_errors,
    now,
    page_links,
    reading,
    redirect,
    render,
    unit_of_work,
)
from api.web.filters import Filters
from api.web.forms import parse_int, text, upload, values
from api.web.ids import IdPath
from api.web.ledger_pages import pages_query, stored_pager
from api.web.submit import Refused, submit
from lifecycle.accounts.credentials import set_active
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import NewUser, create_user, user_field_problems
from lifecycle.calendar.service import CalendarNotYours, import_overrides, may_replace_calendar
from lifecycle.errors import DomainError
from lifecycle.reminders.outbox import OutboxFilter, retry_message
from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import (
    NewContact,
    add_contact,
    contact_field_problems,
)
from lifecycle.views.admin import calendar_overrides, contacts_page, role_choices, users_page
from lifecycle.views.choices import distinct_names
from lifecycle.views.reminders import (
    ReminderEntry,
    job_runs,
    mailbox,
    my_reminders,
    outbox_listing,
)
from lifecycle.vocab import (
    CONTACT_ROLE_LABELS,
    OUTBOX_STATUS_LABELS,
    ContactRole,
    DailyJob,
    OutboxStatus,
    Role,
)

router = APIRouter(route_class=HtmlRoute)


def _never(_err: DomainError) -> bool:
    """Every refusal of these forms is shown beside the form, a missing union included."""
    return False


def _page(
    request: Request,
    template: str,
    context: dict[str, Any],
    errors: dict[str, str] | None,
    form_values: dict[str, str] | None,
) -> HTMLResponse:
    """Render an admin page with the form's errors and what was typed (422 when refused)."""
    full = {**context, "errors": errors or {}, "values": form_values or {}}
    return render(request, template, full, status_code=422 if errors else 200)


# ---- users -------------------------------------------------------------------------------


USERS_PER_PAGE = 50
# What the list says after a change to one user (``?done=…&user=ID``): the user may be on
# another page of the list (a new one is on the last), so the change is named above it.
DONE = {
    "created": "已新增用户",
    "deactivated": "已停用用户",
    "reactivated": "已重新启用用户",
    "password": "已重设密码：用户",
}
DONE_AFTER = {
    "deactivated": "：其登录、API 令牌和日历订阅地址已失效",
    "reactivated": "：请其重新登录；此前的 API 令牌和日历订阅地址不会恢复",
    "password": "：其登录、API 令牌和日历订阅地址已失效，请将新密码告知本人",
}


def _users(
    request: Request,
    user: Principal,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
) -> HTMLResponse:
    f = Filters(request.query_params)
    search, page = f.text("q"), f.page()
    offset = (page - 1) * USERS_PER_PAGE
    done, done_id = request.query_params.get("done", ""), request.query_params.get("user", "")
    with reading(request) as uow:
        view = users_page(uow, user.scope, search=search, limit=USERS_PER_PAGE, offset=offset)
        changed = (
            uow.accounts.get_user(int(done_id), user.scope)
            if done in DONE and done_id.isdigit() and len(done_id) < 10
            else None
        )
        # A new user is bound to a union of the admin's own tree: roles in its city's words.
        roles = role_choices(user.wording, view.unions)
        return _page(
            request,
            "admin/users.html",
            {
                "view": view,
                "roles": roles,
                "unions": view.union_choices,
                "q": f.shown("q").get("q", ""),
                "problems": f.problems,
                "changed": changed,
                "done": (DONE.get(done, ""), DONE_AFTER.get(done, "")),
                "first": offset + 1,
                **page_links(
                    {"q": search} if search else {}, page, offset + len(view.users) < view.total
                ),
            },
            errors,
            form_values,
        )


@router.get("/admin/users", response_class=HTMLResponse)
def users_list(request: Request, user: UserDep) -> HTMLResponse:
    """Every user inside the admin's union subtree, and the form to add one."""
    require(user, Permission.USERS_MANAGE)
    return _users(request, user)


@router.post("/admin/users")
def user_create(request: Request, user: UserDep, form: FormDep) -> Response:
    """Add a user bound to a union with a role; the password is hashed by the accounts service."""
    require(user, Permission.USERS_MANAGE)
    errors: dict[str, str] = {}
    role = text(form, "role")
    if role not in set(Role):
        errors["role"] = "请选择角色"
    union_id = parse_int(form, "union_id", "所属工会", errors, required=True)
    if not text(form, "union_id"):
        errors["union_id"] = "请选择所属工会"  # a list to choose from, not a box to fill in
    typed = (text(form, "username"), text(form, "display_name"), str(form.get("password") or ""))
    email = text(form, "email") or None
    confirm = str(form.get("confirm_password") or "")  # asked twice: nobody knows a typo
    if errors or union_id is None:
        also_refused(errors, user_field_problems(*typed, email, confirm))
        return _users(request, user, errors, values(form))
    username, display_name, password = typed
    cmd = NewUser(username, display_name, password, Role(role), union_id, email, confirm)
    outcome = submit(
        request,
        user.actor,
        lambda uow: create_user(uow, cmd, user.actor, scope=user.scope).id,
        propagate=_never,
    )
    if isinstance(outcome, Refused):
        return _users(request, user, form_errors(outcome.error), values(form))
    return redirect(f"/admin/users?done=created&user={outcome}")


@router.post("/admin/users/{user_id}/deactivate")
def user_deactivate(request: Request, user: UserDep, _form: FormDep, user_id: IdPath) -> Response:
    """Switch a user off; their sessions and tokens stop working at once."""
    require(user, Permission.USERS_MANAGE)
    try:  # the refused transaction ends before the page is shown again
        with unit_of_work(request, user.actor) as uow:
            set_active(uow, user, user_id, False, now=now(request))
            uow.commit()
    except DomainError as err:
        if err.http_status == 404:
            raise
        return _users(request, user, {"_form": err.message})
    return redirect(f"/admin/users?done=deactivated&user={user_id}#user-{user_id}")


# ---- union contacts ----------------------------------------------------------------------


def _contacts(
    request: Request,
    user: Principal,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
) -> HTMLResponse:
    """The admin's contacts: the subtree's contacts 50 a page (found by a name, mailbox or
    union, the search kept by the pager), then the form to add one."""
    f = Filters(request.query_params)
    search, page = f.text("q"), f.page()
    kept = {"q": search} if search else {}
    with reading(request) as uow:
        result = contacts_page(
            uow, user.scope, search=search, limit=CONTACTS_PER_PAGE,
            offset=(page - 1) * CONTACTS_PER_PAGE,
        )  # fmt: skip
        return _page(
            request,
            "admin/contacts.html",
            {
                "result": result,
                "q": f.shown("q").get("q", ""),
                "problems": f.problems,
                **page_links(kept, page, result.has_next),
                "union_options": [
                    (str(i), name)
                    for i, name in distinct_names(uow, uow.unions.find(user.scope)).items()
                ],
                "contact_roles": CONTACT_ROLES,
                "contact_labels": CONTACT_ROLE_LABELS,
            },
            errors,
            form_values,
        )


@router.get("/admin/contacts", response_class=HTMLResponse)
def contacts_list(request: Request, user: UserDep) -> HTMLResponse:
    """The contacts (reminder recipients) of the unions in the admin's subtree, 50 a page."""
    require(user, Permission.CONTACTS_MANAGE)
    return _contacts(request, user)


@router.post("/admin/contacts")
def contact_add(request: Request, user: UserDep, form: FormDep) -> Response:
    """Add a contact person with an e-mail address (and a phone, if given) to a union."""
    require(user, Permission.CONTACTS_MANAGE)
    errors: dict[str, str] = {}
    union_id = parse_int(form, "union_id", "工会", errors, required=True)
    if not text(form, "union_id"):
        errors["union_id"] = "请选择工会"  # a list to choose from, not a box to fill in
    role = text(form, "role")
    if role not in set(ContactRole):
        errors["role"] = "请选择联系人类别"
    if union_id is not None:
        with reading(request) as uow:
            if uow.unions.get(union_id, user.scope) is None:
                errors["union_id"] = "工会不存在或不在管辖范围内"
    if errors or union_id is None:
        typed = (text(form, "name"), text(form, "email"), text(form, "phone"))
        also_refused(errors, contact_field_problems(*typed))
        return _contacts(request, user, errors, values(form))
    cmd = NewContact(
        union_id, text(form, "name"), text(form, "email"), ContactRole(role), text(form, "phone")
    )
    outcome = submit(
        request, user.actor, lambda uow: add_contact(uow, cmd, scope=user.scope), propagate=_never
    )
    if isinstance(outcome, Refused):
        return _contacts(request, user, form_errors(outcome.error), values(form))
    return redirect(f"/admin/contacts?added={cmd.union_id}")


# ---- calendar overrides ------------------------------------------------------------------


def _calendar(
    request: Request,
    user: Principal,
    errors: dict[str, str] | None = None,
    imported: dict[int, int] | None = None,
) -> HTMLResponse:
    notes: list[str] = []
    with reading(request) as uow:
        shown, years = calendar_overrides(
            uow, Filters(request.query_params).page("years_page"), notes
        )
        refusal = may_replace_calendar(uow, user)
    pager = stored_pager(
        request.query_params,
        (),
        "years_page",
        number=shown,
        paged=years,
        anchor="years",
        note=notes[0] if notes else None,
    )
    context = {
        "years": years,
        "years_pager": pager,
        "pages_query": pages_query({"years_page": shown}),
        "imported": imported,
        "refusal": refusal,
    }
    return _page(request, "admin/calendar.html", context, errors, None)


def _calendar_refusal(request: Request, user: Principal) -> str | None:
    with reading(request) as uow:
        return may_replace_calendar(uow, user)


@router.get("/admin/calendar", response_class=HTMLResponse)
def calendar_page(request: Request, user: UserDep) -> HTMLResponse:
    """The overridden years (holidays and 调休 workdays) and the CSV import form."""
    require(user, Permission.CALENDAR_MANAGE)
    return _calendar(request, user)


@router.post("/admin/calendar")
async def calendar_import(request: Request, user: UserDep, form: FormDep) -> Response:
    """Replace whole years from a ``date,kind`` CSV; every bad line reported, nothing written."""
    require(user, Permission.CALENDAR_MANAGE)
    refusal = await run_in_threadpool(_calendar_refusal, request, user)
    if refusal is not None:  # before the file is read: the import's own authority rule
        raise CalendarNotYours(refusal, field="actor")
    file = await upload(form, "file")
    if file is None:
        return _calendar(request, user, {"file": "请选择要导入的 CSV 文件"})
    try:
        content = file.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _calendar(request, user, {"file": "文件应为 UTF-8 编码的 CSV"})
    at = now(request)
    written = submit(
        request, user.actor, lambda uow: import_overrides(uow, content, by=user, now=at)
    )
    if isinstance(written, Refused):
        err = written.error
        shown = "；".join(p.message for p in err.problems or []) or err.message
        return _calendar(request, user, {"file": shown})
    return _calendar(request, user, imported=written)


# ---- outbox ------------------------------------------------------------------------------


OUTBOX_PER_PAGE = 50
RUNS_SHOWN = 14
OUTBOX_FILTERS = ("status", "recipient", "from", "to")


def _outbox(
    request: Request, user: Principal, errors: dict[str, str] | None = None
) -> HTMLResponse:
    """The outbox page: the mails the query string asks for, a page at a time, the counts per
    status, and the latest runs of the daily jobs."""
    f = Filters(request.query_params)
    flt = OutboxFilter.of_days(
        f.choice("status", OutboxStatus, "状态"),
        f.day("from", "起始日期"),
        f.day("to", "截止日期"),
        f.text("recipient", max_length=254),
    )
    page = f.page()
    with reading(request) as uow:
        rows, total, counts = outbox_listing(
            uow,
            user.read_scope,
            flt,
            limit=OUTBOX_PER_PAGE,
            offset=(page - 1) * OUTBOX_PER_PAGE,
        )
        # After 重新发送 (``?retried=ID``): the mail put back in the queue, named above the list.
        asked = request.query_params.get("retried", "")
        mail = (
            uow.outbox.in_scope(int(asked), user.scope)
            if asked.isdigit() and len(asked) < 10
            else None
        )
        retried = (
            None
            if mail is None
            else {
                "id": mail.id,
                "name": mail.recipient_name,
                "email": mail.recipient_email,
                "status": mail.status,
            }
        )
        sweeps = job_runs(uow, DailyJob.REMINDER_SWEEP, limit=RUNS_SHOWN)
        audits = job_runs(uow, DailyJob.FUNDING_AUDIT, limit=RUNS_SHOWN)
    kept = {n: request.query_params[n] for n in OUTBOX_FILTERS if request.query_params.get(n)}
    more = (page - 1) * OUTBOX_PER_PAGE + len(rows) < total
    return _page(
        request,
        "admin/outbox.html",
        {
            "rows": rows,
            "total": total,
            "first": (page - 1) * OUTBOX_PER_PAGE + 1,
            "counts": counts,
            "status": flt.status.value if flt.status else "",
            "filters": f.shown(*OUTBOX_FILTERS),
            "others": {n: v for n, v in kept.items() if n != "status"},
            "problems": f.problems,
            "labels": OUTBOX_STATUS_LABELS,
            "sweeps": sweeps,
            "audits": audits,
            "retried": retried,
            **page_links(kept, page, more),
        },
        errors,
        None,
    )


@router.get("/admin/outbox", response_class=HTMLResponse)
def outbox_page(request: Request, user: UserDep) -> HTMLResponse:
    """Pending, sent and failed mails (with the failure reason), newest first, filtered by status,
    recipient and the day they were written; and the latest runs of the daily jobs."""
    require(user, Permission.OUTBOX_MANAGE)
    return _outbox(request, user)


@router.post("/admin/outbox/{message_id}/retry")
def outbox_retry(request: Request, user: UserDep, _form: FormDep, message_id: IdPath) -> Response:
    """Put a failed mail of the administrator's own subtree back in the queue, due now."""
    require(user, Permission.OUTBOX_MANAGE)
    moment = now(request)
    outcome = submit(
        request,
        user.actor,
        lambda uow: retry_message(uow, message_id, now=moment, scope=user.scope),
    )
    if isinstance(outcome, Refused):
        return _outbox(request, user, {f"m{message_id}": outcome.error.message})
    return redirect(f"/admin/outbox?status=failed&retried={message_id}")


# ---- my reminders (every user) -----------------------------------------------------------


@router.get("/my/reminders", response_class=HTMLResponse)
def my_reminders_page(request: Request, user: UserDep) -> HTMLResponse:
    """The reminders sent to the user's own e-mail address and their delivery status."""
    require(user, Permission.READ)
    with reading(request) as uow:
        rows: list[ReminderEntry] = []
        if user.email:
            rows, _ = my_reminders(uow, user.email, user.read_scope)
        union = uow.unions.get(user.union_id, EVERYTHING)
        box = mailbox(uow, user.email, user.union_id, union.name if union is not None else "")
    return render(request, "admin/my_reminders.html", {"rows": rows, "box": box})
