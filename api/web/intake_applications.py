"""Intake screens of one application: its form, route and history, and the step of the union it
waits for [Y7][S7][C 二][L]."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import (
    HtmlRoute,
    also_refused,
    now,
    reading,
    redirect,
    render,
    today,
)
from api.web.forms import parse_date, parse_int, text, values
from api.web.ids import IdPath
from api.web.intake_forms import flat_values, posted_form, refused_status, split_errors, table_rows
from api.web.submit import Refused, on_page
from api.web.submit import submit as submit_form
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.errors import DomainError
from lifecycle.intake.attachments import attachments_of
from lifecycle.intake.forms import counts
from lifecycle.intake.model import APPLICATION_STATUS_LABELS, ApplicationStatus
from lifecycle.intake.packs import intake_pack
from lifecycle.intake.routes import ACTION_LABELS, Action, StageKind, action_label
from lifecycle.intake.service import (
    SaveForm,
    StepDecision,
    decide_step,
    save_form,
    step_field_problems,
    submit,
)
from lifecycle.intake.withdrawal import may_withdraw
from lifecycle.schemes import get_scheme
from lifecycle.uow import UnitOfWork
from lifecycle.views.intake import (
    application_view,
)
from lifecycle.views.intake_review import review_facts

router = APIRouter(route_class=HtmlRoute)
LABELS = {"status": APPLICATION_STATUS_LABELS, "action": ACTION_LABELS}


# ---- one application: the form, its route and history, the step for the waiting union -----


def _application_page(
    request: Request,
    user: Principal,
    application_id: int,
    *,
    errors: dict[str, str] | None = None,
    listed: list[str] | None = None,
    form_values: dict[str, str] | None = None,
    step_values: dict[str, str] | None = None,
    withdraw_values: dict[str, str] | None = None,
    upload_values: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        view = application_view(uow, application_id, user.read_scope)
        app = view.application
        editable = (
            app.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)
            and user.can(Permission.INTAKE_APPLY)
            and user.scope.covers_path(app.union_path)
        )
        acting = view.waiting_union is not None and view.waiting_union.id == user.union_id
        deciding = view.stage is not None and view.stage.kind is StageKind.DECISION
        # At the decision the deciding body may record 不予命名 [Y7][C 二（四）]; naming itself
        # is the call page's decision (one 文号 for many).
        may_step = (
            acting
            and bool(view.actions)
            and user.can(Permission.INTAKE_NAME if deciding else Permission.INTAKE_REVIEW)
        )
        late = view.lapsed(today(request))  # 不予推荐 closes it [C 三（四）][L 四]
        shown = form_values if form_values is not None else flat_values(view.pack.form, app.form)
        register_inputs, registered = view.registered(today(request))
        if editable:
            # What the register holds now, even over a stale value posted back: it is not typed.
            shown = {**shown, **register_inputs}
        files = attachments_of(uow, app.id)
        context: dict[str, Any] = {
            "v": view,
            "app": app,
            # The leader and the source title as the rules read them today [S3][S7][C 一（一）].
            "review": review_facts(uow, app, view.workshop, user.read_scope, today(request)),
            # The 社团 that recommended it sees no title of a unit outside its own subtree.
            "sees_title": lambda a: user.read_scope.covers_path(a.union_path),
            "scheme_name": get_scheme(app.scheme_code).settings.name,
            "editable": editable,
            "files": files,
            "kinds": [("", "请选择")] + [(a.kind, a.label) for a in view.pack.attachments],
            # A refused upload keeps its 附件类别 chosen (a browser cannot refill the file).
            "upload_values": upload_values or {},
            "may_step": may_step,
            "deciding": deciding,
            "batching": view.batching,
            "late": late,
            "may_withdraw": user.can(Permission.INTAKE_APPLY) and may_withdraw(app, user.union_id),
            # A 撤回 sent from a page shown before the application was closed: what was typed.
            "withdraw_typed": withdraw_values if errors and withdraw_values else None,
            "withdraw_values": {
                "withdraw_on": today(request).isoformat(),
                "withdraw_signer": user.display_name,
                **(withdraw_values or {}),
            },
            "actions": [("", "请选择")]
            + [(a.value, action_label(view.stage, a)) for a in view.actions],
            "labels": LABELS,
            "errors": errors or {},
            "listed": listed or [],
            "values": shown,
            # The lengths of the texts the form shows: on a refusal, of what was typed (the
            # message beside the field counts it too), not of the draft last saved.
            "counts": counts(view.pack.form, shown),
            "registered": registered,
            "rows": table_rows(view.pack.form, shown),
            "step_values": {
                "decided_on": today(request).isoformat(),
                "signer": user.display_name,
                **({"action": "reject", "opinion": view.lapse_opinion} if late else {}),
                **(step_values or {}),
            },
        }
        code = status_code or (422 if (errors or listed) else 200)
        # Another union's step: nothing to correct in what was typed, so no 「请按提示修改」.
        context["not_ours"] = code == 403
        return render(request, "intake/application.html", context, status_code=code)


def application_page_with_errors(
    request: Request,
    user: Principal,
    application_id: int,
    errors: dict[str, str],
    *,
    withdraw_values: dict[str, str] | None = None,
    upload_values: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    """The application page again with a refusal (the refused transaction has already ended):
    422, or ``status_code`` (409 for an application closed or changed meanwhile)."""
    return _application_page(
        request,
        user,
        application_id,
        errors=errors,
        withdraw_values=withdraw_values,
        upload_values=upload_values,
        status_code=status_code,
    )


def _refused_page(
    request: Request,
    user: Principal,
    application_id: int,
    err: DomainError,
    *,
    form_values: dict[str, str] | None = None,
    step_values: dict[str, str] | None = None,
) -> HTMLResponse:
    """The application page again after a refused form or step: its problems beside their
    fields or listed, what was typed kept (``form_values`` or ``step_values``), and the
    refusal's status (403 another union's step, 409 changed meanwhile, 422 bad input)."""
    fields, listed = split_errors(err)
    return _application_page(
        request,
        user,
        application_id,
        errors=fields,
        listed=listed,
        status_code=refused_status(err),
        form_values=form_values,
        step_values=step_values,
    )


@router.get("/intake/applications/{application_id}", response_class=HTMLResponse)
def application_page(request: Request, user: UserDep, application_id: IdPath) -> HTMLResponse:
    require(user, Permission.READ)
    return _application_page(request, user, application_id)


@router.post("/intake/applications/{application_id}/form")
def post_form(request: Request, user: UserDep, form: FormDep, application_id: IdPath) -> Response:
    """Save the draft, or save and submit: every refusal shown, what was typed kept [DOMAIN §7]."""
    require(user, Permission.INTAKE_APPLY)
    version = parse_int(form, "expected_version", "版本", {})

    def act(uow: UnitOfWork) -> None:
        app = application_view(uow, application_id, user.scope).application
        raw = posted_form(intake_pack(app.scheme_code).form, form)
        if text(form, "do") == "submit":
            # One complete check of what was typed: blanks, formats, rules, deadline at once.
            submit(
                uow,
                application_id,
                actor=user.actor,
                now=now(request),
                scope=user.scope,
                expected_version=version,
                form=raw,
            )
        else:
            save_form(
                uow, SaveForm(application_id, raw, version), as_of=today(request), scope=user.scope
            )

    outcome = submit_form(request, user.actor, act, propagate=on_page)
    if isinstance(outcome, Refused):
        return _refused_page(request, user, application_id, outcome.error, form_values=values(form))
    return redirect(f"/intake/applications/{application_id}")


@router.post("/intake/applications/{application_id}/steps")
def post_step(request: Request, user: UserDep, form: FormDep, application_id: IdPath) -> Response:
    """The waiting union's opinion at its stage: approve, skip, return or reject with reasons."""
    require(user, Permission.INTAKE_REVIEW)
    errors: dict[str, str] = {}
    decided_on = parse_date(form, "decided_on", "办理日期", errors)
    action = text(form, "action")
    chosen = Action(action) if action in set(Action) else None
    if chosen is None:
        errors["action"] = "请选择办理意见"
    signer, opinion, consent = text(form, "signer"), text(form, "opinion"), text(form, "consent")
    if errors or decided_on is None or chosen is None:
        with reading(request) as uow:  # the stage waiting decides whether consent is asked
            stage = application_view(uow, application_id, user.read_scope).stage
        also_refused(errors, step_field_problems(stage, chosen, signer, opinion, consent or None))
        return _application_page(
            request, user, application_id, errors=errors, step_values=values(form)
        )
    cmd = StepDecision(
        application_id,
        text(form, "stage"),
        chosen,
        decided_on,
        signer,
        opinion,
        consent or None,
        parse_int(form, "expected_version", "版本", {}),
    )
    outcome = submit_form(
        request,
        user.actor,
        lambda uow: decide_step(
            uow,
            cmd,
            acting_union_id=user.union_id,
            actor=user.actor,
            as_of=today(request),
            scope=user.scope,
        ),
        propagate=on_page,
    )
    if isinstance(outcome, Refused):
        return _refused_page(request, user, application_id, outcome.error, step_values=values(form))
    return redirect(f"/intake/applications/{application_id}#history")
