"""Intake over JSON: calls, forms, applications and their stages, batches, the naming decision."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from api.deps import ClockDep, ReaderDep, SettingsDep, UowDep
from api.downloads import STORED_FILE_RESPONSE, XLSX_RESPONSE, download, xlsx
from api.v1.access import RULES
from api.v1.common import After, CallerDep, IdPath, KeyedPage, Page, PagingDep, found, today
from api.v1.intake_schemas import (
    ApplicationDetail,
    ApplicationIn,
    ApplicationOut,
    AttachmentOut,
    BatchEntryIn,
    BatchOut,
    BatchSubmitIn,
    CallDetailOut,
    CallIn,
    CallOut,
    CheckOut,
    CountOut,
    FormIn,
    LeaderOut,
    NamedOut,
    NamingIn,
    NamingOut,
    RecommenderOut,
    SourceOut,
    StepIn,
    StepOut,
    SubmitIn,
    WithdrawIn,
    attachment_out,
)
from api.v1.schemas import listed
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.intake.attachments import MAX_ATTACHMENT_BYTES, attach, attachments_of
from lifecycle.intake.batches import (
    BatchEntry,
    batch_checks,
    batch_label,
    batch_members,
    put_in_batch,
    submit_batch,
)
from lifecycle.intake.calls import NewCall, open_call, visible_call
from lifecycle.intake.model import BatchStatus
from lifecycle.intake.naming import NameApplications, name_applications
from lifecycle.intake.packs import PACKS
from lifecycle.intake.recommenders import recommending_associations
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.service import (
    NewApplication,
    SaveForm,
    StepDecision,
    decide_step,
    save_form,
    start_application,
    submit,
)
from lifecycle.intake.statistics import statistics_filename, statistics_workbook
from lifecycle.intake.withdrawal import Withdrawal, withdraw
from lifecycle.scope import Scope
from lifecycle.views.intake import application_view, route_outline
from lifecycle.views.intake_review import review_facts

router = APIRouter(prefix="/intake", tags=["intake"])
# The route that records a step: who it admits is who is offered the actions.
STEPS = "POST /api/v1/intake/applications/{intake_id}/steps"


@router.get("/forms")
def forms(caller: CallerDep) -> list[dict[str, Any]]:
    """Each scheme's form, attachments and route, as its pack declares them."""
    del caller
    return [
        {
            "scheme": code,
            "title": p.form.title,
            "article": p.form.article,
            "fields": [_field(f) for f in p.form.fields],
            "attachments": [a.__dict__ for a in p.attachments],
            "route": route_outline(p),
            "batch": None
            if p.batch is None
            else {
                "ranking_required": p.batch.ranking_required,
                "min_per_district_union": p.batch.min_per_district_union,
                "non_public_share": None
                if p.batch.non_public_share is None
                else str(p.batch.non_public_share),
            },
        }
        for code, p in PACKS.items()
    ]


def _field(f: Any) -> dict[str, Any]:
    out = {k: v for k, v in f.__dict__.items() if k != "columns"}
    out["kind"] = f.kind.value
    out["columns"] = [_field(c) for c in f.columns]
    return out


@router.get("/calls", response_model=Page[CallOut])
def calls(caller: CallerDep, u: ReaderDep, paging: PagingDep) -> Page[CallOut]:
    """The calls the caller sees, the latest year first, a page at a time as every list."""
    repo, own = IntakeRepository(u.session), caller.principal.union_path
    rows = repo.calls(caller.scope, own, paging.window)
    items = [CallOut.model_validate(c) for c in rows]
    total = repo.call_count(caller.scope, own)
    return Page(items=items, total=total, limit=paging.limit, offset=paging.offset)


@router.post("/calls", response_model=CallOut, status_code=201)
def create_call(body: CallIn, caller: CallerDep, uow: UowDep, clock: ClockDep) -> CallOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        fields = body.model_dump()
        union_id = fields.pop("naming_union_id") or caller.principal.union_id
        call = open_call(
            u,
            NewCall(**fields),
            naming_union_id=union_id,
            actor=actor,
            scope=caller.scope,
            as_of=today(clock),
        )
        u.commit()
        return CallOut.model_validate(call)


@router.get("/calls/{call_id}", response_model=CallDetailOut)
def call(call_id: IdPath, caller: CallerDep, u: ReaderDep) -> CallDetailOut:
    found = visible_call(u, call_id, caller.scope, caller.principal.union_path)
    recommenders = [RecommenderOut.model_validate(a) for a in recommending_associations(u, found)]
    return CallDetailOut.model_validate(
        {**CallOut.model_validate(found).model_dump(), "recommenders": recommenders}
    )


@router.get("/calls/{call_id}/applications", response_model=KeyedPage[ApplicationOut])
def call_applications(
    call_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep, after: After = None
) -> KeyedPage[ApplicationOut]:
    """The call's applications in scope in id order, a page at a time; ``after`` (the previous
    page's ``next_after``) pages by key."""
    visible_call(u, call_id, caller.scope, caller.principal.union_path)
    rows = IntakeRepository(u.session).call_applications(
        caller.scope, call_id, paging.window, after=after
    )
    items = [ApplicationOut.model_validate(a) for a in rows.items]
    return KeyedPage.of(items, [a.id for a in items], rows.total, paging)


@router.post("/calls/{call_id}/applications", response_model=ApplicationOut, status_code=201)
def create_application(
    call_id: IdPath, body: ApplicationIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ApplicationOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        app = start_application(
            u,
            NewApplication(call_id, body.workshop_id, body.form, body.recommender_union_id),
            actor=actor,
            now=clock(),
            scope=caller.scope,
            own_path=caller.principal.union_path,
        )
        u.commit()
        return ApplicationOut.model_validate(app)


def _detail(u: Any, intake_id: int, caller: Any, on: date) -> ApplicationDetail:
    view = application_view(u, intake_id, caller.scope)
    facts = review_facts(u, view.application, view.workshop, caller.scope, on)
    # Only what the caller may record: the steps route admits its role, the step is its union's.
    may_step = RULES[STEPS].admits(caller.principal.can)
    return ApplicationDetail(
        application=ApplicationOut.model_validate(view.application),
        stage_label=view.stage.label if view.stage else None,
        waiting_union_id=view.waiting_union.id if view.waiting_union else None,
        actions=list(view.actions_for(caller.principal.union_id)) if may_step else [],
        counts=[CountOut(**c.__dict__) for c in view.counts],
        facts_as_of=facts.as_of,
        leader=LeaderOut.model_validate(facts.leader),
        recommended_from=None if facts.source is None else SourceOut.model_validate(facts.source),
    )


@router.get("/applications/{intake_id}", response_model=ApplicationDetail)
def application(
    intake_id: IdPath, caller: CallerDep, u: ReaderDep, clock: ClockDep
) -> ApplicationDetail:
    return _detail(u, intake_id, caller, today(clock))


@router.put("/applications/{intake_id}/form", response_model=ApplicationDetail)
def put_form(
    intake_id: IdPath, body: FormIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ApplicationDetail:
    with uow(caller.principal.actor) as u:
        cmd = SaveForm(intake_id, body.form, body.expected_version)
        save_form(u, cmd, as_of=today(clock), scope=caller.scope)
        u.commit()
        return _detail(u, intake_id, caller, today(clock))


@router.post("/applications/{intake_id}/submit", response_model=ApplicationDetail)
def submit_application(
    intake_id: IdPath, body: SubmitIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ApplicationDetail:
    actor = caller.principal.actor
    with uow(actor) as u:
        submit(
            u,
            intake_id,
            actor=actor,
            now=clock(),
            scope=caller.scope,
            expected_version=body.expected_version,
        )
        u.commit()
        return _detail(u, intake_id, caller, today(clock))


@router.post("/applications/{intake_id}/steps", response_model=ApplicationDetail)
def record_step(
    intake_id: IdPath, body: StepIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ApplicationDetail:
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = StepDecision(
            intake_id,
            body.stage,
            body.action,
            body.decided_on,
            body.signer,
            body.opinion,
            body.consent,
            body.expected_version,
        )
        decide_step(
            u,
            cmd,
            acting_union_id=caller.principal.union_id,
            actor=actor,
            as_of=today(clock),
            scope=caller.scope,
        )
        u.commit()
        return _detail(u, intake_id, caller, today(clock))


@router.post("/applications/{intake_id}/withdraw", response_model=ApplicationDetail)
def withdraw_application(
    intake_id: IdPath, body: WithdrawIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ApplicationDetail:
    """撤回: the applying unit closes its application while in review, with its reason."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = Withdrawal(
            intake_id, body.decided_on, body.signer, body.reason, body.expected_version
        )
        withdraw(
            u,
            cmd,
            acting_union_id=caller.principal.union_id,
            actor=actor,
            as_of=today(clock),
            scope=caller.scope,
        )
        u.commit()
        return _detail(u, intake_id, caller, today(clock))


@router.get("/applications/{intake_id}/history", response_model=Page[StepOut])
def history(intake_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep) -> Page[StepOut]:
    repo = IntakeRepository(u.session)
    found(repo.application(intake_id, caller.scope), field="intake_id")
    return listed(repo.steps_page(intake_id, paging.window), StepOut.model_validate, paging)


def _batch_out(u: Any, batch: Any, now: datetime) -> BatchOut:
    call = visible_call(u, batch.call_id, Scope.everything(), batch.union_path)
    checks = (
        batch.checks
        if batch.status is BatchStatus.SUBMITTED
        else [r.__dict__ for r in batch_checks(u, batch, call, now)]
    )
    return BatchOut(
        id=batch.id,
        call_id=batch.call_id,
        union_id=batch.union_id,
        seq=batch.seq,
        label=batch_label(batch),
        status=batch.status,
        submitted_on=batch.submitted_on,
        version=batch.version,
        application_ids=[a.id for a in batch_members(u, batch)],
        checks=[
            CheckOut(**{k: c[k] for k in ("rule", "article", "passed", "message")}) for c in checks
        ],
    )


@router.post("/applications/{intake_id}/batch", response_model=BatchOut)
def add_to_batch(
    intake_id: IdPath, body: BatchEntryIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> BatchOut:
    with uow(caller.principal.actor) as u:
        batch = put_in_batch(
            u,
            BatchEntry(intake_id, body.rank),
            acting_union_id=caller.principal.union_id,
            as_of=today(clock),
            scope=caller.scope,
        )
        u.commit()
        return _batch_out(u, batch, clock())


@router.get("/calls/{call_id}/batches", response_model=Page[BatchOut])
def batches(
    call_id: IdPath, caller: CallerDep, u: ReaderDep, clock: ClockDep, paging: PagingDep
) -> Page[BatchOut]:
    visible_call(u, call_id, caller.scope, caller.principal.union_path)
    rows = IntakeRepository(u.session).batches_page(call_id, caller.scope, paging.window)
    now = clock()
    return listed(rows, lambda b: _batch_out(u, b, now), paging)


@router.post("/batches/{batch_id}/submit", response_model=BatchOut)
def submit_recommendations(
    batch_id: IdPath, body: BatchSubmitIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> BatchOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        batch = submit_batch(
            u,
            batch_id,
            acting_union_id=caller.principal.union_id,
            signer=body.signer,
            actor=actor,
            now=clock(),
            scope=caller.scope,
            expected_version=body.expected_version,
        )
        u.commit()
        return _batch_out(u, batch, clock())


@router.post("/calls/{call_id}/naming", response_model=NamingOut, status_code=201)
def naming(
    call_id: IdPath, body: NamingIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> NamingOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        decision, named = name_applications(
            u,
            NameApplications(
                call_id,
                tuple(body.application_ids),
                body.document_ref,
                body.decided_on,
                body.signer,
                body.grant_amount_yuan,
            ),
            acting_union_id=caller.principal.union_id,
            actor=actor,
            as_of=today(clock),
            scope=caller.scope,
        )
        u.commit()
        return NamingOut(
            decision_id=decision.id,
            document_ref=decision.document_ref,
            named=[
                NamedOut(
                    application_id=n.application_id,
                    designation_id=n.designation.id,
                    number=n.designation.number,
                    title=n.designation.title,
                    naming_date=n.designation.naming_date,
                    grant_fen=n.grant_fen,
                    first_occasion_kind=n.first_occasion.kind.value if n.first_occasion else None,
                    first_occasion_due_on=n.first_occasion.due_on if n.first_occasion else None,
                )
                for n in named
            ],
        )


@router.get("/batches/{batch_id}/xlsx", responses=XLSX_RESPONSE)
def batch_statistics(
    batch_id: IdPath, caller: CallerDep, u: ReaderDep, clock: ClockDep
) -> Response:
    """附件2 of [C] or the 推荐汇总表 of [L] for one recommending union's batch, as Excel."""
    batch = found(IntakeRepository(u.session).batch(batch_id, caller.scope), field="batch_id")
    call = visible_call(u, batch.call_id, Scope.everything(), batch.union_path)
    content = statistics_workbook(u, batch, call, today(clock))
    return xlsx(content, statistics_filename(u, batch, call))


@router.get("/applications/{intake_id}/attachments", response_model=list[AttachmentOut])
def attachments(intake_id: IdPath, caller: CallerDep, u: ReaderDep) -> list[AttachmentOut]:
    found(IntakeRepository(u.session).application(intake_id, caller.scope), field="intake_id")
    return [attachment_out(a, s) for a, s in attachments_of(u, intake_id)]


@router.get(
    "/applications/{intake_id}/attachments/{attachment_id}",
    response_class=Response,
    responses=STORED_FILE_RESPONSE,
)
def attachment_file(
    intake_id: IdPath, attachment_id: IdPath, caller: CallerDep, u: ReaderDep, settings: SettingsDep
) -> Response:
    """One attached file under its own name and type, for whoever reads the application (the
    社团 or district reviewing it [C 二（二）][C 三（五）]), as the application page serves it."""
    found(IntakeRepository(u.session).application(intake_id, caller.scope), field="intake_id")
    stored = found(
        next((s for a, s in attachments_of(u, intake_id) if a.id == attachment_id), None),
        "附件不存在或不在可见范围内",
        field="attachment_id",
    )
    data = FileStorage(settings.files_dir, settings.max_upload_bytes).read(stored)
    return download(data, stored.filename, stored.content_type)


@router.post("/applications/{intake_id}/attachments", response_model=AttachmentOut, status_code=201)
def upload_attachment(
    *,
    intake_id: IdPath,
    caller: CallerDep,
    uow: UowDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form(min_length=1, max_length=40)],
) -> AttachmentOut:
    """One file under one of the pack's attachment kinds, checked by type, size and count."""
    actor = caller.principal.actor
    upload = Upload(file.filename or "upload", file.file.read(MAX_ATTACHMENT_BYTES + 1))
    with uow(actor) as u:
        storage = FileStorage(settings.files_dir, settings.max_upload_bytes)
        row = attach(u, storage, intake_id, kind, upload, actor=actor, scope=caller.scope)
        u.commit()
        stored = u.files.get(row.file_id)
        return attachment_out(row, stored)
