"""A list page's filter typed with a control character (a NUL pasted into the search box) is
dropped and said above the list, and the box shows what was typed without the control
characters, never the NUL itself (docs/RULES.md, 控制字符)."""

from __future__ import annotations

import pytest

from api.web.filters import CONTROL_DROPPED
from tests.integration.web.conftest import Site

CASES = [
    ("finance", "/designations", "q", "甲%00乙", 'name="q" value="甲乙"'),
    ("finance", "/finance/designations", "q", "甲%00乙", 'name="q" value="甲乙"'),
    ("finance", "/contacts", "q", "甲%00乙", 'name="q" value="甲乙"'),
    ("district", "/persons", "q", "甲%00乙", 'name="q" value="甲乙"'),
    ("district", "/workshops", "q", "甲%00乙", 'name="q" value="甲乙"'),
    ("district", "/todo", "from", "2026-01-01%00", 'name="from" value="2026-01-01"'),
    ("admin", "/admin/users", "q", "甲%00乙", 'name="q" value="甲乙"'),
    ("admin", "/admin/contacts", "q", "甲%00乙", 'name="q" value="甲乙"'),
    ("admin", "/admin/outbox", "recipient", "a%00%07@b.cn", 'name="recipient" value="a@b.cn"'),
]


@pytest.mark.parametrize(("who", "path", "name", "typed", "box"), CASES)
def test_a_filter_with_a_control_character_is_dropped_and_shown_without_it(
    site: Site, who: str, path: str, name: str, typed: str, box: str
) -> None:
    page = site.login(who).get(f"{path}?{name}={typed}")
    assert page.status_code == 200, page.text
    assert f'<div class="alert" role="alert">{CONTROL_DROPPED}</div>' in page.text
    assert box in page.text
    assert "\x00" not in page.text
    assert "\x07" not in page.text
