"""A workshop's page shows its members (those who left too) a page at a time, paged in SQL as
registered (``members_page``), as every list page: the 现有 N 人 count is the whole team's on
every page, a page past the last shows the last and says so, and a refused 登记成员离开 is shown
again with what was typed. Before: every member at once."""

from __future__ import annotations

import re

import pytest

from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of

ROW = re.compile(r'<tr><td><a href="/persons/(\d+)">')


def _shown(html: str) -> list[int]:
    table = html.split('id="members"', 1)[1].split("</table>", 1)[0]
    return [int(i) for i in ROW.findall(table)]


def test_a_teams_members_are_paged_with_the_whole_teams_count(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = site.designation.workshop_id
    with site.uow() as u:
        workshop = u.workshops.get(shop, EVERYTHING)
        assert workshop is not None
        every = sorted(workshop.members, key=lambda m: m.id)
        people = [m.person_id for m in every]
        now = len(workshop.members_on(f.AS_OF))
        first_member = every[0].id
    assert len(people) >= 3
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 2)
    unit = site.login("unit")
    url = f"/workshops/{shop}"
    first = unit.get(url).text
    assert _shown(first) == people[:2]
    assert f"共 {len(people)} 条，第 1–2 条" in first
    assert 'href="?members_page=2#members"' in first
    assert f"团队成员（现有 {now} 人" in first
    second = unit.get(f"{url}?members_page=2").text
    assert _shown(second) == people[2:4]
    assert f"团队成员（现有 {now} 人" in second  # the whole team's, not the page's
    last = -(-len(people) // 2)
    past = unit.get(f"{url}?members_page=99").text
    assert _shown(past) == people[(last - 1) * 2 :]
    assert f"第 99 页超出范围（共 {last} 页），已显示最后一页" in past
    # A refused leaving: beside 离开日期, what was typed kept, the table still paged.
    action = f"/workshops/{shop}/leaving"
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(first, action), "member_id": str(first_member),
              "leaving_on": "2000-01-01"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert 'id="leaving_on-error"' in refused.text
    assert 'value="2000-01-01"' in refused.text
    assert f'<option value="{first_member}" selected' in refused.text
    assert _shown(refused.text) == people[:2]


def test_a_refused_leaving_from_page_two_comes_back_on_page_two(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forms post with the members' page shown (``?members_page=2``): a refused 登记成员离开
    comes back on that page with the reason and what was typed. Before: on the first page."""
    shop = site.designation.workshop_id
    with site.uow() as u:
        workshop = u.workshops.get(shop, EVERYTHING)
        assert workshop is not None
        people = [m.person_id for m in sorted(workshop.members, key=lambda m: m.id)]
        staying = next(m.id for m in workshop.members if m.left_on is None)
    assert len(people) >= 3
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 2)
    unit = site.login("unit")
    second = unit.get(f"/workshops/{shop}?members_page=2").text
    action = f"/workshops/{shop}/leaving?members_page=2"
    assert f'action="{action}"' in second
    assert f'action="/workshops/{shop}/members?members_page=2"' in second
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(second, action), "member_id": str(staying),
              "leaving_on": "2000-01-01"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert 'id="leaving_on-error"' in refused.text
    assert 'value="2000-01-01"' in refused.text
    assert _shown(refused.text) == people[2:4]
    assert f'action="{action}"' in refused.text
