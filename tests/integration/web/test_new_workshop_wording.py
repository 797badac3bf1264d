"""The page registering a workshop tells the rules of the user's own city tree: who puts a new
team forward and the form of its title, Yangpu's [Y7][Y8] in 上海市总工会's tree and 乐山's in
乐山市总工会's [L 一][L 附件1], each article cited, never a bare id (the demo, both backends)."""

from __future__ import annotations

import re

import pytest

from lifecycle.citations import TITLES
from tests.integration.web.demo_site import demo_fixture  # noqa: F401 - the fixture `demo`

YANGPU_RULE = f"新创建的工作室由单位工会推荐申报（{TITLES['Y']}第七条）。"
YANGPU_HINT = "如：带头人姓名＋攻关方向＋劳模（技师）创新工作室"
LESHAN_RULE = (
    "工作室由各县（市、区）总工会和市级系统工会、市属企业工会在符合申报条件的工作室中择优上报"
    f"（{TITLES['L']}一）。"
)
LESHAN_HINT = "单位＋劳模姓名＋劳模和工匠人才创新工作室，如：xx公司张三劳模和工匠人才创新工作室"


def _name_hint(html: str) -> str:
    found = re.search(r'<input id="f-name".*?<div class="muted">(.*?)</div>', html, re.S)
    assert found is not None, html
    return found.group(1)


def test_a_leshan_officer_is_told_leshans_route_and_title_format(demo) -> None:  # type: ignore[no-untyped-def]
    page = demo.login("leshan").get("/workshops/new")
    assert page.status_code == 200, page.text
    assert LESHAN_RULE in page.text
    assert _name_hint(page.text) == LESHAN_HINT
    for other in ("杨浦", "单位工会推荐申报", "攻关方向＋劳模（技师）", "[L", "[Y"):
        assert other not in page.text, other


@pytest.mark.parametrize("who", ["city", "yangpu"])
def test_a_shanghai_officer_keeps_yangpus_route_and_title_format(demo, who: str) -> None:  # type: ignore[no-untyped-def]
    page = demo.login(who).get("/workshops/new")
    assert page.status_code == 200, page.text
    assert YANGPU_RULE in page.text
    assert _name_hint(page.text) == YANGPU_HINT
    assert "劳模和工匠人才创新工作室" not in page.text
    assert "[Y" not in page.text
