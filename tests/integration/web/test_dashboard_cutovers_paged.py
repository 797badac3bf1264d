"""The dashboard names the 系统启用日期 of the unions bearing on one's subtree (its own, its
ancestors', its unions'), a list that grows with the unions that adopt the service: shown a page
at a time (paged in SQL by the unions' places in the tree, ``cutovers_page``), as every list
page; a page past the last shows the last and says so. Before: every union's at once."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.adoption.model import UnionCutover
from tests.integration.web.conftest import Site


def _cutovers(html: str) -> str:
    return html.split('id="cutovers"', 1)[1].split("</div>", 1)[0]


def test_the_dashboards_cutovers_are_paged(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = site.tree
    unions = (tree.district, tree.sector, tree.unit)  # by their places in the tree
    with site.uow() as u:
        for n, union in enumerate(unions, start=1):
            u.session.add(UnionCutover(union_id=union.id, cutover_on=date(2026, n, 1),
                                       recorded_by="测试"))  # fmt: skip
        u.commit()
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 2)
    city = site.login("city")
    first = _cutovers(city.get("/dashboard").text)
    assert f"{unions[0].name} 2026年1月1日" in first
    assert f"{unions[1].name} 2026年2月1日" in first
    assert unions[2].name not in first
    assert "共 3 条，第 1–2 条" in first
    assert 'href="?cutovers_page=2#cutovers"' in first
    second = _cutovers(city.get("/dashboard?cutovers_page=2").text)
    assert f"{unions[2].name} 2026年3月1日" in second
    assert unions[0].name not in second
    assert "共 3 条，第 3–3 条" in second
    past = _cutovers(city.get("/dashboard?cutovers_page=5").text)
    assert f"{unions[2].name} 2026年3月1日" in past
    assert "第 5 页超出范围（共 2 页），已显示最后一页" in past
    # Fewer than a page: every one, no pager.
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 50)
    every = _cutovers(city.get("/dashboard").text)
    assert all(union.name in every for union in unions)
    assert "cutovers_page" not in every
