"""The page opening a year's 上海工匠 call refuses a unions' deadline before the self window
closes beside that date, what was typed kept, nothing written [G] 二（三）、五（四）
(reading G10)."""

from __future__ import annotations

from lifecycle.craftsman_title import service as svc
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
        "区局（产业）工会及社团申报截止日期不能早于个人自荐截止日期（2027年07月15日）："
        "自荐申报须在此前经区局（产业）工会资格审查"
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
