"""The forms of the 上海工匠 call pages: opening a year refuses a unions' deadline before the self
window closes beside that date [G] 二（三）、五（四） (reading G10); a district's second record of
its local selection says why; a finding dated after today is refused beside its date [G] 五（三）
(reading G11). What was typed is kept, nothing written."""

from __future__ import annotations

from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.stages import Status
from lifecycle.scope import EVERYTHING
from tests.integration.craftsman.helpers import file, form, local_craftsman, selection
from tests.integration.web.conftest import Site, csrf_of

PAGE = "/craftsman-selections"


def test_a_unions_deadline_before_the_self_window_closes_is_refused_beside_it(site: Site) -> None:
    city = site.login("city")
    page = city.get(PAGE)
    typed = {"year": "2027", "self_opens": "2027-06-12", "self_closes": "2027-07-15",
             "union_deadline": "2027-06-30"}  # fmt: skip
    refused = city.post(PAGE, data=typed | {"csrf_token": csrf_of(page.text, PAGE)})
    assert refused.status_code == 422
    beside = refused.text.split('id="union_deadline-error">', 1)[1].split("</div>", 1)[0]
    assert beside == (
        "区局（产业）工会及社团申报截止日期不能早于个人自荐截止日期（2027年7月15日）："
        "尚未入会的自荐申报人须在此前完成入会"
    )
    assert 'value="2027-06-30"' in refused.text
    assert 'value="2027-07-15"' in refused.text
    with site.uow() as u:
        assert svc.repo(u).selection_of_year(2027) is None
    # Also when another date is unreadable: every bad field at once.
    garbled = city.post(
        PAGE,
        data=typed | {"self_opens": "2027-06-40", "csrf_token": csrf_of(refused.text, PAGE)},
    )
    assert garbled.status_code == 422
    assert 'id="self_opens-error"' in garbled.text
    assert 'id="union_deadline-error">区局（产业）工会及社团申报截止日期不能早于' in garbled.text
    fixed = city.post(
        PAGE,
        data=typed | {"union_deadline": "2027-07-15", "csrf_token": csrf_of(garbled.text, PAGE)},
    )
    assert fixed.status_code == 303, fixed.text
    with site.uow() as u:
        opened = svc.repo(u).selection_of_year(2027)
        assert opened is not None
        assert opened.union_deadline.isoformat() == "2027-07-15"


def test_a_district_recording_its_local_selection_twice_is_told_why(site: Site) -> None:
    # The district's form has no 社团 choice: the refusal of a second record of its own was put
    # on that absent field and the page said only 「提交未成功」 (reading G11).
    with site.uow() as u:
        sel_id = selection(u, site.tree, local=False).id
        u.commit()
    url = f"/craftsman-selections/{sel_id}"
    action = f"{url}/local-selections"
    district = site.login("district")
    typed = {"participants": "80", "local_craftsmen": "6", "since_year": "2018"}
    first = district.post(action, data=typed | {"csrf_token": csrf_of(district.get(url).text)})
    assert first.status_code == 303, first.text
    with site.uow() as u:
        found = svc.repo(u).local_selections(sel_id, EVERYTHING)
        recorded = [(r.id, r.participants) for r in found]
    again = district.post(
        action, data=typed | {"participants": "90", "csrf_token": csrf_of(district.get(url).text)}
    )
    assert again.status_code == 422
    alert = again.text.split('role="alert">', 1)[1].split("</div>", 1)[0]
    assert "杨浦区总工会已登记2024年度工匠选树情况" in alert
    assert 'value="90"' in again.text
    with site.uow() as u:
        found = svc.repo(u).local_selections(sel_id, EVERYTHING)
        assert [(r.id, r.participants) for r in found] == recorded == [(recorded[0][0], 80)]


def test_a_finding_dated_after_today_is_refused_beside_its_date(site: Site) -> None:
    # 「当即取消参评资格，3年内不再接受」 count from the finding: a finding dated tomorrow
    # disqualified the application today and barred it a day too long (reading G11).
    with site.uow() as u:
        sel_id = selection(u, site.tree).id
        person = local_craftsman(u, site.tree, "认定师傅")
        app_id = file(u, form(sel_id, person.id), scope=EVERYTHING).id
        u.commit()
        person_id = person.id
    url = f"/craftsman-selections/{sel_id}"
    action = f"{url}/false-declarations"
    city = site.login("city")
    # The page names the call's own notice, not a bare 「通知」.
    page = city.get(url).text
    assert "（通知" not in page
    for clause in ("五（二）", "五（三）"):
        assert f"《关于开展2024年度“上海工匠”培养选树工作的通知》{clause}" in page
    assert (
        "申报条件（《关于开展2024年度“上海工匠”培养选树工作的通知》一）"
        in city.get(f"{url}/apply").text
    )
    typed = {"finding_person_id": str(person_id), "found_on": "2026-11-22",
             "reason": "业绩材料虚报"}  # fmt: skip
    refused = city.post(action, data=typed | {"csrf_token": csrf_of(city.get(url).text)})
    assert refused.status_code == 422
    assert 'id="found_on-error">认定日期不能晚于2026年11月21日</div>' in refused.text
    assert "业绩材料虚报" in refused.text
    # With another field unreadable too, both are named at once.
    both = city.post(
        action,
        data=typed | {"finding_person_id": "某人", "csrf_token": csrf_of(refused.text)},
    )
    assert both.status_code == 422
    assert 'id="finding_person_id-error"' in both.text
    assert 'id="found_on-error">认定日期不能晚于2026年11月21日</div>' in both.text
    with site.uow() as u:
        assert svc.get_application(u, app_id, EVERYTHING).status == Status.QUALIFICATION
        assert svc.repo(u).findings(person_id=person_id, unit_union_id=None, scope=EVERYTHING) == []
    today = city.post(
        action, data=typed | {"found_on": "2026-11-21", "csrf_token": csrf_of(both.text)}
    )
    assert today.status_code == 303, today.text
    with site.uow() as u:
        assert svc.get_application(u, app_id, EVERYTHING).status == Status.DISQUALIFIED


def test_a_finding_dated_before_any_selection_is_refused_beside_its_date(site: Site) -> None:
    with site.uow() as u:
        sel_id = selection(u, site.tree).id
        person = local_craftsman(u, site.tree, "认定师傅")
        app_id = file(u, form(sel_id, person.id), scope=EVERYTHING).id
        u.commit()
        person_id = person.id
    url = f"/craftsman-selections/{sel_id}"
    city = site.login("city")
    typed = {"finding_person_id": str(person_id), "found_on": "1950-01-01",
             "reason": "业绩材料虚报", "csrf_token": csrf_of(city.get(url).text)}  # fmt: skip
    refused = city.post(f"{url}/false-declarations", data=typed)
    assert refused.status_code == 422
    said = "认定日期不能早于2015年1月1日（最早的选树年度）"
    assert f'id="found_on-error">{said}</div>' in refused.text
    assert 'value="1950-01-01"' in refused.text
    with site.uow() as u:
        assert svc.get_application(u, app_id, EVERYTHING).status == Status.QUALIFICATION
        assert svc.repo(u).findings(person_id=person_id, unit_union_id=None, scope=EVERYTHING) == []
