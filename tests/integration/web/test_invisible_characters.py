"""A text holding a bidi override, isolate or mark, or a zero-width character, is refused beside
its field before anything is stored, on the page and over the API: a 收款方 「\u202e司公某」
shows as 「某公司」 in the ledger and the audit. The flush guard checks every text column as it
checks control characters (`db/limits.py`), so every surface has the same floor."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from lifecycle.db.limits import INVISIBLE_MESSAGE
from tests.integration.web.conftest import Site
from tests.integration.web.test_form_replays import _written
from tests.integration.web.test_form_robustness import _spending_form

DISGUISES = ["\u202e司公某", "上海\u200b书城", "\u2066书城\u2069", "\ufeff书城", "书\u200d城"]


def _beside(html: str, field: str) -> str | None:
    found = re.search(
        rf'id="spend-{field}"[^>]*>\s*<div class="error" id="[^"]+-error">([^<]*)<', html
    )
    return found.group(1) if found else None


@pytest.mark.parametrize("payee", DISGUISES)
def test_a_payee_disguised_by_an_invisible_character_is_refused_beside_it(
    site: Site, payee: str
) -> None:
    unit, action, data = _spending_form(site, payee=payee, description="参考书\u202d籍")
    before = _written(site)
    refused = unit.post(action, data=data)
    assert refused.status_code == 422
    assert _beside(refused.text, "payee") == INVISIBLE_MESSAGE
    assert _beside(refused.text, "description") == INVISIBLE_MESSAGE
    assert 'value="12.00"' in refused.text  # what was typed is kept
    assert _written(site) == before
    data |= {"payee": "上海书城", "description": "参考书籍"}  # corrected, it goes through
    assert unit.post(action, data=data).status_code == 303


def test_over_the_api_the_refusal_names_the_payee_and_purpose_by_their_labels(site: Site) -> None:
    api: TestClient = site.client()
    token = api.post(
        "/api/v1/auth/tokens",
        json={"username": site.usernames["unit"], "password": site.passwords["unit"]},
    ).json()["token"]
    before = _written(site)
    refused = api.post(
        f"/api/v1/designations/{site.designation.id}/expenditures",
        json={"spent_on": "2026-11-02", "amount_yuan": "12.00", "payee": "\u202e司公某",
              "category": "books", "description": "参考\u200b书"},
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    problems = {p["field"]: (p["code"], p["message"]) for p in error["problems"]}
    assert problems == {
        "payee": ("invisible_character", INVISIBLE_MESSAGE),
        "description": ("invisible_character", INVISIBLE_MESSAGE),
    }
    assert error["message"] == f"收款方{INVISIBLE_MESSAGE}；用途说明{INVISIBLE_MESSAGE}"
    assert _written(site) == before
