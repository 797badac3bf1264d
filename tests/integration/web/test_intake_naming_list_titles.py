"""The naming list on the call page shows, beside the 工作室名称 the unit typed, the title the
naming will give: by the scheme's format from the team's leader, 攻关方向 and 称号类别 [Y8].
Before: the deciding body ticked the name typed (「热能攻关工作室」) and the title named read
「<leader>数控攻关劳模创新工作室」, a name it never saw before the decision."""

from __future__ import annotations

from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action
from lifecycle.intake.service import StepDecision, decide_step
from lifecycle.scope import EVERYTHING, Scope
from tests.intake_closing import yangpu_in_review
from tests.intake_factories import AS_OF, OFFICER
from tests.integration.web.conftest import Site, csrf_of


def test_the_naming_list_shows_the_title_each_application_would_be_named(site: Site) -> None:
    tree = site.tree
    with site.uow() as u:
        app_id = yangpu_in_review(u, tree)
        for stage, union in (("sector", tree.sector), ("panel", tree.district)):
            decide_step(
                u, StepDecision(app_id, stage, Action.APPROVE, AS_OF, "王", "同意", None),
                acting_union_id=union.id, actor=OFFICER, as_of=AS_OF,
                scope=Scope.subtree(union.path),
            )  # fmt: skip
        app = IntakeRepository(u.session).application(app_id, EVERYTHING)
        assert app is not None
        # The name the unit typed is not the one the scheme's format gives (a nickname).
        app.form = {**app.form, "studio_name": "热能攻关工作室"}
        shop = u.workshops.get(app.workshop_id, scope=EVERYTHING)
        assert shop is not None
        call_id, leader = app.call_id, shop.leader.name
        u.commit()
    district = site.login("district")
    url = f"/intake/calls/{call_id}"
    page = district.get(url)
    assert page.status_code == 200
    naming = page.text.split(f'action="{url}/naming"', 1)[1].split("</form>")[0]
    title = f"{leader}数控攻关劳模创新工作室"
    assert "热能攻关工作室" in naming  # what the unit typed
    assert f"（命名称号：{title}）" in naming
    named = district.post(
        f"{url}/naming",
        data={
            "csrf_token": csrf_of(page.text, f"{url}/naming"),
            "application_ids": str(app_id),
            "document_ref": "杨工〔2026〕31号",
            "decided_on": AS_OF.isoformat(),
            "signer": "区总工会主席办公会议",
        },
    )
    assert named.status_code == 303, named.text
    with site.uow() as u:
        done = IntakeRepository(u.session).application(app_id, EVERYTHING)
        assert done is not None
        assert done.designation_id is not None
        designation = u.designations.get(done.designation_id, scope=EVERYTHING)
        assert designation is not None
        assert designation.title == title  # the name shown is the name given
