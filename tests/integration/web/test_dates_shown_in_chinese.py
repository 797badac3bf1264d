"""Pages show every date as Chinese text writes it (2026年11月21日, a moment with its minute in
Shanghai time), in sentences and table cells alike; form inputs (type=date), links and the API
keep ISO dates."""

from __future__ import annotations

import re

from lifecycle.clock import chinese_date
from tests.integration.web.conftest import Site

ISO = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b")


def _visible(html: str) -> str:
    """The page's text as read: no tags (their links and input values keep ISO dates)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_dashboard_lists_and_a_titles_page_show_chinese_dates_only(site: Site) -> None:
    d = site.designation
    assert d.naming_date is not None
    browser = site.login("district")
    pages = {
        url: browser.get(url)
        for url in (
            "/dashboard",
            "/todo",
            "/designations",
            f"/designations/{d.id}",
            "/my/reminders",
        )
    }
    for url, page in pages.items():
        assert page.status_code == 200, url
        shown = _visible(page.text)
        assert ISO.search(shown) is None, (url, ISO.search(shown))
    naming = chinese_date(d.naming_date)
    assert naming in _visible(pages["/designations"].text)  # a table cell
    assert f"命名日期 {naming}" in _visible(pages[f"/designations/{d.id}"].text)
    todo = _visible(pages["/todo"].text)
    assert re.search(r"20\d\d年\d{1,2}月\d{1,2}日", todo) is not None
    # The API keeps ISO dates.
    listed = browser.get(f"/api/v1/designations/{d.id}").json()
    assert listed["naming_date"] == d.naming_date.isoformat()
