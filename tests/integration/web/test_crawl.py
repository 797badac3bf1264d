"""Every demo role's pages, crawled: each link answers 200, in Chinese, with a way back.

The crawler logs in as each demo user and follows every same-site link of every HTML page it
reaches (forms and logout excepted). Pages of one shape (``/designations/{id}``) are visited for
a few ids each, with every filter and page link of the list pages: the demo has ~50 designations
and each page of one kind is drawn by the same template and read model.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest

from tests.integration.web.demo_site import (
    ROLES,
    demo_fixture,  # noqa: F401 - the fixture `demo`
)

HREF = re.compile(r'href="([^"]+)"')
# What a template prints when it shows a Python object instead of its text (the bulk page once
# showed a macro shadowing its context variable: "<Macro 'error'>").
PYTHON_REPR = re.compile(
    r"&lt;(Macro|function|bound method|[a-z_]+\.[A-Za-z_.]+ object)\b.{0,80}?&gt;"
)
PER_SHAPE = 3
# Links with a query (filters, pages, months) are followed up to this many per path and set of
# query keys: the calendar's 上月/下月 alone would otherwise walk month after month and fill the
# crawl before the other pages are reached.
PER_QUERY = 12
MAX_PAGES = 400
DOWNLOADS = (".xlsx", ".pdf", ".ics")
# Printable documents (附件3, 整改通知): the paper itself, rendered as the PDF is, with no menu.
DOCUMENTS = re.compile(r"^/(changes/\d+/form|notices/\d+/print)$")


def _shape(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"\d+", "{n}", parts.path) + ("?" + parts.query if parts.query else "")


def _links(base: str, html: str) -> list[str]:
    found = []
    for raw in HREF.findall(html):
        href = unescape(raw)
        if href.startswith(("#", "mailto:", "webcal:", "/static/")):
            continue
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver"):
            continue
        found.append(parts.path + ("?" + parts.query if parts.query else ""))
    return found


def query_key(url: str) -> tuple[str, tuple[str, ...]]:
    """A link's path shape and the names of its query's keys (``/calendar``, ``("month",)``)."""
    parts = urlsplit(url)
    keys = tuple(sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return re.sub(r"\d+", "{n}", parts.path), keys


def crawl(browser) -> dict[str, int]:
    """Visit every reachable link (a few per shape); returns the status of each visited URL."""
    seen: dict[str, int] = {}
    per_shape: Counter[str] = Counter()
    per_query: Counter[tuple[str, tuple[str, ...]]] = Counter()
    queue = deque(["/dashboard"])
    problems = []
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        shape = re.sub(r"\d+", "{n}", urlsplit(url).path)
        if url in seen or (per_shape[shape] >= PER_SHAPE and "?" not in url):
            continue
        if "?" in url and per_query[query_key(url)] >= PER_QUERY:
            continue
        per_shape[shape] += 1
        per_query[query_key(url)] += 1
        response = browser.get(url)
        seen[url] = response.status_code
        kind = response.headers.get("content-type", "")
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
            continue
        if "application/json" in kind or '{"detail"' in response.text[:200]:
            problems.append(f"{url}: JSON instead of a page")
            continue
        if urlsplit(url).path.endswith(DOWNLOADS) or "text/html" not in kind:
            continue
        if DOCUMENTS.match(urlsplit(url).path):
            continue
        if 'href="/dashboard"' not in response.text:
            problems.append(f"{url}: no way back to the dashboard")
        if shown := PYTHON_REPR.search(response.text):  # a template printing an object
            problems.append(f"{url}: shows {unescape(shown.group(0))}")
        queue.extend(link for link in _links(url, response.text) if link not in seen)
    assert not problems, "\n".join(problems)
    return seen


@pytest.mark.parametrize("username", ROLES)
def test_every_link_of_every_role_answers_200_with_a_way_back(username, demo):
    seen = crawl(demo.login(username))
    shapes = {_shape(url).split("?")[0] for url in seen}
    # The crawl reached the lists behind the dashboard, not only the dashboard itself.
    assert {"/dashboard", "/todo", "/designations", "/designations/{n}"} <= shapes
