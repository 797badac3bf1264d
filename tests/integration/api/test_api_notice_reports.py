"""The written 整改 report over the JSON API on both backends: the sector/street union a 整改通知
is addressed to sends it, dated within the notice's period, with its file; the issuing district
and the unit read and download it; any other union, a closed notice or a bad day, note or file
is refused whole, nothing written [Y12]."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from lifecycle.accounts.service import issue_token
from lifecycle.reminders.model import OutboxMessage
from lifecycle.vocab import Role
from notifications.messages import render_payload
from tests import factories as f
from tests.integration.api.conftest import NOW, PDF, Api


def _sector(api: Api) -> dict[str, str]:
    with api.uow() as u:
        principal, _ = f.user(u, Role.DISTRICT_OFFICER, api.tree.sector.id)
        token = issue_token(u, principal, "整改报告", NOW).plaintext
        u.commit()
    return {"Authorization": f"Bearer {token}"}


def _send(api: Api, headers: dict[str, str], notice: int, on: str, name: str, data: bytes) -> Any:
    return api.client.post(
        f"/api/v1/notices/{notice}/reports",
        data={"reported_on": on, "description": "整改完成"},
        files={"file": (name, data, "application/octet-stream")},
        headers=headers,
    )


def test_the_addressed_sector_union_sends_its_report_and_the_district_reads_it(api: Api) -> None:
    notice = api.own.notice  # issued 2026-03-10 by the district, addressed to the sector union
    with api.uow() as u:
        kept = u.notices.get(notice, f.SYSTEM_SCOPE)
        assert kept is not None
        issued_on, deadline, number = kept.issued_on, kept.deadline, kept.number
        assert kept.addressee_union_id == api.tree.sector.id
    sector = _sector(api)
    district = api.callers[Role.DISTRICT_OFFICER].headers
    listed = api.client.get(f"/api/v1/notices/{notice}/reports", headers=district)
    assert [r["id"] for r in listed.json()["items"]] == [api.own.report]

    before = api.writes()
    # Before the notice, a bad file: both named at once; after the deadline: refused.
    early = _send(api, sector, notice, "2026-03-01", "报告.exe", b"MZ\x90\x00")
    assert early.status_code == 422, early.text
    fields = sorted(p["field"] for p in early.json()["error"]["problems"])
    assert fields == ["file", "reported_on"]
    assert "不能早于整改通知的发文日期（2026年3月10日）" in early.text
    late = _send(api, sector, notice, f.AS_OF.isoformat(), "报告.pdf", PDF + b"late")
    assert late.status_code == 422
    assert late.json()["error"]["problems"][0]["code"] == "after_deadline"
    # The issuing district is not the addressee; the unit and finance hold no such step.
    refused = _send(api, district, notice, "2026-03-25", "报告.pdf", PDF + b"d")
    assert refused.status_code == 403
    assert "主送单位五角场街道总工会报送" in refused.json()["error"]["message"]
    assert "第十二条" in refused.json()["error"]["message"]
    for role in (Role.UNIT_CONTACT, Role.FINANCE, Role.CITY_OFFICER):
        headers = api.callers[role].headers
        assert _send(api, headers, notice, "2026-03-25", "r.pdf", PDF).status_code == 403
    assert api.writes() == before

    sent = _send(api, sector, notice, "2026-03-25", "整改情况报告.pdf", PDF + b"report")
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert (body["reported_on"], body["union_id"], body["filename"]) == (
        "2026-03-25",
        api.tree.sector.id,
        "整改情况报告.pdf",
    )
    assert issued_on.isoformat() <= body["reported_on"] <= deadline.isoformat()
    listed = api.client.get(f"/api/v1/notices/{notice}/reports", headers=district).json()["items"]
    assert [r["id"] for r in listed] == [api.own.report, body["id"]]
    for headers in (district, api.callers[Role.UNIT_CONTACT].headers):
        got = api.client.get(f"/api/v1/notices/{notice}/reports/{body['id']}", headers=headers)
        assert (got.status_code, got.content) == (200, PDF + b"report")
        assert got.headers["content-type"] == "application/pdf"
    # The issuing district's contact is told by mail (sent after the commit, by the outbox).
    with api.uow() as u:
        (mail,) = u.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.dedup_key.startswith(f"notice-report:{body['id']}:")
            )
        )
        assert mail.recipient_name == "王干事"
        (item,) = mail.payload["items"]
        assert item["title"] == f"五角场街道总工会已报送整改情况报告（{number}）"
        assert item["step_label"] == "2026年3月25日报送"
        assert item["link"] == f"/notices/{notice}#reports"
        rendered = render_payload(mail.kind, mail.payload, "https://gh.example.cn")
    assert f"https://gh.example.cn/notices/{notice}#reports" in rendered.text
    assert "请在整改期限前组织复查并录入复查结论" in rendered.text


def test_a_closed_notice_takes_no_report_and_another_district_finds_none(api: Api) -> None:
    notice = api.own.notice
    with api.uow() as u:
        kept = u.notices.get(notice, f.SYSTEM_SCOPE)
        assert kept is not None
        deadline = kept.deadline
    district = api.callers[Role.DISTRICT_OFFICER].headers
    revoked = api.client.post(
        f"/api/v1/notices/{notice}/revocation",
        json={"decided_on": f.AS_OF.isoformat(), "decision_ref": "杨工〔2026〕30号"},
        headers=district,
    )
    assert revoked.status_code == 200, revoked.text
    closed = _send(api, _sector(api), notice, deadline.isoformat(), "r.pdf", PDF + b"c")
    assert closed.status_code == 409
    assert closed.json()["error"]["code"] == "notice_closed"
    assert "已撤牌" in closed.json()["error"]["message"]
    other = api.other.notice
    for role in (Role.UNIT_CONTACT, Role.DISTRICT_OFFICER):
        headers = api.callers[role].headers
        hidden = api.client.get(
            f"/api/v1/notices/{other}/reports/{api.other.report}", headers=headers
        )
        assert hidden.status_code == 404
        assert (
            api.client.get(f"/api/v1/notices/{other}/reports", headers=headers).status_code == 404
        )


def test_an_unreadable_report_names_its_fields_as_the_notice_page_does(api: Api) -> None:
    """A report sent with an impossible day, no file and a note past 200 characters is refused
    naming each field in the page's words — 报送日期, 书面报告, 说明 — not 「有一项输入…」,
    「文件…」 or 「简介…」; nothing is written."""
    notice, sector = api.own.notice, _sector(api)
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/notices/{notice}/reports",
        data={"reported_on": "2026-02-30", "description": "补" * 201},
        headers=sector,
    )
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert sorted(p["field"] for p in error["problems"]) == ["description", "file", "reported_on"]
    said = error["message"].split("；")
    assert sorted(said) == sorted(
        ["报送日期有误：没有2026-02-30这一天", "书面报告必填", "说明不能超过200个字符"]
    )
    assert api.writes() == before
