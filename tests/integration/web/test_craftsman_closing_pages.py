"""上海工匠 pages: the filing unit withdraws an application; the district closes one left past
the unions' deadline with 不予推荐 (reading G9)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from lifecycle.audit.model import AuditEntry
from lifecycle.clock import chinese_date
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.stages import Status
from lifecycle.scope import EVERYTHING
from tests.integration.craftsman.helpers import DATED, TODAY, file, form, local_craftsman, open_call
from tests.integration.craftsman.lapsed import lapsed_applications
from tests.integration.web.conftest import Site, csrf_of

PAGE = "/craftsman-selections/applications/{}"


def _status(site: Site, app_id: int) -> Status:
    with site.uow() as u:
        return svc.get_application(u, app_id, EVERYTHING).status


def _writes(site: Site) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _post(browser: TestClient, url: str, action: str, data: dict[str, str]) -> Any:
    page = browser.get(url)
    assert page.status_code == 200, page.text
    # The session's token: a union not offered the form may still try to post.
    token = csrf_of(page.text, action if f'action="{action}"' in page.text else None)
    return browser.post(action, data={"csrf_token": token, **data})


def test_the_filing_unit_withdraws_on_the_page_and_the_district_may_not(site: Site) -> None:
    with site.uow() as u:
        sel = open_call(u, site.tree)
        person = local_craftsman(u, site.tree, "页面撤回师傅")
        app_id = file(u, form(sel.id, person.id, applied_on=DATED), scope=EVERYTHING, on=TODAY).id
        u.commit()
    url = PAGE.format(app_id)
    action = f"{url}/withdraw"
    typed = {"reason": "申报人调往外省工作", "withdraw_on": TODAY.isoformat(),
             "withdraw_signer": "赵主席"}  # fmt: skip
    district = site.login("district")
    assert f'action="{action}"' not in district.get(url).text
    before = _writes(site)
    refused = _post(district, url, action, typed)
    assert refused.status_code == 403
    assert "申报只能由报送单位" in refused.text
    assert (_status(site, app_id), _writes(site)) == (Status.QUALIFICATION, before)
    unit = site.login("unit")
    page = unit.get(url).text
    assert 'id="withdraw"' in page
    empty = _post(unit, url, action, typed | {"reason": " ", "withdraw_signer": "钱主席"})
    assert empty.status_code == 422
    assert "撤回申报须写明理由" in empty.text
    assert 'value="钱主席"' in empty.text
    assert (_status(site, app_id), _writes(site)) == (Status.QUALIFICATION, before)
    done = _post(unit, url, action, typed)
    assert done.status_code == 303
    assert _status(site, app_id) is Status.WITHDRAWN
    shown = unit.get(url).text
    row = shown.split('id="withdrawal"', 1)[1].split("</tr>", 1)[0]
    assert "撤回申报（资格审查环节）" in row
    assert "已撤回" in row
    assert "申报人调往外省工作" in row
    assert "赵主席" in row
    assert chinese_date(TODAY) in row
    assert 'id="withdraw"' not in shown
    assert f'href="{url}"' not in district.get("/todo?to=2027-12-31").text
    # Sent again from a page shown before it closed: 409, the refusal shown, the typing kept.
    again = _post(unit, url, action, typed | {"reason": "另一次撤回的理由"})
    assert again.status_code == 409
    assert "只有审核中或待入会的申报可以撤回" in again.text
    assert 'id="withdraw-refused"' in again.text
    assert "另一次撤回的理由" in again.text


def test_the_district_closes_a_lapsed_application_with_the_reason_offered(site: Site) -> None:
    with site.uow() as u:
        waiting, joining = lapsed_applications(u, site.tree)
        u.commit()
    # Past the deadline the unit is offered no 入会 any more, and one posted anyway is refused.
    unit = site.login("unit")
    page = unit.get(PAGE.format(joining))
    assert page.status_code == 200
    assert "申报人已完成入会，继续受理" not in page.text
    membership = f"{PAGE.format(joining)}/membership"
    before = _writes(site)
    late = unit.post(membership, data={"csrf_token": csrf_of(page.text)})
    assert late.status_code == 409
    assert "不再受理入会；请由区总工会作“不予推荐”办理" in late.text
    assert (_status(site, joining), _writes(site)) == (Status.AWAITING_MEMBERSHIP, before)
    district = site.login("district")
    for app_id in (waiting, joining):
        url = PAGE.format(app_id)
        decide = f"{url}/decide"
        page = district.get(url).text
        assert 'id="lapsed"' in page
        offered = page.split('name="passed"', 1)[1].split("</select>", 1)[0]
        assert 'value="yes"' not in offered  # past the deadline: only 不予推荐 (reading G10)
        assert 'value="no"' in offered
        said = page.split('id="lapsed"', 1)[1].split("</div>", 1)[0]
        assert "截止日期（2025年7月15日）已过" in said  # a date in a sentence reads in Chinese
        assert ("申报人仍未完成入会，本申报已无法按期报送" in said) is (app_id == joining)
        assert "逾期未报送：2025年7月15日前未完成资格审查和网上申报" in page
        assert f'href="{url}"' in district.get("/todo?to=2027-12-31").text
        body = {"passed": "no", "signer": "王干事", "decided_on": TODAY.isoformat()}
        token = csrf_of(page, decide)
        if app_id == waiting:
            # Posted as 通过 anyway: refused beside the result, what was typed kept.
            before = _writes(site)
            forced = district.post(
                decide,
                data=body | {"passed": "yes", "opinion": "同意推荐（补录）", "csrf_token": token},
            )
            assert forced.status_code == 422  # a choice the page no longer offers
            beside = forced.text.split('id="passed-error">', 1)[1].split("</div>", 1)[0]
            assert "截止日期（2025年7月15日）已过，本申报已不能通过资格审查" in beside
            assert "只能作“不予推荐”办理" in beside
            assert "《关于开展2025年度“上海工匠”培养选树工作的通知》五（四）" in beside
            assert "同意推荐（补录）" in forced.text
            assert (_status(site, app_id), _writes(site)) == (Status.QUALIFICATION, before)
            token = csrf_of(forced.text, decide)
        blank = district.post(decide, data=body | {"opinion": " ", "csrf_token": token})
        assert blank.status_code == 422
        assert "请填写审核意见" in blank.text
        assert _status(site, app_id) in {Status.QUALIFICATION, Status.AWAITING_MEMBERSHIP}
        reason = "逾期未报送：单位未按期提交材料"
        done = district.post(
            decide, data=body | {"opinion": reason, "csrf_token": csrf_of(blank.text, decide)}
        )
        assert done.status_code == 303, done.text
        assert _status(site, app_id) is Status.NOT_SELECTED
        closed = district.get(url).text
        assert reason in closed
        assert "未入选" in closed
        assert 'id="lapsed"' not in closed
        assert f'href="{url}"' not in district.get("/todo?to=2027-12-31").text
