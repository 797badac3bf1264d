"""A unit union's contact records spending on a title that has ended and reads, on the API and
on its fund ledger page, what ended it: an application refused or a title out of the management
sequence is not a 命名终止 [Y16][C 三（六）]."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient

from lifecycle.demo.users import DEMO_PASSWORD
from tests.demo_copies import DemoCopy
from tests.integration.web.demo_site import demo_site


def _token(client: TestClient, username: str) -> dict[str, str]:
    issued = client.post(
        "/api/v1/auth/tokens", json={"username": username, "password": DEMO_PASSWORD}
    )
    return {"Authorization": f"Bearer {issued.json()['token']}"}


def test_spending_after_a_refusal_or_an_exit_is_told_as_what_ended_the_title(
    demo_copy: DemoCopy,
) -> None:
    cases = (
        ("unit-xd", "孙立新模具维修技师创新工作室", "rejected", "不予命名"),
        ("unit-sz", "魏德福路面再生工匠创新工作室", "exited", "退出管理序列"),
    )
    with demo_site(demo_copy) as site:
        for username, title, status, words in cases:
            auth = _token(site.client, username)
            listed = site.client.get("/api/v1/designations", params={"q": title}, headers=auth)
            (title_row,) = listed.json()["items"]
            assert title_row["status"] == status
            ended = date.fromisoformat(title_row["ended_on"])
            spent_on = min(ended + timedelta(days=1), demo_copy.as_of)
            designation_id = title_row["id"]
            made = site.client.post(
                f"/api/v1/designations/{designation_id}/expenditures",
                json={
                    "spent_on": spent_on.isoformat(),
                    "amount_yuan": "100.00",
                    "payee": "某书店",
                    "category": "books",
                    "description": "购书",
                    "receipt_ref": f"AE-{designation_id}",
                },
                headers=auth,
            )
            assert made.status_code == 201, made.text
            found = site.client.get(
                f"/api/v1/designations/{designation_id}/findings", headers=auth
            ).json()["items"]
            (after_end,) = [
                f
                for f in found
                if f["kind"] == "after_end" and f["expenditure_id"] == made.json()["id"]
            ]
            ended_cn = f"{ended.year}年{ended.month}月{ended.day}日"
            assert f"元发生在{words}（{ended_cn}）之后" in after_end["message"]
            assert "命名终止（" not in after_end["message"]
            page = site.login(username).get(f"/finance/designations/{designation_id}").text
            assert f"发生在{words}（{ended_cn}）之后" in page
