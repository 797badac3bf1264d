"""The Yangpu route [Y7]: unit union (党政 consent) → 初审 → review panel → 主席办公会议 → named."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.designations.naming import ExistingTitle, register_existing_title
from lifecycle.errors import ConflictError, NotFound, NotYourStep, ValidationFailed
from lifecycle.intake.model import ApplicationStatus
from lifecycle.intake.naming import NameApplications, name_applications
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action
from lifecycle.intake.service import (
    NewApplication,
    SaveForm,
    StepDecision,
    decide_step,
    save_form,
    start_application,
    submit,
)
from lifecycle.scope import Scope
from lifecycle.vocab import DesignationStatus
from tests import factories as f
from tests.intake_factories import APPLICANT, AS_OF, OFFICER, at, yangpu_call, yangpu_form


def _step(u, app, stage, union, action=Action.APPROVE, **kw):
    cmd = StepDecision(
        app.id,
        stage,
        action,
        kw.pop("decided_on", AS_OF),
        kw.pop("signer", "李主席"),
        kw.pop("opinion", "同意"),
        consent=kw.pop("consent", None),
    )
    return decide_step(
        u,
        cmd,
        acting_union_id=union.id,
        actor=OFFICER,
        as_of=kw.pop("as_of", AS_OF),
        scope=Scope.subtree(union.path),
    )


def _draft(u, tree, form=None):
    call = yangpu_call(u, tree)
    shop = f.workshop(u, tree)
    app = start_application(
        u,
        NewApplication(call.id, shop.id, form or yangpu_form()),
        actor=APPLICANT,
        now=f.at_ten(AS_OF),
        scope=Scope.subtree(tree.unit.path),
        own_path=tree.unit.path,
    )
    return call, shop, app


def test_every_stage_by_its_union_then_the_decision_names_with_grant_and_first_cycle(uow):
    with uow() as u:
        tree = f.union_tree(u)
        call, shop, app = _draft(u, tree)
        unit_scope = Scope.subtree(tree.unit.path)
        submit(u, app.id, actor=APPLICANT, now=at(AS_OF), scope=unit_scope)
        assert (app.status, app.stage, app.round) == (ApplicationStatus.IN_REVIEW, "unit", 1)
        # The unit union may not approve without recording 党政 consent [Y7].
        with pytest.raises(ValidationFailed) as missing:
            _step(u, app, "unit", tree.unit)
        assert missing.value.problems[0].field == "consent"
        # The sector union cannot act before the unit; the stage is the unit's.
        with pytest.raises(ConflictError):
            _step(u, app, "sector", tree.sector)
        _step(u, app, "unit", tree.unit, consent="2026-11-20 经公司党委会同意（签署：刘书记）")
        # The district is not the 初审 union.
        with pytest.raises(NotYourStep) as wrong:
            _step(u, app, "sector", tree.district)
        assert (wrong.value.code, wrong.value.http_status) == ("not_your_step", 403)
        assert "五角场街道总工会" in wrong.value.message
        _step(u, app, "sector", tree.sector)
        _step(u, app, "panel", tree.district)
        assert app.stage == "council"
        decision, named = name_applications(
            u,
            NameApplications(call.id, (app.id,), "杨工〔2026〕21号", AS_OF, "区总工会主席办公会议"),
            acting_union_id=tree.district.id,
            actor=OFFICER,
            as_of=AS_OF,
            scope=Scope.subtree(tree.district.path),
        )
        (one,) = named
        d = one.designation
        assert d.status is DesignationStatus.NAMED
        assert d.title == f"{shop.leader.name}数控攻关劳模创新工作室"  # [Y8]
        assert d.number == "杨浦 2026-001"
        assert (d.naming_date, d.naming_union_id) == (AS_OF, tree.district.id)
        assert d.history[-1].document_ref == "杨工〔2026〕21号"
        assert one.grant_fen == 1_000_000  # [Y14]
        grant = u.funding.one_off_grant(d.id)
        assert grant is not None
        assert grant.paid_on is None
        assert one.first_occasion is not None
        assert one.first_occasion.kind == "cycle_inspection"
        assert one.first_occasion.due_on == date(2029, 11, 21)  # naming + 3 years [Y12]
        assert (app.status, app.designation_id, app.decision_id) == (
            ApplicationStatus.NAMED,
            d.id,
            decision.id,
        )
        steps = IntakeRepository(u.session).steps(app.id)
        assert [(s.stage, s.action) for s in steps] == [
            ("unit", "submit"),
            ("unit", "approve"),
            ("sector", "approve"),
            ("panel", "approve"),
            ("council", "name"),
        ]
        assert steps[1].consent.startswith("2026-11-20")


def test_returned_application_is_edited_resubmitted_and_history_shows_both_rounds(uow):
    with uow() as u:
        tree = f.union_tree(u)
        _, _, app = _draft(u, tree)
        unit_scope = Scope.subtree(tree.unit.path)
        submit(u, app.id, actor=APPLICANT, now=at(AS_OF), scope=unit_scope)
        _step(u, app, "unit", tree.unit, consent="党政联席会议同意")
        with pytest.raises(ValidationFailed):  # a return needs its reasons
            _step(u, app, "sector", tree.sector, Action.RETURN, opinion=" ")
        _step(u, app, "sector", tree.sector, Action.RETURN, opinion="请补充年度工作计划")
        assert app.status is ApplicationStatus.RETURNED
        form = {**app.form, "team_summary": "补充：成员五人，含两名技师。"}
        save_form(u, SaveForm(app.id, form), as_of=AS_OF, scope=unit_scope)
        # Resubmitted after the deadline still goes: the deadline binds the first submission.
        submit(u, app.id, actor=APPLICANT, now=at(date(2026, 12, 28)), scope=unit_scope)
        assert (app.status, app.stage, app.round) == (ApplicationStatus.IN_REVIEW, "sector", 2)
        resubmitted = date(2026, 12, 28)  # decided on or after the resubmission [Y7]
        _step(u, app, "sector", tree.sector, decided_on=resubmitted, as_of=resubmitted)
        steps = IntakeRepository(u.session).steps(app.id)
        assert [(s.round, s.stage, s.action) for s in steps] == [
            (1, "unit", "submit"),
            (1, "unit", "approve"),
            (1, "sector", "return"),
            (2, "sector", "submit"),
            (2, "sector", "approve"),
        ]
        assert steps[0].form_snapshot["team_summary"] == "成员四人，覆盖机械、电气专业。"
        assert steps[3].form_snapshot["team_summary"].startswith("补充")


def test_submission_lists_every_failed_rule_and_missing_field_and_writes_nothing(uow):
    with uow() as u:
        tree = f.union_tree(u)
        form = {**yangpu_form(), "direction": "", "has_venue": False, "projects": []}
        _, _, app = _draft(u, tree, form)
        with pytest.raises(ValidationFailed) as refused:
            submit(u, app.id, actor=APPLICANT, now=at(AS_OF), scope=Scope.subtree(tree.unit.path))
        fields = {p.field: p.message for p in refused.value.problems}
        assert "direction" in fields  # 不得缺项
        assert "projects" in fields  # at least one project row
        assert fields["eligibility.venue_and_rules"].endswith(
            "（《杨浦区劳模（先进）、技师创新工作室管理办法》第三条）"
        )
        assert "eligibility.yearly_project" in fields
        assert app.status is ApplicationStatus.DRAFT
        assert IntakeRepository(u.session).steps(app.id) == []


def test_deadline_day_is_inclusive_in_shanghai_time(uow):
    with uow() as u:
        tree = f.union_tree(u)
        call = yangpu_call(u, tree, deadline=date(2026, 11, 20))
        scope = Scope.subtree(tree.unit.path)
        late, ok = (
            start_application(
                u,
                NewApplication(call.id, f.workshop(u, tree).id, yangpu_form()),
                actor=APPLICANT,
                now=f.at_ten(AS_OF),
                scope=scope,
                own_path=tree.unit.path,
            )
            for _ in range(2)
        )
        # 23:59 Asia/Shanghai on the deadline day (15:59 UTC) is in time.
        submit(u, ok.id, actor=APPLICANT, now=at(date(2026, 11, 20), 23, 59), scope=scope)
        assert ok.status is ApplicationStatus.IN_REVIEW
        # 00:00 the next day in Shanghai (still 20 November in UTC) is late.
        with pytest.raises(ValidationFailed) as refused:
            submit(u, late.id, actor=APPLICANT, now=at(date(2026, 11, 21), 0, 0), scope=scope)
        assert (
            "截止日期为2026年11月20日（含当日，北京时间），提交日期为2026年11月21日"
            in refused.value.message
        )
        assert refused.value.problems[0].field == "deadline"


def test_another_district_cannot_see_or_act(uow):
    with uow() as u:
        tree = f.union_tree(u)
        _, _, app = _draft(u, tree)
        other = Scope.subtree(tree.other_district.path)
        assert IntakeRepository(u.session).application(app.id, other) is None
        with pytest.raises(NotFound) as refused:
            submit(u, app.id, actor=APPLICANT, now=at(AS_OF), scope=other)
        assert refused.value.field == "application_id"


def test_the_number_skips_one_already_taken_in_the_year(uow):
    # A title numbered 002 came in by import: counting the year's titles would give 002 again.
    with uow() as u:
        tree = f.union_tree(u)
        register_existing_title(
            u,
            ExistingTitle(
                workshop_id=f.workshop(u, tree).id,
                scheme="yangpu-district",
                title="既有工作室",
                number="杨浦 2026-002",
                naming_date=date(2026, 3, 1),
                decision_ref="杨工〔2026〕3号",
                reason="系统启用前导入",
            ),
            actor=f.acting(tree.district),
            as_of=AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        call, _, app = _draft(u, tree)
        submit(u, app.id, actor=APPLICANT, now=at(AS_OF), scope=Scope.subtree(tree.unit.path))
        _step(u, app, "unit", tree.unit, consent="2026-11-20 经公司党委会同意（签署：刘书记）")
        _step(u, app, "sector", tree.sector)
        _step(u, app, "panel", tree.district)
        _, (one,) = name_applications(
            u,
            NameApplications(call.id, (app.id,), "杨工〔2026〕22号", AS_OF, "区总工会主席办公会议"),
            acting_union_id=tree.district.id,
            actor=OFFICER,
            as_of=AS_OF,
            scope=Scope.subtree(tree.district.path),
        )
        assert one.designation.number == "杨浦 2026-003"
