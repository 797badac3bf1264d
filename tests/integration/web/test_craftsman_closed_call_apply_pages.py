"""A 上海工匠 year whose last window has shut says so before anyone fills its long form, on both
backends: its page reads 「2024年度申报已截止：…不再受理新的申报（…二（三）、五（四））」 and offers
no 「填写申报审批表」, and the form's page says the same above the form; a year still open offers
the form without the note [G] 二（三）、五（四）. Before, a unit contact in December was offered
the form of a year closed in July and told only when it submitted."""

from __future__ import annotations

from tests.integration.craftsman.helpers import open_call, selection
from tests.integration.web.conftest import Site

CLOSED = (
    "2024年度申报已截止：个人自荐申报时间为2024年6月12日至2024年7月15日，"
    "区局（产业）工会及社团应于2024年7月15日前完成网上申报，不再受理新的申报"
    "（《关于开展2024年度“上海工匠”培养选树工作的通知》二（三）、五（四））"
)


def test_a_closed_year_says_so_and_offers_no_form_an_open_one_offers_it(site: Site) -> None:
    with site.uow() as u:
        closed = selection(u, site.tree).id
        current = open_call(u, site.tree).id
        u.commit()
    unit = site.login("unit")
    page = unit.get(f"/craftsman-selections/{closed}").text
    assert f'id="call-closed">{CLOSED}</div>' in page
    assert f'href="/craftsman-selections/{closed}/apply"' not in page
    form = unit.get(f"/craftsman-selections/{closed}/apply").text
    assert f'id="call-closed">{CLOSED}</p>' in form
    open_page = unit.get(f"/craftsman-selections/{current}").text
    assert 'id="call-closed"' not in open_page
    assert f'href="/craftsman-selections/{current}/apply">填写申报审批表</a>' in open_page
    assert 'id="call-closed"' not in unit.get(f"/craftsman-selections/{current}/apply").text
