"""Every page form that writes is a one-time form the browser does not refill: it carries the
``csrf()`` macro's one-time key, and ``autocomplete="off"`` stops Chromium restoring typed values
into the form fetched again on Back (pages are ``no-store``), where a new key would let the same
entry be recorded twice (``api.web.once``)."""

from __future__ import annotations

import re
from pathlib import Path

import api.web

TEMPLATES = Path(api.web.__file__).parent / "templates"
# Signing in and out write no record: no one-time key, and the login form may be autofilled.
NOT_RECORDS = {("login.html", "/login"), ("base.html", "/logout")}
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)


def _post_forms() -> list[tuple[str, str, str, str]]:
    """(template, action, the form tag's attributes, its body) of every form that posts."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for attrs, body in FORM.findall(path.read_text(encoding="utf-8")):
            if 'method="post"' in attrs:
                action = re.search(r'action="([^"]*)"', attrs)
                name = str(path.relative_to(TEMPLATES))
                found.append((name, action.group(1) if action else "", attrs, body))
    return found


def test_every_form_that_records_carries_a_one_time_key_and_is_not_refilled() -> None:
    forms = [f for f in _post_forms() if (f[0], f[1]) not in NOT_RECORDS]
    assert len(forms) > 50
    unkeyed = [(name, action) for name, action, _, body in forms if "csrf()" not in body]
    refilled = [
        (name, action) for name, action, attrs, _ in forms if 'autocomplete="off"' not in attrs
    ]
    assert unkeyed == []
    assert refilled == []
