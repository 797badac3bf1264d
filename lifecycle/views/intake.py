"""Read models of intake for pages and the API: one application with its route and history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lifecycle.clock import chinese_date
from lifecycle.designations.model import Designation
from lifecycle.errors import NotFound
from lifecycle.intake.acting import acting_union, acts
from lifecycle.intake.applying import apply_refusal
from lifecycle.intake.batches import batch_checks, batch_label, batch_members
from lifecycle.intake.calls import visible_call
from lifecycle.intake.forms import CharCount, counts
from lifecycle.intake.model import (
    Application,
    ApplicationStatus,
    ApplicationStep,
    Batch,
    BatchStatus,
    IntakeCall,
    NamingDecision,
)
from lifecycle.intake.packs import IntakePack, intake_pack
from lifecycle.intake.registered import registered_inputs, registered_texts, team_record
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action, Stage, StageKind, action_label
from lifecycle.schemes.base import RuleResult
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.workshops.model import Workshop


@dataclass(frozen=True)
class StepView:
    step: ApplicationStep
    stage_label: str
    action_label: str
    union_name: str | None


@dataclass(frozen=True)
class ApplicationView:
    """Everything the application page and its JSON show."""

    application: Application
    call: IntakeCall
    pack: IntakePack
    workshop: Workshop
    stage: Stage | None
    waiting_union: Union | None  # whose step it is now
    counts: list[CharCount]
    steps: list[StepView]
    recommender: Union | None = None  # the 社团 it applies through [C 二（二）]
    # Once named: the title the decision created, as far as the reader may read it, and the
    # decision (its 文号) [Y7][C 二（五）].
    title: Designation | None = None
    decision: NamingDecision | None = None

    @property
    def actions(self) -> tuple[Action, ...]:
        if self.stage is None or self.application.status is not ApplicationStatus.IN_REVIEW:
            return ()
        return self.pack.route.actions(self.stage.code)

    def actions_for(self, union_id: int) -> tuple[Action, ...]:
        """The actions the union ``union_id`` may record now: the stage's, when the step is its
        own (``decide_step`` refuses any other union, ``acting.require_acting``)."""
        if self.waiting_union is None or not acts(self.waiting_union, union_id):
            return ()
        return self.actions

    @property
    def batching(self) -> bool:
        """Whether it waits for the recommending union's batch [C 二（二）][L 四（二）]."""
        return self.stage is not None and self.stage.kind is StageKind.BATCH

    def lapsed(self, as_of: date) -> bool:
        """Waiting for a batch after the call's deadline: no batch can carry it any more
        [C 三（四）][L 四]; the recommending union closes it with 不予推荐 (reading I5)."""
        in_review = self.application.status is ApplicationStatus.IN_REVIEW
        return in_review and self.batching and as_of > self.call.deadline

    @property
    def lapse_opinion(self) -> str:
        """The reason offered for closing a lapsed application (the union may rewrite it)."""
        return f"逾期未报送：截止日期{chinese_date(self.call.deadline)}前未列入报送的推荐批次"

    def registered(self, as_of: date) -> tuple[dict[str, str], dict[str, str]]:
        """The form's fields restating the team's register: their inputs as the register holds
        them on ``as_of``, and what it holds, shown beside them [C 二（二）][L 二（一）]."""
        record = team_record(self.workshop, as_of)
        return registered_inputs(self.pack.form, record), registered_texts(self.pack.form, record)

    @property
    def rounds(self) -> dict[int, list[StepView]]:
        found: dict[int, list[StepView]] = {}
        for s in self.steps:
            found.setdefault(s.step.round, []).append(s)
        return found


def application_view(uow: UnitOfWork, application_id: int, scope: Scope) -> ApplicationView:
    """One application inside ``scope`` with its call, stage, waiting union and history."""
    repo = IntakeRepository(uow.session)
    app = repo.application(application_id, scope)
    if app is None:
        raise NotFound("申报不存在或不在管辖范围内", field="application_id")
    call = visible_call(uow, app.call_id, Scope.everything(), app.union_path)
    pack = intake_pack(app.scheme_code)
    # The team of an application in scope: the 社团 it applies through reads it too [C 二（二）].
    workshop = uow.workshops.get(app.workshop_id, scope=EVERYTHING)
    assert workshop is not None
    stage = pack.route.stage(app.stage) if app.stage else None
    waiting = None
    if stage is not None and app.status is ApplicationStatus.IN_REVIEW:
        waiting = acting_union(uow, app, call, stage)
    elif app.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED):
        waiting = uow.unions.get(app.unit_union_id, scope=EVERYTHING)
    names: dict[int, str] = {}
    steps = []
    for s in repo.steps(app.id):
        if s.acting_union_id is not None and s.acting_union_id not in names:
            u = uow.unions.get(s.acting_union_id, scope=EVERYTHING)
            names[s.acting_union_id] = u.name if u else ""
        steps.append(
            StepView(
                s,
                _stage_label(pack, s.stage),
                _action_label(pack, s.stage, s.action),
                names.get(s.acting_union_id) if s.acting_union_id else None,
            )
        )
    recommender = None
    if app.recommender_union_id is not None:
        recommender = uow.unions.get(app.recommender_union_id, scope=EVERYTHING)
    title = None if app.designation_id is None else uow.designations.get(app.designation_id, scope)
    decision = None
    if title is not None and app.decision_id is not None:
        decision = repo.decision(app.decision_id)
    return ApplicationView(
        app,
        call,
        pack,
        workshop,
        stage,
        waiting,
        counts(pack.form, app.form),
        steps,
        recommender,
        title,
        decision,
    )


def _action_label(pack: IntakePack, stage: str, action: str) -> str:
    try:
        return action_label(pack.route.stage(stage), Action(action))
    except (KeyError, ValueError):
        return action


def _stage_label(pack: IntakePack, code: str) -> str:
    try:
        return pack.route.stage(code).label
    except KeyError:
        return code


def route_outline(pack: IntakePack) -> list[dict[str, Any]]:
    """The route as data for the page and the API."""
    return [
        {
            "code": s.code,
            "label": s.label,
            "level": s.level.value,
            "kind": s.kind.value,
            "optional": s.optional,
            "article": s.article,
            "consent": s.consent_label,
        }
        for s in pack.route.stages
    ]


def waiting_for(uow: UnitOfWork, union: Union, scope: Scope) -> list[Application]:
    """Applications waiting for ``union``'s step (review or batch) or decision, best-ranked first.

    Advisory preferences (优先) order the list [S7][C 一（二）（四）]; they never decide.
    """
    found = []
    repo = IntakeRepository(uow.session)
    for app in repo.applications(scope, status=ApplicationStatus.IN_REVIEW):
        call = visible_call(uow, app.call_id, Scope.everything(), app.union_path)
        stage = intake_pack(app.scheme_code).route.stage(app.stage or "")
        if stage.kind is StageKind.DECISION:
            if call.naming_union_id == union.id:
                found.append(app)
        elif acting_union(uow, app, call, stage).id == union.id:
            found.append(app)
    return sorted(found, key=lambda a: (-a.preference, a.rank or 0, a.id))


@dataclass(frozen=True)
class BatchView:
    """A recommending union's batch with its members in ranking order and its checks."""

    batch: Batch
    union: Union
    members: list[Application]
    checks: list[RuleResult]

    @property
    def label(self) -> str:
        """「推荐批次」 or 「补充推荐批次（第2批）」 (reading I7)."""
        return batch_label(self.batch)

    @property
    def submittable(self) -> bool:
        return self.batch.status is BatchStatus.DRAFT and all(c.passed for c in self.checks)


def batch_views(uow: UnitOfWork, call: IntakeCall, scope: Scope, now: datetime) -> list[BatchView]:
    """Every batch of ``call`` inside ``scope``: the city sees each with its checks [C][L]."""
    if intake_pack(call.scheme_code).batch is None:
        return []
    found = []
    for batch in IntakeRepository(uow.session).batches(call.id, scope):
        union = uow.unions.get(batch.union_id, scope=EVERYTHING)
        assert union is not None
        if batch.status is BatchStatus.SUBMITTED:
            checks = [RuleResult(**c) for c in batch.checks or []]
        else:
            checks = batch_checks(uow, batch, call, now)
        found.append(BatchView(batch, union, batch_members(uow, batch), checks))
    return found


def awaiting_recommendation(
    uow: UnitOfWork, call: IntakeCall, union: Union, scope: Scope
) -> list[Application]:
    """Applications of ``call`` waiting for ``union``'s recommendation (not yet in its batch)."""
    return [
        a
        for a in waiting_for(uow, union, scope)
        if a.call_id == call.id
        and intake_pack(a.scheme_code).route.stage(a.stage or "").kind is StageKind.BATCH
    ]


@dataclass(frozen=True)
class ApplyingTeams:
    """The user's teams under a call: offered, and those once named under its scheme [Y7][L 一]."""

    offered: list[Workshop]
    barred: list[tuple[Workshop, str]]


def applying_teams(uow: UnitOfWork, call: IntakeCall, own_path: str, as_of: date) -> ApplyingTeams:
    """Teams of the user's subtree within the call's; a team the use case would refuse
    (``apply_refusal``: once named under the scheme, already applied to this call, or in review
    under it) is barred, with the refusal's message; so is one the submission would refuse for
    want of a lower-level title to be recommended from [S7], judged on the last day it may be
    submitted (the call's deadline; today once that is past)."""
    source_on = max(as_of, call.deadline)
    under_call = {w.id for w in uow.workshops.find(Scope.subtree(call.union_path))}
    shops = [s for s in uow.workshops.find(Scope.subtree(own_path)) if s.id in under_call]
    ids = [shop.id for shop in shops]
    # The facts of every team at once (a district's call page lists hundreds of teams).
    repo = IntakeRepository(uow.session)
    held = uow.designations.for_workshops(ids)
    applied = repo.open_to_call(call.id, ids)
    reviewing = repo.in_review_calls(call.scheme_code, ids)
    offered: list[Workshop] = []
    barred: list[tuple[Workshop, str]] = []
    for shop in shops:
        refusal = apply_refusal(
            held[shop.id],
            call.scheme_code,
            applied_here=shop.id in applied,
            other_call=reviewing.get(shop.id),
            source_on=source_on,
        )
        if refusal is None:
            offered.append(shop)
        else:
            barred.append((shop, refusal.message))
    return ApplyingTeams(offered, barred)
