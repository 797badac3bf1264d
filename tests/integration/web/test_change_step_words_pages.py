"""A 附件3 request's steps are named alike on its page, its printed form and its 修改记录, on both
backends [C 三（六）]: 本单位工会意见, 区局（产业）工会审核 and the deciding body's 审定."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.changes.model import ChangeMeasure, ChangeReason, ChangeStep
from lifecycle.changes.service import (
    FileChangeRequest,
    SendBack,
    approve_step,
    file_change_request,
    send_back,
)
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of


def _request(
    site: Site,
    *,
    steps: tuple[ChangeStep, ...],
    measure: ChangeMeasure = ChangeMeasure.EXIT_KEEPING_TITLE,
) -> int:
    """A craftsman title's request (by default to exit keeping the title), agreed at ``steps``."""
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        request = lf.file_request(u, site.tree, d, measure=measure)
        unions = {ChangeStep.UNIT: site.tree.unit.id, ChangeStep.DISTRICT: site.tree.district.id}
        for day, step in enumerate(steps, start=10):
            cmd = lf.decision(request, step, unions[step], on=date(2026, 6, day))
            approve_step(u, cmd, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
        return request.id


def test_the_history_names_the_steps_as_the_request_page_and_the_form_do(site: Site) -> None:
    """Before: the 修改记录 said 基层工会意见日期 and 区（局）工会意见 (the 年度考核's words)
    beside a page and a form saying 本单位工会意见 and 区局（产业）工会审核."""
    request_id = _request(site, steps=(ChangeStep.UNIT, ChangeStep.DISTRICT))
    browser = site.login("district")
    history = browser.get(f"/history/change/{request_id}")
    assert history.status_code == 200
    for label in ("本单位工会意见日期", "本单位工会签署人", "区局（产业）工会审核日期",
                  "区局（产业）工会签署人", "区局（产业）工会审核意见"):  # fmt: skip
        assert label in history.text
    for old in ("基层工会意见", "基层工会签署人", "区（局）工会"):
        assert old not in history.text
    assert "区局（产业）工会审核" in browser.get(f"/changes/{request_id}").text
    assert "区局（产业）工会<br>审核" in browser.get(f"/changes/{request_id}/form").text


def test_the_unit_step_does_not_ask_for_reasons_of_a_return_it_cannot_make(site: Site) -> None:
    """The unit union agrees (or withdraws the request): its opinion field said 「意见（退回时
    填写退回理由）」 though no return is offered to it; the district's keeps the hint."""
    request_id = _request(site, steps=())
    unit = site.login("unit").get(f"/changes/{request_id}").text
    assert 'value="send_back"' not in unit
    assert "退回时写明退回理由" not in unit
    assert ">意见<" in unit or "意见</label>" in unit
    district_id = _request(site, steps=(ChangeStep.UNIT,))
    district = site.login("district").get(f"/changes/{district_id}").text
    assert 'value="send_back"' in district
    assert "意见（必填，退回时写明退回理由）" in district


def test_a_returned_request_is_on_the_units_todo_as_returned_not_as_awaiting_its_opinion(
    site: Site,
) -> None:
    """Before: a request the district had sent back stood on the to-do lists as 「…待本单位工会
    意见」, as if the unit's opinion were asked; it is to be amended and submitted again."""
    request_id = _request(site, steps=(ChangeStep.UNIT,))
    with site.uow() as u:
        back = SendBack(request_id, ChangeStep.DISTRICT, site.tree.district.id,
                        date(2026, 6, 12), "王部长", "请补充退休证明")  # fmt: skip
        send_back(u, back, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
    returned = "管理变更申请（退出管理序列（保留工作室称号））已退回，待本单位工会修改后重新提交"
    for who in ("unit", "district"):
        todo = site.login(who).get("/todo?kind=change_request_step")
        assert todo.status_code == 200
        assert returned in todo.text
        assert "（退出管理序列（保留工作室称号））待本单位工会意见" not in todo.text


def test_a_request_the_district_filed_reads_as_its_filing_not_as_the_units_opinion(
    site: Site,
) -> None:
    """Before: the district's own filing stood in the 办理记录 as 「本单位工会意见 · 提交申请」
    signed by the district union, as if the unit union had given its opinion; the filing is
    「提交申请」 by whichever union filed it, and the unit's opinion is still awaited."""
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        filed = FileChangeRequest(
            designation_id=d.id,
            acting_union_id=site.tree.district.id,
            reason=ChangeReason.LEFT,
            reason_details="领衔工匠调离本单位",
            measure=ChangeMeasure.EXIT_KEEPING_TITLE,
            filed_on=date(2026, 6, 1),
            filed_by="区总工会王部长",
        )
        request = file_change_request(u, filed, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
    page = site.login("district").get(f"/changes/{request.id}")
    assert page.status_code == 200
    timeline = page.text.split('class="timeline"', 1)[1].split("</ul>", 1)[0]
    assert "提交申请" in timeline
    assert "本单位工会意见 · 提交申请" not in timeline
    assert "区总工会王部长" in timeline
    assert "当前环节：本单位工会意见" in page.text


def test_the_citys_document_number_says_when_it_is_required(site: Site) -> None:
    """Before: the city's 文号 read 「文号 — 作出摘牌决定时填写」 on every request, though only
    the approval of a 摘牌 requires it (「摘牌决定必须填写文号」), as the 考核's
    「摘牌决定文号（摘牌时必填）」 says; an exit keeping the title or a leader change may go
    without one."""
    both = (ChangeStep.UNIT, ChangeStep.DISTRICT)
    revoke = _request(site, steps=both, measure=ChangeMeasure.REVOKE)
    keep = _request(site, steps=both)
    city = site.login("city")
    revoking = city.get(f"/changes/{revoke}").text
    assert "摘牌决定文号（同意摘牌时必填）" in revoking
    assert "作出摘牌决定时填写" not in revoking
    assert "审定文号（可不填）" in city.get(f"/changes/{keep}").text


def test_the_step_date_says_which_days_it_may_carry_before_it_is_refused(site: Site) -> None:
    """Before: the 附件3 step's 日期 said nothing and took any day in the browser, and only a
    refusal told 「日期不能早于上一环节（…）」; the 考核's step form says its days beside the
    field. Now the city reads 「可填2026年6月11日至2026年11月21日之间的日期」 (the district agreed
    on 6月11日; today 11月21日), the field's max is today, and a day before the district's step is
    refused beside 日期 in the same words, what was typed kept and nothing written."""
    request_id = _request(site, steps=(ChangeStep.UNIT, ChangeStep.DISTRICT))
    city = site.login("city")
    page = city.get(f"/changes/{request_id}").text
    assert "可填2026年6月11日至2026年11月21日之间的日期" in page
    assert re.search(r'id="f-decided_on"[^>]*max="2026-11-21"', page)
    action = f"/changes/{request_id}/decision"
    version = re.search(r'name="expected_version" value="(\d+)"', page)
    assert version is not None
    typed = {
        "action": "approve",
        "decided_on": "2026-06-10",
        "signer": "市总签署人",
        "opinion": "同意退出管理序列",
        "expected_version": version[1],
    }
    refused = city.post(action, data={"csrf_token": csrf_of(page, action), **typed})
    assert refused.status_code == 422, refused.text
    assert "日期不能早于上一环节（2026年6月11日）" in refused.text
    assert 'value="2026-06-10"' in refused.text
    assert "同意退出管理序列" in refused.text
    with site.uow() as u:
        request = u.change_requests.get(request_id, scope=EVERYTHING)
        assert request is not None
        assert request.status == "pending_city"
    # the district's step taken today leaves the city one day, said as one
    today_id = _request(site, steps=(ChangeStep.UNIT,))
    with site.uow() as u:
        request = u.change_requests.get(today_id, scope=EVERYTHING)
        assert request is not None
        cmd = lf.decision(request, ChangeStep.DISTRICT, site.tree.district.id, on=f.AS_OF)
        approve_step(u, cmd, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
    only = city.get(f"/changes/{today_id}").text
    assert "只能填2026年11月21日：日期不能早于上一环节（2026年11月21日），也不能晚于今天" in only
