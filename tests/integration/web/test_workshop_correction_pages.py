"""更正登记 on the pages: a team's registration corrected with why, every bad field beside itself
with what was typed kept and nothing written, only by those who register teams in its union."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx import Response

from lifecycle.scope import EVERYTHING
from lifecycle.vocab import UnitNature
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of


def _error(answer: Response, field: str) -> str:
    return answer.text.split(f'id="{field}-error">', 1)[1].split("</div>", 1)[0]


def _recorded(site: Site) -> tuple[str, UnitNature, str, str | None]:
    with site.uow() as u:
        w = u.workshops.get(site.designation.workshop_id, EVERYTHING)
        assert w is not None
        return w.name, w.host_unit_nature, w.founded_on.isoformat(), w.address


def test_the_unit_corrects_the_nature_from_the_teams_page_and_the_history_keeps_why(
    site: Site,
) -> None:
    shop = site.designation.workshop_id
    unit = site.login("unit")
    page = unit.get(f"/workshops/{shop}")
    assert f'href="/workshops/{shop}/edit"' in page.text
    form = unit.get(f"/workshops/{shop}/edit")
    assert form.status_code == 200
    name, nature, founded, _ = _recorded(site)
    assert f'value="{founded}"' in form.text  # the registration as recorded
    assert nature is not UnitNature.NON_PUBLIC
    typed = {
        "name": name,
        "host_unit_name": "上海某机械有限公司",
        "host_unit_nature": "non_public",
        "founded_on": founded,
        "address": "杨浦区军工路100号",
        "venue_area_sqm": "85.5",
        "reason": "单位改制为民营企业，按营业执照更正",
    }
    done = unit.post(f"/workshops/{shop}/edit", data={"csrf_token": csrf_of(form.text), **typed})
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/workshops/{shop}?corrected=1"
    shown = unit.get(done.headers["location"]).text
    assert "工作室登记已更正" in shown
    assert "杨浦区军工路100号" in shown
    assert _recorded(site)[1:] == (UnitNature.NON_PUBLIC, founded, "杨浦区军工路100号")
    history = site.login("district").get(f"/history/workshop/{shop}").text
    assert "单位改制为民营企业，按营业执照更正" in history


def test_a_refused_correction_keeps_what_was_typed_and_writes_nothing(site: Site) -> None:
    shop = site.designation.workshop_id
    district = site.login("district")
    form = district.get(f"/workshops/{shop}/edit")
    before = _recorded(site)
    typed = {
        "name": "",
        "host_unit_name": "上海某机械有限公司",
        "host_unit_nature": "non_public",
        "founded_on": "2025-01-01",  # after the members joined and after the naming
        "address": "新地址甲",
        "venue_area_sqm": "1e3",
        "reason": "",
    }
    refused = district.post(
        f"/workshops/{shop}/edit", data={"csrf_token": csrf_of(form.text), **typed}
    )
    assert refused.status_code == 422
    beside = {
        field: refused.text.split(f'id="{field}-error">', 1)[1].split("</div>", 1)[0]
        for field in ("name", "venue_area_sqm", "reason")
    }
    assert beside == {
        "name": "工作室名称不能为空",
        "venue_area_sqm": "场所面积应为数字，如 120 或 85.5",
        "reason": "更正原因不能为空",
    }
    assert 'value="新地址甲"' in refused.text
    assert 'value="2025-01-01"' in refused.text
    assert _recorded(site) == before
    # Readable but against the rules: the founding after what the team did, beside its field.
    again = district.post(
        f"/workshops/{shop}/edit",
        data={
            "csrf_token": csrf_of(refused.text),
            **typed,
            "name": before[0],
            "venue_area_sqm": "",
            "reason": "核对",
        },
    )
    assert again.status_code == 422
    founded = again.text.split('id="founded_on-error">', 1)[1].split("</div>", 1)[0]
    assert founded.startswith("成立日期不能晚于")
    assert _recorded(site) == before


def test_finance_and_another_district_are_offered_no_correction(site: Site) -> None:
    shop = site.designation.workshop_id
    finance = site.login("finance")
    assert "/edit" not in finance.get(f"/workshops/{shop}").text
    assert finance.get(f"/workshops/{shop}/edit").status_code == 403
    assert site.login("other").get(f"/workshops/{shop}/edit").status_code == 404


def test_a_correction_sent_from_a_page_read_before_anothers_is_refused(site: Site) -> None:
    """The unit and the district open the form; the unit saves first. The district's save, from
    the older page, is refused above the form with what it typed kept, and the unit's correction
    stays; reloading the form shows it and saves."""
    shop = site.designation.workshop_id
    unit, district = site.login("unit"), site.login("district")
    theirs, mine = unit.get(f"/workshops/{shop}/edit"), district.get(f"/workshops/{shop}/edit")
    name, _, founded, _ = _recorded(site)
    typed = {
        "name": name,
        "host_unit_name": "上海某机械有限公司",
        "host_unit_nature": "state_owned",
        "founded_on": founded,
    }

    def save(client: TestClient, page: str, address: str) -> Response:
        version = page.split('name="expected_version" value="', 1)[1].split('"', 1)[0]
        data = {"csrf_token": csrf_of(page), "expected_version": version}
        data |= typed | {"address": address, "reason": "按营业执照核对地址"}
        return client.post(f"/workshops/{shop}/edit", data=data)

    assert save(unit, theirs.text, "杨浦区军工路100号").status_code == 303
    refused = save(district, mine.text, "杨浦区长阳路1号")
    assert refused.status_code == 422
    text = refused.text
    alert = text.split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert "该工作室的登记已在您打开后被修改，请刷新后重试" in alert
    assert 'value="杨浦区长阳路1号"' in text
    assert _recorded(site)[3] == "杨浦区军工路100号"
    again = save(district, district.get(f"/workshops/{shop}/edit").text, "杨浦区长阳路1号")
    assert again.status_code == 303
    assert _recorded(site)[3] == "杨浦区长阳路1号"


def test_a_name_another_team_of_the_unit_bears_is_refused_beside_the_name(site: Site) -> None:
    """Registering refuses a second team of one name in a unit (「该单位已有同名工作室」); a
    correction to that name is refused the same way, what was typed kept, nothing written —
    before, it was taken, and the next registration of the name failed with a server error."""
    with site.uow() as u:
        other = f.workshop(u, site.tree, members=0).name
        u.commit()
    shop = site.designation.workshop_id
    unit = site.login("unit")
    form = unit.get(f"/workshops/{shop}/edit")
    name, _nature, founded, _ = _recorded(site)
    typed = {
        "name": other,
        "host_unit_name": "上海某机械有限公司",
        "host_unit_nature": "state_owned",
        "founded_on": founded,
        "reason": "",
    }
    refused = unit.post(f"/workshops/{shop}/edit", data={"csrf_token": csrf_of(form.text), **typed})
    assert refused.status_code == 422
    assert "该单位已有同名工作室" in _error(refused, "name")
    assert "更正原因不能为空" in _error(refused, "reason")
    assert f'value="{other}"' in refused.text
    assert _recorded(site)[0] == name
