"""Recommendation batches: a union ranks its recommendations, the rules check, then it submits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lifecycle.actors import Actor
from lifecycle.citations import citation
from lifecycle.clock import chinese_date, to_shanghai
from lifecycle.designations.eligibility import application_facts
from lifecycle.errors import ConflictError, NotFound, NotYourStep, Problems, ValidationFailed
from lifecycle.intake.acting import require_acting
from lifecycle.intake.calls import visible_call
from lifecycle.intake.model import Application, ApplicationStatus, Batch, BatchStatus, IntakeCall
from lifecycle.intake.packs import intake_pack
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action, StageKind
from lifecycle.intake.rules import (
    BatchFacts,
    BatchItem,
    check_batch,
    is_district_union,
    within_window,
)
from lifecycle.intake.service import log_step
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import RuleResult
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import signer_problems


@dataclass(frozen=True)
class BatchEntry:
    """Put an application waiting for the union's recommendation into its batch, with a rank."""

    application_id: int
    rank: int | None = None


def _batch_stage(application: Application) -> str:
    route = intake_pack(application.scheme_code).route
    stage = route.stage(application.stage) if application.stage else None
    if application.status is not ApplicationStatus.IN_REVIEW or (
        stage is None or stage.kind is not StageKind.BATCH
    ):
        raise ConflictError("该申报当前不在推荐环节", field="application_id", code="not_at_batch")
    return stage.code


def _batch_for(uow: UnitOfWork, call: IntakeCall, union_id: int, union_path: str) -> Batch:
    """The union's draft batch for the call; once its batches are sent, a new one follows them
    as a supplementary batch (补充推荐), which the call's deadline still binds (reading I7)."""
    repo = IntakeRepository(uow.session)
    last = repo.batch_of(call.id, union_id)
    if last is not None and last.status is BatchStatus.DRAFT:
        return last
    return repo.add(
        Batch(
            call_id=call.id,
            union_id=union_id,
            union_path=union_path,
            seq=1 if last is None else last.seq + 1,
            status=BatchStatus.DRAFT,
        )
    )


def _batch_code(call: IntakeCall) -> str:
    """The code of the call's route's recommending stage (its batch)."""
    route = intake_pack(call.scheme_code).route
    return next(s.code for s in route.stages if s.kind is StageKind.BATCH)


def put_in_batch(
    uow: UnitOfWork, cmd: BatchEntry, *, acting_union_id: int, as_of: date, scope: Scope
) -> Batch:
    """Add (or re-rank) an application in the acting union's draft batch for its call; not after
    the call's deadline, when no batch can be sent any more [C 三（四）][L 四] (reading I7)."""
    app = IntakeRepository(uow.session).application(cmd.application_id, scope)
    if app is None:
        raise NotFound("申报不存在或不在管辖范围内", field="application_id")
    stage_code = _batch_stage(app)
    call = visible_call(uow, app.call_id, scope, app.union_path)
    stage = intake_pack(call.scheme_code).route.stage(stage_code)
    union = require_acting(uow, app, call, stage, acting_union_id)
    if cmd.rank is not None and not 1 <= cmd.rank <= 1000:
        raise ValidationFailed("排序应为1至1000的整数", field="rank")
    pack = intake_pack(call.scheme_code)
    window = within_window(call.opens_on, call.deadline, as_of, pack.deadline_article)
    if window.rule == "deadline_passed":
        raise ValidationFailed(
            f"申报截止日期（{chinese_date(call.deadline)}）已过，不能再列入推荐批次报送，"
            f"请对该申报作“不予推荐”办理（{window.article}）",
            field="batch",
            code="deadline_passed",
        )
    if app.batch_id is not None:
        listed = IntakeRepository(uow.session).batch(app.batch_id, EVERYTHING)
        if listed is not None and listed.status is BatchStatus.SUBMITTED:
            raise ConflictError(
                "本批次已报送，不能再调整", field="batch_id", code="batch_submitted"
            )
    batch = _batch_for(uow, call, union.id, union.path)
    app.batch_id = batch.id
    app.rank = cmd.rank
    uow.flush()
    return batch


def batch_members(uow: UnitOfWork, batch: Batch) -> list[Application]:
    """The batch's applications in ranking order (unranked last)."""
    rows = IntakeRepository(uow.session).applications(
        Scope.subtree(batch.union_path), call_id=batch.call_id
    )
    found = [a for a in rows if a.batch_id == batch.id]
    return sorted(found, key=lambda a: (a.rank is None, a.rank or 0, a.id))


def earlier_members(uow: UnitOfWork, batch: Batch) -> list[Application]:
    """What the union already sent to the call in the batches before ``batch`` (reading I7)."""
    repo = IntakeRepository(uow.session)
    found: list[Application] = []
    for sent in repo.union_batches(batch.call_id, batch.union_id):
        if sent.seq < batch.seq and sent.status is BatchStatus.SUBMITTED:
            found += batch_members(uow, sent)
    return found


def batch_label(batch: Batch) -> str:
    """「推荐批次」, or 「补充推荐批次（第2批）」 for a union's later batch of the call."""
    return "推荐批次" if batch.seq <= 1 else f"补充推荐批次（第{batch.seq}批）"


def batch_checks(
    uow: UnitOfWork, batch: Batch, call: IntakeCall, on_day: datetime
) -> list[RuleResult]:
    """Every rule a batch must pass, the call's deadline included [C 二（二）][L 一][L 四（二）]."""
    pack = intake_pack(call.scheme_code)
    if pack.batch is None:
        raise ValidationFailed(
            "该命名方案不设推荐批次，申报逐件审核", field="batch", code="no_batches"
        )
    union = uow.unions.get(batch.union_id, scope=EVERYTHING)
    assert union is not None
    members = batch_members(uow, batch)
    facts = BatchFacts(
        is_district_union=is_district_union(union.level, union.region_code),
        items=tuple(BatchItem(a.rank, a.non_public) for a in members),
        earlier=tuple(BatchItem(a.rank, a.non_public) for a in earlier_members(uow, batch)),
    )
    results = check_batch(pack.batch, facts)
    on = to_shanghai(on_day).date()
    results.append(within_window(call.opens_on, call.deadline, on, pack.deadline_article))
    return results + _standing(uow, members, call.scheme_code, on)


def _standing(
    uow: UnitOfWork, members: list[Application], scheme_code: str, on: date
) -> list[RuleResult]:
    """Each member that fails, on the day, a rule it passed when submitted: its leader retired,
    left, died or is no longer what the scheme asks, or the team came to hold a title that bars
    it [S3][C 一（一）][C 一（二）][L]; named with the way out (不予推荐)."""
    scheme, pack = get_scheme(scheme_code), intake_pack(scheme_code)
    found = []
    for app in members:
        facts = application_facts(
            uow, app.workshop_id, scheme_code, pack.declare(app.form), as_of=on
        )
        name = app.form.get("studio_name") or f"工作室 {app.workshop_id}"
        found += [
            RuleResult(
                r.rule,
                citation(r.article),  # as the batch rules' own articles: in Chinese
                False,
                f"申报 {app.id}（{name}）：{r.message}，请对该申报作出“不予推荐”决定",
            )
            for r in scheme.standing_failures(facts, on)
        ]
    return found


def submit_batch(
    uow: UnitOfWork,
    batch_id: int,
    *,
    acting_union_id: int,
    signer: str,
    actor: Actor,
    now: datetime,
    scope: Scope,
    expected_version: int | None = None,
) -> Batch:
    """Submit once every rule passes; each application moves on with a 列入推荐 step (a
    supplementary batch's rules count the union's earlier batches of the call too)."""
    repo = IntakeRepository(uow.session)
    batch = repo.batch(batch_id, scope)
    if batch is None:
        raise NotFound("推荐批次不存在或不在管辖范围内", field="batch_id")
    if expected_version is not None and expected_version != batch.version:
        raise ConflictError("该批次已在您打开后被修改，请刷新后重试", field="expected_version")
    call = visible_call(uow, batch.call_id, scope, batch.union_path)
    if batch.union_id != acting_union_id:
        # A union above the recommending one (a district over a 社团 or union under it) sees
        # the batch but does not send it: each recommender sends its own [C 二（二）][L 四（二）].
        owner = uow.unions.get(batch.union_id, scope=EVERYTHING)
        article = intake_pack(call.scheme_code).route.stage(_batch_code(call)).article
        raise NotYourStep(
            f"该推荐批次应由{owner.name if owner else '推荐单位'}报送（{article}）",
            field="batch_id",
        )
    if batch.status is BatchStatus.SUBMITTED:
        raise ConflictError("本批次已报送", field="batch_id", code="batch_submitted")
    checks = batch_checks(uow, batch, call, now)
    failed = [r for r in checks if not r.passed]
    problems = Problems()
    if failed:  # with the signer's problem, if any: one answer [C 二][Y7]
        problems.add(
            "batch",
            failed[0].rule,
            "推荐批次不符合规定，不能报送："
            + "；".join(f"{r.message}（{r.article}）" for r in failed),
        )
    problems.items += signer_problems(signer)
    problems.raise_if_any()
    on = to_shanghai(now).date()
    pack = intake_pack(call.scheme_code)
    for app in batch_members(uow, batch):
        stage = app.stage or ""
        app.stage = pack.route.after(stage).code
        rank = f"，排序第{app.rank}" if app.rank else ""
        log_step(
            uow,
            app,
            stage,
            Action.RECOMMEND,
            on,
            actor=actor,
            signer=signer,
            opinion=f"列入{batch_label(batch)}{rank}",
            union_id=batch.union_id,
        )
    batch.status = BatchStatus.SUBMITTED
    batch.submitted_on = on
    batch.submitted_by = signer
    batch.checks = [
        {"rule": r.rule, "article": r.article, "passed": r.passed, "message": r.message}
        for r in checks
    ]
    uow.flush()
    return batch
