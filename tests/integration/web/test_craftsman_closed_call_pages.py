"""The 上海工匠 call form: a year whose unions' deadline has passed is refused beside that date,
what was typed kept, nothing opened; the form proposes next year's notice dates once this year's
have passed; a year opened after its self window says on its page that it takes
recommendations only [G] 二（三）、五（四） (reading G12)."""

from __future__ import annotations

from lifecycle.craftsman_title import service as svc
from tests.integration.web.conftest import Site, csrf_of

PAGE = "/craftsman-selections"


def test_a_call_past_its_deadline_is_refused_beside_it_and_a_late_one_says_so(site: Site) -> None:
    city = site.login("city")
    page = city.get(PAGE)
    # Today is 2026-11-21: the form proposes the 2027 call with the notice's dates.
    assert 'id="f-year" name="year" type="number" value="2027"' in page.text
    assert 'id="f-union_deadline" name="union_deadline" type="date" value="2027-07-15"' in page.text
    typed = {"year": "2026", "self_opens": "2026-06-12", "self_closes": "2026-07-15",
             "union_deadline": "2026-07-15"}  # fmt: skip
    refused = city.post(PAGE, data=typed | {"csrf_token": csrf_of(page.text, PAGE)})
    assert refused.status_code == 422
    beside = refused.text.split('id="union_deadline-error">', 1)[1].split("</div>", 1)[0]
    assert beside == (
        "区局（产业）工会及社团申报截止日期（2026年7月15日）已过，个人自荐和推荐申报均已截止，"
        "不能开启已截止的年度选树；截止日期应不早于今天（2026年11月21日）"
    )
    assert 'value="2026-06-12"' in refused.text
    assert 'value="2026-07-15"' in refused.text
    with site.uow() as u:
        assert svc.repo(u).selection_of_year(2026) is None
    late = typed | {"self_opens": "2026-11-02", "self_closes": "2026-11-10"}
    opened = city.post(
        PAGE,
        data=late | {"union_deadline": "2026-11-30", "csrf_token": csrf_of(refused.text, PAGE)},
    )
    assert opened.status_code == 303, opened.text
    shown = city.get(opened.headers["location"]).text
    note = shown.split('id="self-window-note">', 1)[1].split("</div>", 1)[0]
    assert note == (
        "个人自荐申报时间（2026年11月2日至2026年11月10日）已过，不再受理个人自荐；"
        "区局（产业）工会及社团推荐申报受理至2026年11月30日"
    )
