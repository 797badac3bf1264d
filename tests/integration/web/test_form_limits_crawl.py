"""Every form of every demo role, sent with text past any column's length and a number past an
integer column's range: each comes back refused beside its fields (or, where nothing bounds the
text, is taken), never the generic 「输入包含无法保存的字符或数值」 page nor a 500; and every text
input of a form carries a maxlength, every number input a max.

The crawler of ``test_crawl.py`` finds the pages; on each it reads the forms that post, keeps their
hidden fields, choices and dates as shown, and fills every text input and textarea with more than
the longest column holds (400 characters; 5,001 where the input states no maxlength) and every
number input with 2147483648.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urlsplit

import pytest

from tests.integration.web.demo_site import (
    ROLES,
    demo_fixture,  # noqa: F401 - the fixture `demo`
)
from tests.integration.web.test_crawl import DOCUMENTS, DOWNLOADS, PER_QUERY, _links, query_key

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
FIELD = re.compile(r"<(input|textarea|select)\b([^>]*)>", re.S)
ATTR = re.compile(r'([\w-]+)(?:="([^"]*)")?')
OPTION = re.compile(r'<option value="([^"]*)"([^>]*)>')
PER_SHAPE = 2
MAX_PAGES = 250
TOO_LARGE = "2147483648"
GENERIC = "输入包含无法保存的字符或数值"
# Inputs whose text no column bounds: searches, passwords (hashed), the login's name (looked
# up only), the 工匠五力 evidence (kept whole in a JSON column, ``power_…``).
UNBOUNDED = {"q", "password", "current_password", "new_password", "confirm", "username"}
UNBOUNDED_PREFIXES = ("power_",)


def _attrs(raw: str) -> dict[str, str]:
    return {k: unescape(v or "") for k, v in ATTR.findall(raw)}


def _fields(body: str) -> list[tuple[str, dict[str, str], str]]:
    """(tag, attributes, the chosen option's value for a select) of a form's fields."""
    found = []
    for match in FIELD.finditer(body):
        tag, attrs = match.group(1), _attrs(match.group(2))
        chosen = ""
        if tag == "select":
            end = body.find("</select>", match.end())
            options = OPTION.findall(body[match.end() : end])
            picked = [v for v, rest in options if "selected" in rest] or [
                v for v, _ in options if v
            ]
            chosen = unescape(picked[0]) if picked else ""
        found.append((tag, attrs, chosen))
    return found


def _post_forms(url: str, html: str) -> list[tuple[str, list[tuple[str, dict[str, str], str]]]]:
    forms = []
    for head, body in FORM.findall(html):
        attrs = _attrs(head)
        if attrs.get("method", "get").lower() != "post" or "enctype" in attrs:
            continue  # uploads are refused by their own checks (test_security_uploads.py)
        forms.append((attrs.get("action") or urlsplit(url).path, _fields(body)))
    return forms


def _typed(fields: list[tuple[str, dict[str, str], str]]) -> tuple[dict[str, str], list[str]]:
    """The data to send and the names of the inputs filled past their limits."""
    data: dict[str, str] = {}
    filled = []
    for tag, attrs, chosen in fields:
        name = attrs.get("name")
        kind = attrs.get("type", "text")
        if not name or "disabled" in attrs or "readonly" in attrs:
            continue
        if tag == "select":
            data[name] = chosen
        elif kind in ("checkbox", "radio"):
            if "checked" in attrs:
                data[name] = attrs.get("value", "on")
        elif kind in ("hidden", "date", "submit", "file"):
            if kind != "file" and "value" in attrs:
                data.setdefault(name, attrs["value"])
        elif kind == "number":
            data[name] = TOO_LARGE
            filled.append(name)
        elif name not in UNBOUNDED and kind != "search":
            limit = int(attrs.get("maxlength") or 5000)
            data[name] = "长" * (max(limit, 400) + 1)
            filled.append(name)
    return data, filled


def _unbounded(fields: list[tuple[str, dict[str, str], str]]) -> list[str]:
    """Text inputs with no maxlength and number inputs with no max."""
    missing = []
    for tag, attrs, _ in fields:
        name, kind = attrs.get("name", ""), attrs.get("type", "text")
        if name in UNBOUNDED or name.startswith(UNBOUNDED_PREFIXES):
            continue
        if "readonly" in attrs or "disabled" in attrs:
            continue
        bound = "max" if kind == "number" else "maxlength"
        if tag == "input" and kind in ("number", "text", "email", "tel") and bound not in attrs:
            missing.append(name)
    return missing


ERROR = re.compile(r'<div class="error"([^>]*)>')


def _undescribed(html: str) -> list[str]:
    """A refused form's messages a screen reader would not tie to their field: a control marked
    invalid whose ``aria-describedby`` names no element of the page, and a message in a form that
    no control (or fieldset) names."""
    problems = []
    described = set()
    for tag, raw in re.findall(r"<(input|textarea|select|fieldset)\b([^>]*)>", html):
        attrs = _attrs(raw)
        target = attrs.get("aria-describedby")
        if target:
            described.add(target)
            if f'id="{target}"' not in html:
                problems.append(
                    f"{tag} {attrs.get('name', '')} describedby {target}: no such element"
                )
        elif attrs.get("aria-invalid") == "true":
            problems.append(f"{tag} {attrs.get('name', '')} invalid but describedby nothing")
    for form in FORM.finditer(html):
        for match in ERROR.finditer(form.group(2)):
            own = _attrs(match.group(1)).get("id")
            if own not in described:
                problems.append(f"message {own or '(no id)'} tied to no control")
    return problems


def fuzz(browser) -> tuple[list[str], int]:
    """Crawl as ``browser``; post each form found once. The problems seen and the forms sent."""
    seen: set[str] = set()
    sent: set[tuple[str, tuple[str, ...]]] = set()
    per_shape: Counter[str] = Counter()
    per_query: Counter[tuple[str, tuple[str, ...]]] = Counter()
    queue = deque(["/dashboard"])
    problems: list[str] = []
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        shape = re.sub(r"\d+", "{n}", urlsplit(url).path)
        if url in seen or (per_shape[shape] >= PER_SHAPE and "?" not in url):
            continue
        if "?" in url and per_query[query_key(url)] >= PER_QUERY:
            continue
        seen.add(url)
        per_shape[shape] += 1
        per_query[query_key(url)] += 1
        page = browser.get(url)
        pages += 1
        kind = page.headers.get("content-type", "")
        path = urlsplit(url).path
        if page.status_code != 200 or "text/html" not in kind or path.endswith(DOWNLOADS):
            continue
        if DOCUMENTS.match(path):
            continue
        for action, fields in _post_forms(url, page.text):
            if action in ("/logout",):
                continue
            data, filled = _typed(fields)
            key = (re.sub(r"\d+", "{n}", action), tuple(sorted(filled)))
            if not filled or key in sent:
                continue
            sent.add(key)
            for name in _unbounded(fields):
                problems.append(f"{url} → {action}: input {name} carries no limit")
            answer = browser.post(action, data=data)
            text = answer.text
            if answer.status_code >= 500 or GENERIC in text:
                problems.append(f"{url} → {action}: {answer.status_code} {filled}")
            shown = 'class="error"' in text or 'class="alert"' in text
            if answer.status_code in (400, 409, 413, 422) and not shown:
                problems.append(f"{url} → {action}: {answer.status_code} without its form")
            problems += [f"{url} → {action}: {p}" for p in _undescribed(text)]
        queue.extend(link for link in _links(url, page.text) if link not in seen)
    return problems, len(sent)


@pytest.mark.parametrize("username", ROLES)
def test_every_form_refuses_text_and_numbers_past_their_columns_beside_the_field(username, demo):
    problems, sent = fuzz(demo.login(username))
    assert sent > 0
    assert not problems, "\n".join(sorted(set(problems)))
