"""The 确认撤牌 page refuses a role in the words of the user's own city and its schemes: a 乐山
officer reads that 乐山's notice sets no 撤牌 [L], a Shanghai city officer the article of Yangpu's
rules saying who confirms it [Y12] (both backends).

Before: 乐山's users were cited 《杨浦区…管理办法》第十二条."""

from __future__ import annotations

import html

from lifecycle.citations import TITLES
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.web.conftest import Site

Y12 = "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条）"
L_UNSET = f"（{TITLES['L']}对逾期未整改的撤牌未作规定）"


def test_the_revocation_page_cites_the_users_own_schemes(site: Site) -> None:
    with site.uow() as u:
        tree = f.leshan_tree(u)
        principal, password = f.user(u, Role.CITY_OFFICER, tree.city.id)
        site.usernames["ls_city"], site.passwords["ls_city"] = principal.username, password
        u.commit()
    leshan = site.login("ls_city").get("/notices/1/revocation")
    assert leshan.status_code == 403, leshan.text
    shown = html.unescape(leshan.text)
    assert f"须由县（市、区）总工会干部办理{L_UNSET}" in shown
    assert "第十二条" not in shown
    assert "杨浦" not in shown
    city = site.login("city").get("/notices/1/revocation")
    assert city.status_code == 403, city.text
    assert f"须由区局（产业）工会干部办理{Y12}" in html.unescape(city.text)
