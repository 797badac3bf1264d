"""A 乐山 user's person pages in 乐山's words [L]: the person's page links to 「即将退休的带头人」
(乐山's 带头人 [L 二（一）]), the ID number is unique 「本县（市、区）内」 (its registry is the
县（市、区）总工会's [L 一]), and the registration form offers the honours 乐山's people hold —
劳模 and 工匠人才 — not Shanghai's 上海市劳动模范, 上海工匠 [G] or 区级工匠 (both backends).

Before: 「即将退休的领衔人」, 「本区内不得重复」, and 上海工匠 offered to every 乐山 unit."""

from __future__ import annotations

import re

from tests.integration.web.conftest import Site
from tests.integration.web.test_leshan_title_pages import _leshan_title

SHANGHAI_ONLY = ("上海市劳动模范", "上海工匠", "区级工匠")


def _options(html: str, name: str) -> list[str]:
    select = html.split(f'name="{name}"')[1].split("</select>", maxsplit=1)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_a_leshan_registration_form_offers_leshans_honours_in_its_words(site: Site) -> None:
    _leshan_title(site)
    page = site.login("ls_unit").get("/persons/new")
    assert page.status_code == 200, page.text
    offered = _options(page.text, "honour_0")
    assert {"全国劳动模范", "省部级劳动模范", "市级劳动模范", "工匠人才"} <= set(offered)
    assert not [h for h in SHANGHAI_ONLY if h in offered]
    assert "本县（市、区）内不得重复" in page.text
    assert "本区内" not in page.text
    # Shanghai's units keep Shanghai's honours and words.
    shanghai = site.login("unit").get("/persons/new").text
    assert set(SHANGHAI_ONLY) <= set(_options(shanghai, "honour_0"))
    assert "本区内不得重复" in shanghai


def test_a_leshan_person_page_names_its_leaders_and_its_county(site: Site) -> None:
    _leshan_title(site)
    county = site.login("ls_county")
    listed = county.get("/persons?q=乐山带头人").text
    found = re.search(r'href="/persons/(\d+)">乐山带头人<', listed)
    assert found is not None, listed
    page = county.get(f"/persons/{found.group(1)}")
    assert page.status_code == 200, page.text
    assert '<a href="/leaders/retiring">即将退休的带头人</a>' in page.text
    # The leader word is 乐山's; the honour 技能大师工作室领衔人 (登记荣誉) keeps its own name.
    assert "领衔人" not in page.text.replace("技能大师工作室领衔人", "")
    assert "本县（市、区）内不得重复" in page.text  # the correction form's note
    district = site.login("district")
    first = re.search(r'href="/persons/(\d+)"', district.get("/persons").text)
    assert first is not None
    shanghai = district.get(f"/persons/{first.group(1)}").text
    assert '<a href="/leaders/retiring">即将退休的领衔人</a>' in shanghai
