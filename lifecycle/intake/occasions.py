"""Applications waiting for a union's step as occasions of its 待办 and digest (DOMAIN.md §6–§8).

An application is no designation: its occasions are made on each read from the few applications
in review, by the rules below (no stored projection to keep true).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date

from lifecycle.clock import chinese_date, to_shanghai
from lifecycle.craftsman_title.repository import CraftsmanRepository
from lifecycle.craftsman_title.rules import Channel, cited
from lifecycle.craftsman_title.stages import (
    STAGES,
    StageDef,
    Status,
    closing_stage,
    owner_of,
    stage_due_by,
)
from lifecycle.intake.acting import acting_union_id
from lifecycle.intake.model import ApplicationStatus
from lifecycle.intake.packs import intake_pack
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Route, Stage, StageKind
from lifecycle.occasions.model import Occasion, OccasionKind, OccasionStatus, timeline
from lifecycle.scope import Scope
from lifecycle.unions.model import nearest_at_level
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel


def step_due_by(route: Route, stage_code: str, deadline: date) -> date | None:
    """The call's deadline binds every stage up to the recommending union's batch, which is
    refused after it [C 三（四）][L]; later stages, and a route without a batch (where it binds
    the first submission only [Y7]), have no date of their own."""
    codes = [s.code for s in route.stages]
    batch = next((i for i, s in enumerate(route.stages) if s.kind is StageKind.BATCH), None)
    return deadline if batch is not None and codes.index(stage_code) <= batch else None


def step_action(stage: Stage, *, returned: bool) -> str:
    """What the union an application waits for is to do at ``stage`` (the digest's 办理要求),
    citing the stage's own article: the applicant's resubmission, a step's opinion (with the
    consent it records [Y7]), the recommending union's batch [C 二（二）][L 四（二）], or the
    naming decision [Y7][S6][C 二（四）][L 一]."""
    if returned:
        what = (
            f"申报在“{stage.label}”环节被退回补充材料：请按退回意见补充、修改申报表及附件后重新提交"
        )
    elif stage.kind is StageKind.BATCH:
        what = (
            "请审查申报材料：符合条件的列入本单位推荐批次（有排序要求的排定顺序），"
            "在申报截止日期前报送；不符合条件的作“不予推荐”办理并写明理由"
        )
    elif stage.kind is StageKind.DECISION:
        what = "请按审定结果登记命名决定（文号及日期），未获审定的作“不予命名”办理并写明理由"
    else:
        consent = f"，并登记{stage.consent_label}" if stage.consent_label else ""
        what = (
            f"请办理“{stage.label}”：审查申报材料后录入本级意见（同意、退回补充材料或不同意，"
            f"退回或不同意须写明理由）{consent}"
        )
    return f"{what}（{stage.article}）。"


def draft_action(deadline: date, article: str) -> str:
    """What the unit union of a draft is to do: submit it by the call's deadline, which binds
    the first submission (reading 45) [Y7][C 三（四）][L 四]."""
    basis = f"（{article}）" if article else ""
    return (
        "申报表已保存为草稿，尚未提交：请填写完整、上传附件后，"
        f"于申报截止日期（{chinese_date(deadline)}，含当日）前提交，逾期不再受理{basis}。"
    )


def craftsman_action(stage: StageDef, year: int, *, unjoined: bool = False) -> str:
    """What the union a 上海工匠 application waits for is to do at ``stage``: the stage's own
    work, citing the clause of the notice of the call's own year [G 三]; ``unjoined``: one still
    awaiting 入会 past the unions' deadline, the district's to close (reading G9)."""
    if unjoined:
        what = "申报人至报送截止日仍未办理入会：请在资格审查中办结该申报，录入不通过的结论及理由"
    else:
        what = f"请完成“上海工匠”申报的{stage.label}（{stage.citation}），在申报页面录入本环节结论"
    return cited(what, year, stage.clause) + "。"


def waiting_occasion(
    kind: OccasionKind,
    key: str,
    *,
    since: date,
    due_by: date | None,
    union_id: int,
    what: str,
    link: str,
    subject: str,
    as_of: date,
    action: str | None = None,
) -> Occasion:
    """A step waiting for ``union_id``: due by ``due_by`` and late after it (arisen on ``since``:
    told as new past the first lead day, ``reminders.policy.arrival_step``); with no date,
    standing from ``since`` and never late (announced once, ``reminders.policy.lead_step``)."""
    if due_by is None:
        when, due_on, status = "无规定办理期限", since, OccasionStatus.DUE
    else:
        when, due_on = f"须于{chinese_date(due_by)}前办理", due_by
        status = OccasionStatus.OVERDUE if as_of > due_by else OccasionStatus.DUE
    title = f"{what}（{when}）"
    undated = due_by is None
    days = timeline(since, window_days=0, standing=True, undated=True) if undated else None
    return Occasion(
        kind, None, due_on, union_id, status, title, link, f"{kind.value}:{key}", subject,
        standing=undated, days=days, action=action, arose_on=since,
    )  # fmt: skip


def waiting_occasions(
    uow: UnitOfWork, scope: Scope, as_of: date, *, scheme: str | None = None
) -> list[Occasion]:
    """Every step an application in ``scope`` (of ``scheme``) waits at, in occasion order."""
    found = [*_intake(uow, scope, as_of, scheme)]
    if scheme is None:
        found += _craftsman(uow, scope, as_of)
    return sorted(found, key=lambda o: o.sort_key)


def held_steps(
    uow: UnitOfWork,
    union_id: int,
    *,
    kinds: Collection[OccasionKind],
    due: tuple[date, date],
    as_of: date,
    scope: Scope,
) -> list[Occasion]:
    """The dated steps (due by the call's deadline) waiting for ``union_id`` itself, of
    ``kinds``, due between ``due`` (both days included): 我的待办's rule for the 日历 and the ICS
    feed (an undated step has no day to be shown on)."""
    union = uow.unions.get(union_id, scope)
    if union is None:
        return []
    return [
        o
        for o in waiting_occasions(uow, Scope.subtree(union.path), as_of)
        if o.union_id == union_id and o.kind in kinds and not o.standing
        and due[0] <= o.due_on <= due[1]
    ]  # fmt: skip


def _intake(uow: UnitOfWork, scope: Scope, as_of: date, scheme: str | None) -> Iterator[Occasion]:
    """In review: the union whose stage it is [Y7][C 二]; returned: the applicant's unit union."""
    repo = IntakeRepository(uow.session)
    rows = repo.waiting(scope, scheme)
    # The unions on the units' and the namers' paths: one read for every application in review.
    in_review = [r for r in rows if r.status is ApplicationStatus.IN_REVIEW]
    levels = uow.unions.levels_on({p for r in in_review for p in (r.union_path, r.call_path)})
    for r in rows:
        pack = intake_pack(r.scheme_code)
        returned = r.status is ApplicationStatus.RETURNED
        code = (r.returned_stage if returned else r.stage) or pack.route.first.code
        stage = pack.route.stage(code)
        union_id = (
            r.unit_union_id
            if returned
            else acting_union_id(
                stage, r.union_path, r.naming_union_id, levels, r.recommender_union_id
            )
        )
        if union_id is None:  # no union can act: the application page says so
            continue
        yield waiting_occasion(
            OccasionKind.APPLICATION_STEP,
            f"{r.id}:{r.round}:{r.status.value}:{code}",
            since=r.since,
            due_by=step_due_by(pack.route, code, r.deadline),
            union_id=union_id,
            what="退回补充材料，待重新提交" if returned else f"待{stage.label}",
            link=f"/intake/applications/{r.id}",
            subject=f"{r.studio or f'申报{r.id}'}（{r.title}）",
            as_of=as_of,
            action=step_action(stage, returned=returned),
        )
    # A draft not yet submitted waits for its unit union until the call's deadline: after it the
    # first submission is refused, and nothing is left to remind of (the unit may withdraw it).
    for r in repo.unsent_drafts(scope, scheme, open_on=as_of):
        pack = intake_pack(r.scheme_code)
        yield waiting_occasion(
            OccasionKind.APPLICATION_STEP,
            f"{r.id}:0:draft",
            since=to_shanghai(r.created_at).date(),
            due_by=r.deadline,
            union_id=r.unit_union_id,
            what="申报草稿待提交",
            link=f"/intake/applications/{r.id}",
            subject=f"{r.studio or r.team}（{r.title}）",
            as_of=as_of,
            action=draft_action(r.deadline, pack.deadline_article),
        )


def _craftsman(uow: UnitOfWork, scope: Scope, as_of: date) -> Iterator[Occasion]:
    """A stage owned by the applicant's district union, or by the city above it (a
    self-applicant's qualification too, undated: reading G13) [G 三]; one still awaiting 入会
    after the unions' deadline is the qualification owner's to close (reading G9)."""
    statuses = {s.stage.value for s in STAGES} | {Status.AWAITING_MEMBERSHIP.value}
    waiting = []
    for r in CraftsmanRepository(uow.session).waiting(scope, statuses):
        stage = closing_stage(r.status, r.union_deadline, as_of)
        if stage is not None:  # None: awaiting 入会 before the deadline, the applicant's move
            owner = owner_of(stage, self_channel=r.channel == Channel.SELF)
            waiting.append((r, stage, owner))
    # The unions above the districts where a stage is the city's: one read for them all.
    city_owned = {r.district_path for r, _, owner in waiting if owner is UnionLevel.CITY}
    levels = uow.unions.levels_on(city_owned)
    for r, stage, owner in waiting:
        union_id: int | None = r.district_union_id
        if owner is UnionLevel.CITY:
            union_id = nearest_at_level(r.district_path, levels, UnionLevel.CITY)
        if union_id is None:
            continue
        yield waiting_occasion(
            OccasionKind.CRAFTSMAN_STEP,
            f"{r.id}:{stage.stage.value}",
            since=r.since or r.applied_on,
            due_by=stage_due_by(stage, r.union_deadline, self_channel=r.channel == Channel.SELF),
            union_id=union_id,
            what=f"待{stage.label}",
            link=f"/craftsman-selections/applications/{r.id}",
            subject=f"{r.name}（{r.year}年度“上海工匠”申报）",
            as_of=as_of,
            action=craftsman_action(stage, r.year, unjoined=r.status is Status.AWAITING_MEMBERSHIP),
        )
