"""The 上海工匠 year page lists the local selections (附件3 figures) of the reader's own subtree
only: a district officer never reads another district's or an association's figures, the city
reads all (DOMAIN §1)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from lifecycle.craftsman_title import local_selection
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.craftsman.helpers import association, selection
from tests.integration.web.conftest import Site

YANGPU = "杨浦区总工会：参与120人，选树工匠8人"
PUDONG = "浦东新区总工会：参与77人，选树工匠3人"
SOCIETY = "上海市机械工程学会：参与50人，选树工匠4人"


def _year(site: Site) -> int:
    """The 2024 call with the Yangpu district's, Pudong's and an association's selections."""
    with site.uow() as u:
        sel = selection(u, site.tree)  # Yangpu's: 120 participants, 8 local craftsmen
        body = association(u, site.tree)
        for union_id, participants, craftsmen in (
            (site.tree.other_district.id, 77, 3),
            (body.id, 50, 4),
        ):
            local_selection.record_local_selection(
                u,
                local_selection.RecordLocal(
                    sel.id, union_id=union_id, participants=participants,
                    local_craftsmen=craftsmen,
                ),
                recording_union_id=site.tree.city.id,
                scope=EVERYTHING,
            )  # fmt: skip
        u.commit()
        return sel.id


def test_each_district_reads_its_own_local_figures_and_the_city_all(site: Site) -> None:
    sel_id = _year(site)
    seen = {}
    for who in ("district", "other", "city"):
        page = site.login(who).get(f"/craftsman-selections/{sel_id}")
        assert page.status_code == 200
        seen[who] = {line for line in (YANGPU, PUDONG, SOCIETY) if line in page.text}
    assert seen == {
        "district": {YANGPU},
        "other": {PUDONG},
        "city": {YANGPU, PUDONG, SOCIETY},
    }


def _street(site: Site) -> TestClient:
    """A district officer bound to the street union (行业、街镇、直属工会干部), like 'wjc'."""
    with site.uow() as u:
        principal, password = f.user(u, Role.DISTRICT_OFFICER, site.tree.sector.id)
        u.commit()
    site.usernames["street"], site.passwords["street"] = principal.username, password
    return site.login("street")


def test_the_district_statistics_workbook_is_read_by_its_district_not_below_it(
    site: Site,
) -> None:
    """附件3 is the district's figures: a street officer or a unit contact under it is told who
    files it and offered no download; asked anyway, the workbook is refused (403) [G] 五（四）."""
    sel_id = _year(site)
    district_sheet = (
        f"/api/v1/craftsman-selections/{sel_id}/unions/{site.tree.district.id}/statistics.xlsx"
    )
    page = site.login("district").get(f"/craftsman-selections/{sel_id}")
    assert district_sheet in page.text
    sheet = site.login("district").get(district_sheet)
    assert sheet.status_code == 200
    assert sheet.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    note = "统计表（附件3）由杨浦区总工会填报，汇总其全部数字，本工会不能下载"
    refusal = (
        "附件3统计表是杨浦区总工会的汇总数字（由杨浦区总工会填报），"
        "只有杨浦区总工会及上级工会可以读取"
    )
    for browser, own in (
        (_street(site), site.tree.sector.id),
        (site.login("unit"), site.tree.unit.id),
    ):
        page = browser.get(f"/craftsman-selections/{sel_id}")
        assert page.status_code == 200
        assert note in page.text
        assert "statistics.xlsx" not in page.text
        for union_id in (own, site.tree.district.id):
            refused = browser.get(
                f"/api/v1/craftsman-selections/{sel_id}/unions/{union_id}/statistics.xlsx"
            )
            # Its own union: the body above it, refused; the district itself: outside its scope.
            assert refused.status_code == (403 if union_id == own else 404), refused.text
            if union_id == own:
                assert refused.json()["error"]["message"] == refusal
