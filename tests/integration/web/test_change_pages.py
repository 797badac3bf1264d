"""附件3 change-request pages: file, unit → district → city, refusals beside fields [C 三（六）]."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lifecycle.changes.model import (
    ChangeMeasure,
    ChangeRequest,
    ChangeRequestStatus,
    ChangeRequestStep,
)
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

SCHEME = "shanghai-craftsman"


def _setup(site: Site, *, craftsman: bool = True) -> tuple[int, int]:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme=SCHEME)
        candidate = lf.candidate(u, craftsman=craftsman, union_id=site.tree.unit.id)
        u.commit()
        return d.id, candidate.id


def _counts(site: Site) -> tuple[int, int]:
    with site.uow() as u:
        requests = u.session.scalar(select(func.count()).select_from(ChangeRequest))
        steps = u.session.scalar(select(func.count()).select_from(ChangeRequestStep))
        return int(requests or 0), int(steps or 0)


def _file(site: Site, designation_id: int, person_id: int) -> int:
    browser = site.login("unit")
    form = browser.get(f"/designations/{designation_id}/changes/new")
    assert form.status_code == 200
    action = f"/designations/{designation_id}/changes"
    response = browser.post(
        action,
        data={
            "csrf_token": csrf_of(form.text, action),
            "reason": "retired",
            "reason_details": "领衔工匠已于2026年5月退休",
            "measure": "leader_change",
            "new_leader_person_id": str(person_id),
            "filed_on": "2026-06-01",
            "filed_by": "单位工会赵主席",
        },
    )
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _decide(site: Site, who: str, request_id: int, **data: str):  # type: ignore[no-untyped-def]
    browser = site.login(who)
    page = browser.get(f"/changes/{request_id}")
    action = f"/changes/{request_id}/decision"
    version = data.pop("expected_version", None)
    fields = {
        "csrf_token": csrf_of(page.text, action),
        "action": "approve",
        "decided_on": "2026-06-10",
        "signer": "签署人",
        "opinion": "同意",
        **data,
    }
    if version is not None:
        fields["expected_version"] = version
    else:
        found = re.search(r'name="expected_version" value="(\d+)"', page.text)
        assert found is not None
        fields["expected_version"] = found.group(1)
    return browser.post(action, data=fields)


def test_a_change_request_goes_unit_district_city_through_the_pages(site: Site) -> None:
    designation_id, person_id = _setup(site)
    page = site.login("unit").get(f"/designations/{designation_id}")
    assert 'id="changes"' in page.text
    assert "提出管理变更申请" in page.text
    request_id = _file(site, designation_id, person_id)
    detail = site.login("unit").get(f"/changes/{request_id}")
    assert "待本单位工会签署意见" in detail.text
    assert "上海工匠" in detail.text
    assert _decide(site, "unit", request_id, decided_on="2026-06-05").status_code == 303
    # The district officer sees the decision form only now; the unit contact no longer (it
    # filed the request, so it may still attach the stamped form and proofs).
    after = site.login("unit").get(f"/changes/{request_id}").text
    assert f'action="/changes/{request_id}/decision"' not in after
    assert f'action="/changes/{request_id}/attachments"' in after
    assert _decide(site, "district", request_id, decided_on="2026-06-12").status_code == 303
    done = _decide(
        site, "city", request_id, decided_on="2026-06-20", decision_ref="沪工创〔2026〕8号"
    )
    assert done.status_code == 303, done.text
    with site.uow() as u:
        request = u.change_requests.get(request_id, scope=EVERYTHING)
        assert request is not None
        assert request.status is ChangeRequestStatus.APPLIED
        d = u.designations.get(designation_id, scope=EVERYTHING)
        assert d is not None
        assert d.workshop.leader_person_id == person_id
    final = site.login("city").get(f"/changes/{request_id}")
    assert "已审定并执行" in final.text
    for label in ("本单位工会意见", "区局（产业）工会审核", "市创建命名办公室审定"):
        assert label in final.text
    listed = site.login("district").get(f"/designations/{designation_id}")
    assert f'href="/changes/{request_id}"' in listed.text


def test_form_html_and_pdf_links(site: Site) -> None:
    designation_id, person_id = _setup(site)
    request_id = _file(site, designation_id, person_id)
    browser = site.login("district")
    html = browser.get(f"/changes/{request_id}/form")
    assert html.status_code == 200
    assert "管理变更申请表" in html.text
    pdf = browser.get(f"/changes/{request_id}/form.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert site.login("other").get(f"/changes/{request_id}/form.pdf").status_code == 404


def test_bad_filing_input_is_shown_beside_the_fields_and_writes_nothing(site: Site) -> None:
    designation_id, _ = _setup(site)
    browser = site.login("unit")
    form = browser.get(f"/designations/{designation_id}/changes/new")
    action = f"/designations/{designation_id}/changes"
    before = _counts(site)
    refused = browser.post(
        action,
        data={
            "csrf_token": csrf_of(form.text, action),
            "reason": "",
            "reason_details": "说明文字保留",
            "measure": "leader_change",
            "new_leader_person_id": "abc",
            "new_leader_person_id_q": "查无此人",
            "filed_on": "2026-13-01",
            "filed_by": "赵主席",
        },
    )
    assert refused.status_code == 422
    assert 'id="reason-error"' in refused.text
    assert 'id="new_leader_person_id-error"' in refused.text
    assert 'id="filed_on-error"' in refused.text
    assert "说明文字保留" in refused.text
    assert 'value="查无此人"' in refused.text  # the picker's search words are kept
    no_leader = browser.post(
        action,
        data={
            "csrf_token": csrf_of(form.text, action),
            "reason": "retired",
            "reason_details": "退休",
            "measure": "leader_change",
            "filed_on": "2026-06-01",
            "filed_by": "赵主席",
        },
    )
    assert no_leader.status_code == 422
    assert 'id="new_leader_person_id-error"' in no_leader.text
    assert "领衔人变更须填写新领衔人" in no_leader.text
    assert _counts(site) == before


def test_new_leader_without_shanghai_craftsman_is_refused_beside_the_field(site: Site) -> None:
    designation_id, person_id = _setup(site, craftsman=False)
    browser = site.login("unit")
    form = browser.get(f"/designations/{designation_id}/changes/new")
    action = f"/designations/{designation_id}/changes"
    before = _counts(site)
    refused = browser.post(
        action,
        data={
            "csrf_token": csrf_of(form.text, action),
            "reason": "retired",
            "reason_details": "领衔工匠已于2026年5月退休",
            "measure": "leader_change",
            "new_leader_person_id": str(person_id),
            "filed_on": "2026-06-01",
            "filed_by": "单位工会赵主席",
        },
    )
    assert refused.status_code == 422  # refused at entry, naming the rule [C 一（一）]
    assert 'id="new_leader_person_id-error"' in refused.text
    assert "上海工匠" in refused.text
    assert _counts(site) == before


def test_wrong_union_and_missing_fields_are_refused_in_chinese(site: Site) -> None:
    designation_id, person_id = _setup(site)
    request_id = _file(site, designation_id, person_id)
    assert _decide(site, "unit", request_id, decided_on="2026-06-05").status_code == 303
    # A district officer bound to the street union (in scope, but not the district union).
    with site.uow() as u:
        principal, password = f.user(u, Role.DISTRICT_OFFICER, site.tree.sector.id)
        u.commit()
    site.usernames["sector"], site.passwords["sector"] = principal.username, password
    before = _counts(site)
    browser = site.login("sector")
    page = browser.get(f"/changes/{request_id}")
    assert "此环节由杨浦区总工会办理" in page.text
    token = csrf_of(page.text, "/logout")
    refused = browser.post(
        f"/changes/{request_id}/decision",
        data={
            "csrf_token": token,
            "action": "approve",
            "decided_on": "2026-06-12",
            "signer": "街道",
            "opinion": "同意",
        },
    )
    assert refused.status_code == 403  # the step is another union's: as the city's refusal
    assert "当前工会无权办理此环节" in refused.text
    # City officers may not act on the district step at all.
    city = site.login("city")
    city_token = csrf_of(city.get(f"/changes/{request_id}").text, "/logout")
    forbidden = city.post(
        f"/changes/{request_id}/decision",
        data={"csrf_token": city_token, "action": "approve", "decided_on": "2026-06-12"},
    )
    assert forbidden.status_code == 403
    assert "无权办理" in forbidden.text
    blank = _decide(site, "district", request_id, signer="", opinion="", decided_on="2026-06-12")
    assert blank.status_code == 422
    assert 'id="signer-error"' in blank.text
    assert 'id="opinion-error"' in blank.text
    assert _counts(site) == before


def test_a_stale_version_is_shown_as_a_conflict_and_writes_nothing(site: Site) -> None:
    designation_id, person_id = _setup(site)
    request_id = _file(site, designation_id, person_id)
    with site.uow() as u:
        request = u.change_requests.get(request_id, scope=EVERYTHING)
        assert request is not None
        stale = str(request.version - 1)
    before = _counts(site)
    refused = _decide(site, "unit", request_id, decided_on="2026-06-05", expected_version=stale)
    assert refused.status_code == 409
    assert "已被他人处理" in refused.text
    assert _counts(site) == before


def _model_worker(site: Site) -> int:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-model-worker")
        u.commit()
        return d.id


def _file_measure(site: Site, designation_id: int, measure: str, person_id: int | None = None):  # type: ignore[no-untyped-def]
    browser = site.login("unit")
    form = browser.get(f"/designations/{designation_id}/changes/new")
    action = f"/designations/{designation_id}/changes"
    return browser.post(
        action,
        data={
            "csrf_token": csrf_of(form.text, action),
            "reason": "left",
            "reason_details": "领衔劳模已于2026年5月离职",
            "measure": measure,
            "new_leader_person_id": "" if person_id is None else str(person_id),
            "filed_on": "2026-06-01",
            "filed_by": "单位工会赵主席",
        },
    )


def test_a_model_worker_title_whose_leader_left_is_offered_and_may_take_only_delisting(
    site: Site,
) -> None:
    """[S9] 第九条: a 上海市劳模创新工作室 whose leader died, left or retired applies for 摘牌;
    leader change and exit keeping the title are the craftsman notice's options [C 三（六）]."""
    designation_id = _model_worker(site)
    form = site.login("unit").get(f"/designations/{designation_id}/changes/new")
    assert form.status_code == 200
    measure_select = form.text.split('name="measure"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)"', measure_select) == ["", "revoke"]
    assert 'value="revoke" selected' in measure_select  # the one measure, chosen in advance
    assert "《上海市“劳模创新工作室”管理办法（修订）》第九条" in form.text
    assert 'name="new_leader_person_id"' not in form.text  # no new leader to pick
    with site.uow() as u:
        person = lf.candidate(u, craftsman=False, union_id=site.tree.unit.id)
        u.commit()
        person_id = person.id
    before = _counts(site)
    for measure, new_leader in (("exit_keeping_title", None), ("leader_change", person_id)):
        refused = _file_measure(site, designation_id, measure, new_leader)
        assert refused.status_code == 422, refused.text
        assert 'id="measure-error"' in refused.text
        assert "只能采取退出管理序列（摘牌）" in refused.text
        assert "第九条" in refused.text
        assert _counts(site) == before
    filed = _file_measure(site, designation_id, "revoke")
    assert filed.status_code == 303, filed.text
    request_id = int(filed.headers["location"].rsplit("/", 1)[1])
    assert _decide(site, "unit", request_id, decided_on="2026-06-05").status_code == 303
    assert _decide(site, "district", request_id, decided_on="2026-06-12").status_code == 303
    done = _decide(
        site, "city", request_id, decided_on="2026-06-20", decision_ref="沪工〔2026〕8号"
    )
    assert done.status_code == 303, done.text
    with site.uow() as u:
        d = u.designations.get(designation_id, scope=EVERYTHING)
        assert d is not None
        assert d.status.value == "revoked"
    history = site.login("district").get(f"/history/change/{request_id}").text
    assert "上海市总工会审定日期" in history  # the body the title's rule names [S9]
    assert "市创建命名办公室" not in history


def test_a_model_worker_request_filed_before_the_rule_cannot_be_applied(site: Site) -> None:
    """A request for exit keeping the title, on record from before, is refused at each step."""
    designation_id = _model_worker(site)
    with site.uow() as u:
        d = u.designations.get(designation_id, scope=EVERYTHING)
        assert d is not None
        request = lf.file_request(u, site.tree, d, measure=ChangeMeasure.REVOKE)
        request.measure = ChangeMeasure.EXIT_KEEPING_TITLE  # as stored before the fix
        u.commit()
        request_id = request.id
    refused = _decide(site, "unit", request_id, decided_on="2026-06-05")
    assert refused.status_code == 422
    assert "请退回修改或撤回该申请" in refused.text
    with site.uow() as u:
        after = u.change_requests.get(request_id, scope=EVERYTHING)
        assert after is not None
        assert after.status is ChangeRequestStatus.PENDING_UNIT


def test_the_review_asks_for_the_opinions_its_menu_offers(site: Site) -> None:
    designation_id, person_id = _setup(site)
    request_id = _file(site, designation_id, person_id)
    unit = _decide(site, "unit", request_id, action="")
    assert unit.status_code == 422
    assert 'id="action-error">请选择办理意见（同意）' in unit.text
    assert _decide(site, "unit", request_id, decided_on="2026-06-05").status_code == 303
    district = _decide(site, "district", request_id, action="")
    assert 'id="action-error">请选择办理意见（同意或退回修改）' in district.text
    menu = district.text.split('name="action"')[1].split("</select>")[0]
    assert "退回修改" in menu
    assert "不同意" not in menu
    assert _decide(site, "district", request_id, decided_on="2026-06-12").status_code == 303
    city = _decide(site, "city", request_id, action="")
    assert 'id="action-error">请选择办理意见（同意、退回修改或不同意）' in city.text


def test_a_refused_new_leader_is_named_by_the_article_never_by_a_rule_id(site: Site) -> None:
    designation_id, person_id = _setup(site, craftsman=False)
    refused = _file_measure(site, designation_id, "leader_change", person_id)
    assert refused.status_code == 422
    message = re.search(r'id="new_leader_person_id-error">([^<]*)<', refused.text)
    assert message is not None
    assert "上海工匠" in message.group(1)
    assert "规则" not in message.group(1)
    assert "leader_honour" not in refused.text


def test_a_model_worker_request_names_the_city_step_by_the_shanghai_federation(
    site: Site,
) -> None:
    """[S9]: a 劳模 title's 附件3 goes to 上海市总工会 (摘牌 is applied for there), not to the
    craftsman notice's 市创建命名办公室 [C 三（六）]: its page, its designation's list, the
    printed form and its 修改记录 name the step so."""
    designation_id = _model_worker(site)
    filed = _file_measure(site, designation_id, "revoke")
    assert filed.status_code == 303, filed.text
    request_id = int(filed.headers["location"].rsplit("/", 1)[1])
    assert _decide(site, "unit", request_id, decided_on="2026-06-05").status_code == 303
    assert _decide(site, "district", request_id, decided_on="2026-06-12").status_code == 303
    waiting = site.login("city").get(f"/changes/{request_id}")
    assert "当前环节：上海市总工会审定" in waiting.text
    assert "待上海市总工会审定" in waiting.text
    listed = site.login("district").get(f"/designations/{designation_id}")
    assert "待上海市总工会审定" in listed.text
    printed = site.login("district").get(f"/changes/{request_id}/form")
    assert "<th>上海市总工会审定</th>" in printed.text
    done = _decide(
        site, "city", request_id, decided_on="2026-06-20", decision_ref="沪工〔2026〕8号"
    )
    assert done.status_code == 303, done.text
    final = site.login("city").get(f"/changes/{request_id}")
    assert "上海市总工会审定 · 同意" in final.text
    # Its 修改记录 names the statuses it passed through by the same deciding body.
    history = site.login("city").get(f"/history/change/{request_id}")
    assert history.status_code == 200
    assert "待上海市总工会审定" in history.text
    for page in (waiting, listed, printed, final, history):
        assert "创建命名办公室" not in page.text


def test_the_request_forms_bound_their_texts_as_the_rules_and_the_api_do(site: Site) -> None:
    """Before: no maxlength on 申请原因具体情况 or the step's 意见 (taken: 2000 and 4000
    characters), and the API declared 5000 for both."""
    designation_id, person_id = _setup(site)
    browser = site.login("unit")
    form = browser.get(f"/designations/{designation_id}/changes/new")
    assert re.search(r'<textarea id="f-reason_details"[^>]* maxlength="2000"', form.text)
    action = f"/designations/{designation_id}/changes"
    before = _counts(site)
    too_long = "领" * 2001  # what a page without the bound, or a tampered one, sends
    refused = browser.post(
        action,
        data={
            "csrf_token": csrf_of(form.text, action),
            "reason": "retired",
            "reason_details": too_long,
            "measure": "leader_change",
            "new_leader_person_id": str(person_id),
            "filed_on": "2026-06-01",
            "filed_by": "赵主席",
        },
    )
    assert refused.status_code == 422
    assert 'id="reason_details-error"' in refused.text
    assert "申请原因具体情况不能超过2000个字符" in refused.text
    assert too_long in refused.text  # what was typed is kept
    assert _counts(site) == before
    request_id = _file(site, designation_id, person_id)
    page = site.login("unit").get(f"/changes/{request_id}")
    assert re.search(r'<textarea id="f-opinion"[^>]* maxlength="4000"', page.text)
