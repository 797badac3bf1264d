"""The deciding body may decide not to name [Y7]; one application of a team per scheme in review."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.designations.naming import ExistingTitle, register_existing_title
from lifecycle.errors import NotYourStep, ValidationFailed
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.model import ApplicationStatus
from lifecycle.intake.naming import NameApplications, name_applications
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action
from lifecycle.intake.service import (
    NewApplication,
    StepDecision,
    decide_step,
    start_application,
    submit,
)
from lifecycle.scope import Scope
from lifecycle.views.intake import application_view
from tests import factories as f
from tests.intake_factories import APPLICANT, AS_OF, OFFICER, at, yangpu_call, yangpu_form

Y7 = "《杨浦区劳模（先进）、技师创新工作室管理办法》第七条"


def _step(u, app, stage, union, action=Action.APPROVE, **kw):  # type: ignore[no-untyped-def]
    cmd = StepDecision(
        app.id,
        stage,
        action,
        AS_OF,
        "李主席",
        kw.pop("opinion", "同意"),
        consent=kw.pop("consent", None),
    )
    scope = Scope.subtree(union.path)
    return decide_step(u, cmd, acting_union_id=union.id, actor=OFFICER, as_of=AS_OF, scope=scope)


def _start(u, tree, call, shop):  # type: ignore[no-untyped-def]
    return start_application(
        u,
        NewApplication(call.id, shop.id, yangpu_form()),
        actor=APPLICANT,
        now=f.at_ten(AS_OF),
        scope=Scope.subtree(tree.unit.path),
        own_path=tree.unit.path,
    )


def _to_council(u, tree, app):  # type: ignore[no-untyped-def]
    submit(u, app.id, actor=APPLICANT, now=at(AS_OF), scope=Scope.subtree(tree.unit.path))
    _step(u, app, "unit", tree.unit, consent="党委会同意")
    _step(u, app, "sector", tree.sector)
    _step(u, app, "panel", tree.district)
    assert app.stage == "council"


def _next_year_call(u, tree):  # type: ignore[no-untyped-def]
    return open_call(
        u,
        NewCall(
            "yangpu-district",
            2027,
            "2027年度杨浦区劳模（先进）、技师创新工作室申报",
            date(2026, 11, 1),
            date(2026, 12, 20),
        ),
        naming_union_id=tree.district.id,
        actor=OFFICER,
        scope=Scope.subtree(tree.district.path),
        as_of=date(2026, 11, 1),
    )


def test_the_council_decides_not_to_name_with_its_reason(uow):
    with uow() as u:
        tree = f.union_tree(u)
        call, shop = yangpu_call(u, tree), f.workshop(u, tree)
        app = _start(u, tree, call, shop)
        _to_council(u, tree, app)
        view = application_view(u, app.id, Scope.subtree(tree.district.path))
        assert view.actions == (Action.REJECT,)
        assert view.waiting_union is not None
        assert view.waiting_union.id == tree.district.id
        # A reason is required; approving here is not a step (naming is the call's decision).
        with pytest.raises(ValidationFailed) as bare:
            _step(u, app, "council", tree.district, Action.REJECT, opinion=" ")
        assert bare.value.problems[0].field == "opinion"
        with pytest.raises(ValidationFailed) as approve:
            _step(u, app, "council", tree.district)
        assert approve.value.code == "action_not_allowed"
        # Only the naming union decides.
        with pytest.raises(NotYourStep) as sector:
            _step(u, app, "council", tree.sector, Action.REJECT, opinion="不予命名")
        assert (sector.value.code, sector.value.http_status) == ("not_your_step", 403)
        _step(u, app, "council", tree.district, Action.REJECT, opinion="评审得分未达命名标准")
        assert (app.status, app.stage) == (ApplicationStatus.REJECTED, None)
        last = IntakeRepository(u.session).steps(app.id)[-1]
        assert (last.stage, last.action, last.acting_union_id) == (
            "council",
            "reject",
            tree.district.id,
        )
        assert last.opinion == "评审得分未达命名标准"
        shown = application_view(u, app.id, Scope.subtree(tree.district.path)).steps[-1]
        assert shown.action_label == "不予命名"


def test_a_team_named_while_its_application_waits_is_refused_naming_and_then_not_named(uow):
    with uow() as u:
        tree = f.union_tree(u)
        call, shop = yangpu_call(u, tree), f.workshop(u, tree)
        app = _start(u, tree, call, shop)
        _to_council(u, tree, app)
        # The paper archive brings in a title of the same team while the application waits.
        register_existing_title(
            u,
            ExistingTitle(
                shop.id, "yangpu-district", "既有工作室", "杨浦 2025-009", date(2025, 12, 1), "杨工"
            ),
            actor=f.acting(tree.district),
            as_of=AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        with pytest.raises(ValidationFailed) as refused:
            name_applications(
                u,
                NameApplications(call.id, (app.id,), "杨工〔2026〕21号", AS_OF, "主席办公会议"),
                acting_union_id=tree.district.id,
                actor=OFFICER,
                as_of=AS_OF,
                scope=Scope.subtree(tree.district.path),
            )
        (problem,) = refused.value.problems
        assert problem.field == "application_ids.0"
        assert problem.code == "already_named"
        assert Y7 in problem.message
        assert "不予命名" in problem.message
        _step(u, app, "council", tree.district, Action.REJECT, opinion="该工作室已获区级命名")
        assert app.status is ApplicationStatus.REJECTED


def test_a_second_application_of_a_team_under_the_scheme_waits_for_the_first(uow):
    with uow() as u:
        tree = f.union_tree(u)
        first_call, shop = yangpu_call(u, tree), f.workshop(u, tree)
        second_call = _next_year_call(u, tree)
        first = _start(u, tree, first_call, shop)
        # Two drafts may exist; only one goes into review.
        second = _start(u, tree, second_call, shop)
        submit(u, first.id, actor=APPLICANT, now=at(AS_OF), scope=Scope.subtree(tree.unit.path))
        with pytest.raises(ValidationFailed) as at_submit:
            submit(
                u, second.id, actor=APPLICANT, now=at(AS_OF), scope=Scope.subtree(tree.unit.path)
            )
        problems = {p.field: p for p in at_submit.value.problems}
        assert problems["workshop_id"].code == "already_in_review"
        assert "正在审核中" in problems["workshop_id"].message
        assert Y7 in problems["workshop_id"].message
        assert second.status is ApplicationStatus.DRAFT
        other_shop = f.workshop(u, tree)
        third_call = open_call(
            u,
            NewCall(
                "yangpu-district",
                2025,
                "2025年度杨浦区申报（补报）",
                date(2025, 11, 1),
                date(2026, 12, 20),
            ),
            naming_union_id=tree.district.id,
            actor=OFFICER,
            scope=Scope.subtree(tree.district.path),
            as_of=date(2025, 11, 1),
        )
        with pytest.raises(ValidationFailed) as at_start:
            _start(u, tree, third_call, shop)
        assert at_start.value.problems[0].code == "already_in_review"
        assert _start(u, tree, third_call, other_shop).status is ApplicationStatus.DRAFT
        # Once the first is decided (不予命名), the team may apply again.
        _step(u, first, "unit", tree.unit, Action.REJECT, opinion="暂不推荐")
        submit(u, second.id, actor=APPLICANT, now=at(AS_OF), scope=Scope.subtree(tree.unit.path))
        assert second.status is ApplicationStatus.IN_REVIEW
