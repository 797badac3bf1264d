"""On the pages, both backends: a 考核 waiting for the city on a title lost meanwhile says why
instead of offering the decision [S9]; an 附件3 closed by the 考核's 摘牌 reads so [C]."""

from __future__ import annotations

from datetime import date

from lifecycle.assessments.service import AssessmentStep, Step, record_step
from lifecycle.changes.model import ChangeMeasure, ChangeReason, ChangeStep
from lifecycle.changes.service import (
    FileChangeRequest,
    StepDecision,
    approve_step,
    file_change_request,
)
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import Site


def _step(u, d_id: int, step: Step, passed: bool, on: date, actor, ref: str | None = None):
    cmd = AssessmentStep(d_id, 2026, step, passed, on, "李主席", "领衔劳模离职", ref)
    return record_step(u, cmd, actor=actor, as_of=f.AS_OF, scope=EVERYTHING)


def _file(u, d_id: int, tree):
    cmd = FileChangeRequest(
        d_id, tree.district.id, ChangeReason.LEFT, "领衔劳模离职", ChangeMeasure.REVOKE,
        date(2026, 11, 1), "区干事",
    )  # fmt: skip
    return file_change_request(
        u, cmd, actor=f.acting(tree.district), as_of=f.AS_OF, scope=EVERYTHING
    )


REF = "沪工总〔2026〕9号"
CLOSED = "2026年度考核不合格，市总工会决定摘牌（沪工总〔2026〕9号），本申请终止办理"


def test_a_closed_change_request_and_a_lost_titles_assessment_say_why(site: Site) -> None:
    tree = site.tree
    with site.uow() as u:
        d = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2024, 7, 5)
        )
        filed = _file(u, d.id, tree)  # first: no 附件3 besides a 考核's 摘牌 application [S9]
        _step(u, d.id, Step.UNIT, False, date(2026, 11, 2), f.acting(tree.unit))
        _step(u, d.id, Step.DISTRICT, False, date(2026, 11, 3), f.acting(tree.district))
        _step(
            u, d.id, Step.CITY, False, date(2026, 11, 5), f.acting(tree.city), "沪工总〔2026〕9号"
        )
        u.commit()
        d_id, request_id = d.id, filed.id
    city = site.login("city")
    request = city.get(f"/changes/{request_id}")
    assert request.status_code == 200
    assert "称号已摘牌，申请终止办理" in request.text
    assert "终止办理" in request.text
    assert (
        "2026年度考核不合格，市总工会决定摘牌（沪工总〔2026〕9号），本申请终止办理" in request.text
    )
    assert f'action="/changes/{request_id}/decision"' not in request.text
    # The city ended it, not the step it waited at (before: 「本单位工会意见 · 终止办理」 signed
    # by 上海市总工会, as if it were the unit union's opinion).
    timeline = request.text.split('class="timeline"', 1)[1].split("</ul>", 1)[0]
    assert "</strong> 终止办理" in timeline
    assert "工会意见 · 终止办理" not in timeline
    step = city.get(f"/designations/{d_id}/assessments/new?year=2026")
    assert step.status_code == 200
    assert "该年度考核已办结" in step.text  # decided: the city's 摘牌 settled the year


def test_the_citys_step_page_on_a_title_delisted_on_change_request_offers_no_decision(
    site: Site,
) -> None:
    tree = site.tree
    with site.uow() as u:
        d = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2024, 7, 5)
        )
        filed = _file(u, d.id, tree)  # first: no 附件3 besides a 考核's 摘牌 application [S9]
        _step(u, d.id, Step.UNIT, False, date(2026, 11, 2), f.acting(tree.unit))
        _step(u, d.id, Step.DISTRICT, False, date(2026, 11, 3), f.acting(tree.district))
        for step, union, on, ref in (
            (ChangeStep.UNIT, tree.unit, date(2026, 11, 5), None),
            (ChangeStep.DISTRICT, tree.district, date(2026, 11, 6), None),
            (ChangeStep.CITY, tree.city, date(2026, 11, 7), "沪工总〔2026〕8号"),
        ):
            decision = StepDecision(filed.id, step, union.id, on, "签署人", "同意", ref)
            approve_step(u, decision, actor=f.acting(union), as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
        d_id = d.id
    page = site.login("city").get(f"/designations/{d_id}/assessments/new?year=2026")
    assert page.status_code == 200
    # The 附件3's 摘牌 closed the 考核 (before: 「已申请摘牌，待市总工会决定」 on the lost title).
    assert "称号已摘牌，考核终止办理" in page.text
    assert "已申请摘牌，待市总工会决定" not in page.text
    assert 'name="step" value="city"' not in page.text
