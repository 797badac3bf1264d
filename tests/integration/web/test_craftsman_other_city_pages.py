"""The 上海工匠 call page as another city's officer (乐山) reads it: told the selection is
上海市总工会's, offered no form to open a year, and refused one posted anyway [G] 一."""

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


def test_another_citys_officer_is_told_the_call_is_shanghais_and_opens_no_year(
    site: Site,
) -> None:
    with site.uow() as u:
        leshan = f.leshan_tree(u)
        principal, password = f.user(u, Role.CITY_OFFICER, leshan.city.id)
        u.commit()
    site.usernames["leshan"], site.passwords["leshan"] = principal.username, password
    officer = site.login("leshan")
    page = officer.get("/craftsman-selections")
    assert page.status_code == 200
    assert 'id="other-city"' in page.text
    assert "“上海工匠”培养选树由上海市总工会组织" in page.text
    assert 'id="open"' not in page.text
    mine = csrf_of(page.text, "/logout")  # the session's token: posted as a crafted form would
    refused = officer.post("/craftsman-selections", data=TYPED | {"csrf_token": mine})
    assert refused.status_code == 403, refused.text
    assert "“上海工匠”年度选树由上海市总工会开启，本工会不能开启" in refused.text
    with site.uow() as u:
        assert svc.repo(u).selection_of_year(2027) is None
    city = site.login("city")
    shown = city.get("/craftsman-selections")
    assert 'id="other-city"' not in shown.text
    assert 'id="open"' in shown.text
    token = csrf_of(shown.text, "/craftsman-selections")
    opened = city.post("/craftsman-selections", data=TYPED | {"csrf_token": token})
    assert opened.status_code == 303, opened.text
