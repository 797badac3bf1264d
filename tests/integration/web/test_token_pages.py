"""A user's own API tokens in the pages (the twin of /api/v1/me/tokens): listed with when they
were made, expire and were last used; made with the API's expiry default and bounds (or never),
the secret shown once; revoked; a name with a bidi or zero-width character refused beside it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lifecycle.accounts.service import DEFAULT_TOKEN_DAYS
from lifecycle.clock import to_shanghai
from tests.integration.web.conftest import NOW, Site, csrf_of

TOKENS = "/account/tokens"


def _issue(browser, page: str, **fields: str):  # type: ignore[no-untyped-def]
    data = {"csrf_token": csrf_of(page, TOKENS), **fields}
    return browser.post(TOKENS, data=data)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_user_makes_lists_uses_and_revokes_their_own_token_through_the_page(
    site: Site,
) -> None:
    district = site.login("district")
    dashboard = district.get("/dashboard").text
    assert '<a href="/account/tokens">API 令牌</a>' in dashboard  # in the user's own menu
    page = district.get(TOKENS)
    assert page.status_code == 200
    assert "您还没有 API 令牌" in page.text
    assert f'value="{DEFAULT_TOKEN_DAYS}"' in page.text  # the API's default offered

    made = _issue(district, page.text, name="报表脚本", expires_in_days="30")
    assert made.status_code == 200, made.text
    assert made.headers["cache-control"] == "no-store"
    secret = made.text.split('id="issued-token" type="text" readonly value="')[1].split('"')[0]
    assert secret.startswith("wst_")
    expires = to_shanghai(NOW + timedelta(days=30)).strftime("%Y年%-m月%-d日 %H:%M")
    assert expires in made.text
    assert "未使用" in made.text

    # The secret works on the API and is never shown again.
    assert site.app_client.get("/api/v1/me", headers=_bearer(secret)).status_code == 200
    again = district.get(TOKENS).text
    assert secret not in again
    assert "报表脚本" in again
    assert to_shanghai(NOW).strftime("%Y年%-m月%-d日 %H:%M") in again  # made, and last used
    assert "未使用" not in again

    forever = _issue(district, again, name="长期同步", expires_in_days="", never="1")
    assert forever.status_code == 200, forever.text
    assert "不设期限" in forever.text.split('id="tokens"')[1]

    with site.uow() as u:
        mine = {
            t.name: (t.id, t.expires_at) for t in u.accounts.tokens_of(_user_id(site, "district"))
        }
    assert mine["长期同步"][1] is None
    assert mine["报表脚本"][1] == NOW + timedelta(days=30)
    listed = district.get(TOKENS).text
    action = f"/account/tokens/{mine['报表脚本'][0]}/revoke"
    revoked = district.post(action, data={"csrf_token": csrf_of(listed, action)})
    assert revoked.status_code == 303
    shown = district.get(revoked.headers["location"]).text
    assert "令牌已吊销" in shown
    assert "已吊销（" in shown
    assert site.app_client.get("/api/v1/me", headers=_bearer(secret)).status_code == 401


def _user_id(site: Site, who: str) -> int:
    with site.uow() as u:
        found = u.accounts.user_by_username(site.usernames[who])
        assert found is not None
        return found.id


def test_bad_names_and_days_are_refused_beside_their_fields_typed_values_kept_nothing_issued(
    site: Site,
) -> None:
    finance = site.login("finance")
    page = finance.get(TOKENS).text
    cases = [
        ({"name": "脚本\u202eexe.txt", "expires_in_days": "30"}, {"name": "不可见字符"}),
        ({"name": "零宽\u200b名", "expires_in_days": "30"}, {"name": "不可见字符"}),
        ({"name": "", "expires_in_days": "0"}, {"name": "不能为空", "expires_in_days": "1至3650"}),
        (
            {"name": "\u2066隔离", "expires_in_days": "十天"},
            {"name": "不可见字符", "expires_in_days": "应为整数"},
        ),
        ({"name": "好名字", "expires_in_days": "3651"}, {"expires_in_days": "1至3650"}),
    ]
    for fields, expected in cases:
        refused = _issue(finance, page, **fields)
        assert refused.status_code == 422, fields
        for field, words in expected.items():
            beside = refused.text.split(f'id="{field}-error">')[1].split("</div>")[0]
            assert words in beside, (fields, beside)
        assert f'value="{fields["expires_in_days"]}"' in refused.text  # typed days kept
        assert "issued-token" not in refused.text
    with site.uow() as u:
        assert list(u.accounts.tokens_of(_user_id(site, "finance"))) == []


def test_a_user_cannot_revoke_another_users_token_from_the_page(site: Site) -> None:
    district = site.login("district")
    page = district.get(TOKENS).text
    assert _issue(district, page, name="自己的", expires_in_days="10").status_code == 200
    with site.uow() as u:
        (token_id,) = [t.id for t in u.accounts.tokens_of(_user_id(site, "district"))]
    other = site.login("other")
    listed = other.get(TOKENS).text
    assert "自己的" not in listed  # only one's own are listed
    action = f"/account/tokens/{token_id}/revoke"
    refused = other.post(action, data={"csrf_token": csrf_of(listed, TOKENS)})
    assert refused.status_code == 404
    with site.uow() as u:
        (still,) = u.accounts.tokens_of(_user_id(site, "district"))
        assert still.revoked_at is None


def test_ones_tokens_are_listed_a_page_at_a_time_newest_first(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script that makes a token a day is not answered with every token of its years at once
    (before: the whole list): the newest first, a page at a time, a page past the last the last."""
    monkeypatch.setattr("api.web.account.PER_PAGE", 2)
    district = site.login("district")
    for name in ("第一", "第二", "第三"):
        made = _issue(district, district.get(TOKENS).text, name=name, expires_in_days="30")
        assert made.status_code == 200, made.text
    first = district.get(TOKENS).text
    assert first.index("第三") < first.index("第二")
    assert "第一" not in first
    assert "共 3 个，第 1–2 个" in first
    assert 'href="?page=2"' in first
    second = district.get(f"{TOKENS}?page=2").text
    assert "第一" in second
    assert "第二" not in second
    assert "第三" not in second
    past = district.get(f"{TOKENS}?page=9").text
    assert "第 9 页超出范围（共 2 页），已显示最后一页" in past
    assert "第一" in past
