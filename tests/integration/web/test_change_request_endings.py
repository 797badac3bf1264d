"""附件3 requests that end without a decision, and the steps around them, say what happened on
both backends: the printed form of a withdrawn or closed request says so (who withdrew, when,
why; or why it was closed) in the city box, the request's history names the union that
withdrew, a decision losing a race to another officer names who did the step and when, and the
leader event form cites the article the 附件3 follows ([S9] 第九条, [C 三（六）])."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from lifecycle.changes.amend import close_on_lost_title
from lifecycle.changes.model import ChangeMeasure, StepAction
from lifecycle.changes.model import ChangeStep as Step
from lifecycle.changes.service import approve_step
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

S9 = "《上海市“劳模创新工作室”管理办法（修订）》第九条"
C36 = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六）"


def _event_form(site: Site, scheme: str) -> str:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme=scheme)
        u.commit()
        d_id = d.id
    page = site.login("unit").get(f"/designations/{d_id}/leader/event")
    assert page.status_code == 200, page.text
    return page.text


def test_the_leader_event_form_cites_the_article_its_change_request_follows(site: Site) -> None:
    said = "上海市命名的工作室须随后报送管理变更申请（附件3）（{}）。"
    worker = _event_form(site, "shanghai-model-worker")
    assert said.format(S9) in worker
    craftsman = _event_form(site, "shanghai-craftsman")
    assert said.format(C36) in craftsman
    assert "[S9]" not in worker
    assert "[C " not in craftsman


def _pending_city(site: Site, scheme: str = "shanghai-craftsman") -> int:
    """A request the unit and district unions agreed to, waiting for the city's decision."""
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme=scheme)
        measure = ChangeMeasure.REVOKE if "worker" in scheme else ChangeMeasure.EXIT_KEEPING_TITLE
        request = lf.file_request(u, site.tree, d, measure=measure)
        for step, union in ((Step.UNIT, site.tree.unit), (Step.DISTRICT, site.tree.district)):
            approve_step(
                u, lf.decision(request, step, union.id), actor=f.OFFICER, as_of=f.AS_OF,
                scope=EVERYTHING,
            )  # fmt: skip
        u.commit()
        return request.id


def _printed(site: Site, request_id: int) -> tuple[str, str]:
    """The PDF's text (whitespace dropped, as pypdf breaks lines) and the HTML form."""
    browser = site.login("district")
    pdf = browser.get(f"/changes/{request_id}/form.pdf")
    assert pdf.status_code == 200, pdf.text
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    html = browser.get(f"/changes/{request_id}/form")
    assert html.status_code == 200, html.text
    return "".join(text.split()), html.text


def test_a_withdrawn_request_says_who_withdrew_it_in_its_history_and_printed_form(
    site: Site,
) -> None:
    request_id = _pending_city(site)
    _, html = _printed(site, request_id)
    assert "撤回" not in html  # open: the city box waits to be signed
    unit = site.login("unit")
    action = f"/changes/{request_id}/withdraw"
    form = unit.get(action)
    withdrawn = unit.post(
        action,
        data={"csrf_token": csrf_of(form.text, action),
              "expected_version": re.search(r'name="expected_version" value="(\d+)"',
                                            form.text).group(1),  # type: ignore[union-attr]
              "reason": "领衔工匠返聘，继续领衔", "withdrawn_on": "2026-06-15",
              "signer": "单位工会赵主席"},
    )  # fmt: skip
    assert withdrawn.status_code == 303, withdrawn.text
    page = unit.get(f"/changes/{request_id}").text
    unit_name = site.tree.unit.name
    assert f"{unit_name}撤回申请" in page
    assert "审定 · 撤回" not in page  # before: logged under the city step it waited for
    with site.uow() as u:
        steps = u.change_requests.steps(request_id)
        assert (steps[-1].step, steps[-1].action) == (Step.UNIT, StepAction.WITHDRAWN)
    said = (
        f"本申请已于2026年6月15日由{unit_name}撤回（签署人：单位工会赵主席；"
        "撤回理由：领衔工匠返聘，继续领衔），未经市创建命名办公室审定，终止办理。"
    )
    pdf, html = _printed(site, request_id)
    assert said in html
    assert "".join(said.split()) in pdf


def test_a_closed_requests_printed_form_says_why_it_ended(site: Site) -> None:
    request_id = _pending_city(site, "shanghai-model-worker")
    with site.uow() as u:
        request = u.change_requests.get(request_id, EVERYTHING)
        assert request is not None
        d = u.designations.get(request.designation_id, scope=EVERYTHING)
        assert d is not None
        why = "2026年度考核：上海市总工会决定摘牌（沪工〔2026〕9号）"
        close_on_lost_title(
            u, d, on=date(2026, 7, 1), why=why, signer="市总工会王主席", actor=f.OFFICER
        )
        u.commit()
        naming = u.unions.get(d.naming_union_id, EVERYTHING)
        assert naming is not None
        city = naming.name
    # The deciding union and the signer the decision names, not the officer who entered it.
    said = (
        f"本申请已于2026年7月1日终止办理（称号已摘牌，申请终止办理）：{why}"
        f"（{city}，签署人：市总工会王主席）"
    )
    pdf, html = _printed(site, request_id)
    assert said in html
    assert "".join(said.split()) in pdf


def test_a_step_lost_to_another_officer_names_who_did_it_and_when(site: Site) -> None:
    request_id = _pending_city(site)
    with site.uow() as u:
        before = len(u.change_requests.steps(request_id))
    # Two city officers read the page; the first decides, the second posts the same step.
    first, second = site.login("city"), site.login("city")
    pages = [b.get(f"/changes/{request_id}").text for b in (first, second)]
    version = re.search(r'name="expected_version" value="(\d+)"', pages[0])
    assert version is not None
    assert '<input type="hidden" name="step" value="city">' in pages[1]
    action = f"/changes/{request_id}/decision"
    posted = []
    for browser, page, signer in ((first, pages[0], "刘主任"), (second, pages[1], "陈处长")):
        posted.append(browser.post(
            action,
            data={"csrf_token": csrf_of(page, action), "expected_version": version.group(1),
                  "step": "city", "action": "approve", "decided_on": "2026-06-20", "signer": signer,
                  "opinion": "同意退出管理序列"},
        ))  # fmt: skip
    assert posted[0].status_code == 303, posted[0].text
    assert posted[1].status_code == 409, posted[1].text
    city = site.tree.city.name
    said = f"市创建命名办公室审定已由{city}（签署人：刘主任）于2026年6月20日办理（同意）"
    assert said in posted[1].text
    with site.uow() as u:
        assert len(u.change_requests.steps(request_id)) == before + 1


def test_the_designation_pages_assessment_button_names_the_district_union_as_s9_does(
    site: Site,
) -> None:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-model-worker")
        u.commit()
        d_id = d.id
    page = site.login("district").get(f"/designations/{d_id}").text
    assert "办理考核（单位工会 → 区局（产业）工会 → 市总工会）" in page
    assert "区局工会" not in page
