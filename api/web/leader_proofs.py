"""A leader event's proofs on the pages: the unit's or the overseeing district union keeps the
死亡证明、离职证明、退休证明…; readers of the title download them [S9][C 三（六）][Y13]."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.downloads import download
from api.web.auth import FormDep, UserDep, require
from api.web.changes import can_file, upload_hint
from api.web.core import HtmlRoute, config, reading, redirect, render
from api.web.forms import text, unsaved_file, upload
from api.web.ids import IdPath
from api.web.pages import designation_pages_query
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.changes.checks import check_designation_open, filer_refusal
from lifecycle.designations.model import Designation
from lifecycle.errors import NotFound, Problems
from lifecycle.leaders.model import LeaderEvent
from lifecycle.leaders.proofs import AttachEventProof, attach_event_proof, event_in_scope
from lifecycle.leaders.service import event_recorder_refusal
from lifecycle.schemes.registry import get_scheme
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.views.changes import change_section

router = APIRouter(route_class=HtmlRoute)


def filing_offer(
    uow: UnitOfWork, user: Principal, designation: Designation, event: LeaderEvent
) -> dict[str, object] | None:
    """What the proofs page offers about 附件3 on ``event``, as the title page does beside it:
    only to a union that files on the title (the unit's or its district's), where the title's
    scheme has 附件3, for the current leader's event of a title under management — the open
    request to work on, why none is filed now, or the form citing the event [C 三（六）][S9]."""
    if not get_scheme(designation.scheme_code).settings.uses_change_request_form:
        return None
    acting = user.union_id
    if not can_file(user) or acting is None or filer_refusal(designation, acting) is not None:
        return None
    problems = Problems()
    check_designation_open(problems, designation)
    if problems.items or event.person_id != designation.workshop.leader_person_id:
        return None
    section = change_section(uow, designation)
    return {"open_id": section.open_id, "blocked": section.blocked}


def _page(
    request: Request,
    user: Principal,
    designation_id: int,
    event_id: int,
    *,
    errors: dict[str, str] | None = None,
    description: str = "",
    unsaved: str | None = None,
) -> HTMLResponse:
    """The event, its proofs, and the upload form (or why this user may not add one)."""
    with reading(request) as uow:
        designation = uow.designations.get(designation_id, user.read_scope)
        event, workshop = event_in_scope(uow, event_id, user.read_scope)
        if designation is None or designation.workshop_id != event.workshop_id:
            raise NotFound("带头人情况记录不存在或不在管辖范围内", field="event_id")
        refusal = event_recorder_refusal(uow, workshop, user.actor)
        person = uow.persons.get(event.person_id, EVERYTHING)  # the workshop's leader
        context = {
            "filing": filing_offer(uow, user, designation, event),
            "d": designation,
            "event": event,
            "leader_name": person.name if person else "",
            "leader_word": get_scheme(designation.scheme_code).settings.leader_word,
            "proofs": list(event.proofs),
            "may_attach": user.can(Permission.LEADER_EVENT_RECORD) and refusal is None,
            "refusal": refusal.message if refusal is not None else "",
            "errors": errors or {},
            "description": description,
            "unsaved_file": unsaved,
            "upload_hint": upload_hint(config(request).storage),
            "pages_query": designation_pages_query(request.query_params),  # the title page's
        }
        return render(request, "leaders/proofs.html", context, status_code=422 if errors else 200)


@router.get(
    "/designations/{designation_id}/leader/events/{event_id}/proofs", response_class=HTMLResponse
)
def proofs_page(
    request: Request, user: UserDep, designation_id: IdPath, event_id: IdPath
) -> HTMLResponse:
    """证明材料 of one leader event, with the upload form for the unions that may record it."""
    require(user, Permission.READ)
    return _page(request, user, designation_id, event_id)


@router.post("/designations/{designation_id}/leader/events/{event_id}/proofs")
async def attach(
    request: Request, user: UserDep, form: FormDep, designation_id: IdPath, event_id: IdPath
) -> Response:
    """Keep one proof; a refused one is named beside its field, what was typed kept."""
    require(user, Permission.LEADER_EVENT_RECORD)
    description = text(form, "description")
    file = await upload(form, "file")  # None: refused beside 文件 with the note
    storage = config(request).storage
    cmd = AttachEventProof(event_id, description)

    def act(uow: UnitOfWork) -> None:
        attach_event_proof(uow, storage, cmd, file, actor=user.actor, scope=user.scope)

    outcome = submit(
        request,
        user.actor,
        act,
        propagate=lambda err: err.http_status in (403, 404),
    )
    if isinstance(outcome, Refused):
        errors: dict[str, str] = {}
        for p in outcome.error.problems or []:
            key = "file" if (p.field or "").startswith("file") else "description"
            errors[key] = f"{errors[key]}；{p.message}" if key in errors else p.message
        shown = errors or {"_form": outcome.error.message}
        chosen = unsaved_file(file, shown)
        return _page(
            request, user, designation_id, event_id, errors=shown, description=description,
            unsaved=chosen,
        )  # fmt: skip
    kept = designation_pages_query(request.query_params)  # back to the title page's pages
    return redirect(f"/designations/{designation_id}/leader/events/{event_id}/proofs{kept}")


@router.get("/designations/{designation_id}/leader/events/{event_id}/proofs/{proof_id}")
def proof_download(
    request: Request, user: UserDep, designation_id: IdPath, event_id: IdPath, proof_id: IdPath
) -> Response:
    """One proof under its own name and type, only inside the user's scope."""
    require(user, Permission.READ)
    with reading(request) as uow:
        event, _ = event_in_scope(uow, event_id, user.read_scope)
        proof = uow.leaders.proof(event_id, proof_id)
        if proof is None or uow.designations.get(designation_id, user.read_scope) is None:
            raise NotFound("证明材料不存在或不在可见范围内", field="proof_id")
        del event
        data = config(request).storage.read(proof.file)
        return download(data, proof.filename, proof.content_type)
