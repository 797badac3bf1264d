"""命名记录 and 经费台账一览 name a 工会 filter outside the user's subtree instead of showing 0."""

from __future__ import annotations

import re

import pytest

from tests.integration.web.conftest import Site

PAGES = ("/designations", "/finance/designations")


@pytest.mark.parametrize("path", PAGES)
def test_another_districts_union_is_named_and_ignored(site: Site, path: str) -> None:
    """Each user reads only their own subtree (DOMAIN §1): another district's union typed into
    the address is 「工会「…」无效，已忽略」 and the user's own list is shown, not 「共 0 条」."""
    who = "finance" if "finance" in path else "district"
    browser = site.login(who)
    own = browser.get(path)
    assert own.status_code == 200
    assert site.designation.title in own.text
    foreign = site.tree.other_district.id
    typed = browser.get(path, params={"union": str(foreign)})
    assert typed.status_code == 200
    assert f"工会「{foreign}」无效，已忽略" in typed.text
    assert site.designation.title in typed.text
    count = re.compile(r"共 \d+ (?:条|个工作室)")
    assert count.search(typed.text).group(0) == count.search(own.text).group(0)
    # Inside the subtree the filter still applies, and says nothing.
    inside = browser.get(path, params={"union": str(site.tree.district.id)})
    assert "无效，已忽略" not in inside.text
    assert site.designation.title in inside.text
