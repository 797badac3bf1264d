"""The 上海工匠 pages as another city's officer (乐山) reaches them by typing the address: every
one refused (403) with why — the selection is 上海市总工会's, open to Shanghai's workers [G] 一 —
and nothing written; 上海市总工会's officer opens a year as before."""

from __future__ import annotations

from lifecycle.craftsman_title import service as svc
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of

TYPED = {
    "year": "2027",
    "self_opens": "2027-06-12",
    "self_closes": "2027-07-15",
    "union_deadline": "2027-07-15",
}
WHY = (
    "“上海工匠”培养选树由上海市总工会组织，面向上海市各行各业职工"
    "（《关于开展2024年度“上海工匠”培养选树工作的通知》一）"
)


def test_another_citys_officer_is_refused_every_selection_page_and_opens_no_year(
    site: Site,
) -> None:
    city = site.login("city")
    shown = city.get("/craftsman-selections")
    assert shown.status_code == 200
    assert 'id="open"' in shown.text
    token = csrf_of(shown.text, "/craftsman-selections")
    opened = city.post("/craftsman-selections", data=TYPED | {"csrf_token": token})
    assert opened.status_code == 303, opened.text
    with site.uow() as u:
        selection = svc.repo(u).selection_of_year(2027)
        assert selection is not None
        leshan = f.leshan_tree(u)
        principal, password = f.user(u, Role.CITY_OFFICER, leshan.city.id)
        u.commit()
    site.usernames["leshan"], site.passwords["leshan"] = principal.username, password
    officer = site.login("leshan")
    for path in (
        "/craftsman-selections",
        f"/craftsman-selections/{selection.id}",
        f"/craftsman-selections/{selection.id}/apply",
    ):
        page = officer.get(path)
        assert page.status_code == 403, path
        assert WHY in page.text, path
        assert "本工会及所属工会的职工不参加，本工会也不能开启年度选树" in page.text
    home = officer.get("/dashboard")
    mine = csrf_of(home.text, "/logout")  # the session's token: posted as a crafted form would
    again = TYPED | {"year": "2028", "csrf_token": mine}
    refused = officer.post("/craftsman-selections", data=again)
    assert refused.status_code == 403, refused.text
    assert WHY in refused.text
    with site.uow() as u:
        assert svc.repo(u).selection_of_year(2028) is None
