"""The stamped 附件3 and its proofs attached to a change request over the JSON API, on both
backends: by the union acting at the request's step or the one that filed it, listed in the
request's JSON, downloaded inside the caller's scope only; a bad file is refused whole, in
Chinese, nothing written [C 三（六）]."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from lifecycle.changes.model import ChangeRequestAttachment
from lifecycle.vocab import Role
from tests.integration.api.conftest import PDF, Api

# An upload of a type not taken, as the field's refusal words it.
WRONG_TYPE = "不接受此类文件（只接受 PDF、PNG、JPG、JPEG、DOCX、XLSX）"

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _h(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


def _attach(
    api: Api, role: Role, request_id: int, name: str, data: bytes, kind: str = "signed_form"
) -> Any:
    return api.client.post(
        f"/api/v1/change-requests/{request_id}/attachments",
        data={"kind": kind, "description": "三方签字盖章"},
        files={"file": (name, data, "application/octet-stream")},
        headers=_h(api, role),
    )


def _count(api: Api) -> int:
    with api.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(ChangeRequestAttachment)) or 0)


def _step(api: Api, role: Role, request_id: int, step: str, on: str) -> None:
    body = {"decision": "approve", "decided_on": on, "signer": "签署人", "opinion": "同意"}
    done = api.client.post(
        f"/api/v1/change-requests/{request_id}/{step}", json=body, headers=_h(api, role)
    )
    assert done.status_code == 200, done.text


def test_the_unit_attaches_the_stamped_form_and_officers_download_it(api: Api) -> None:
    request_id = api.own.change_request  # filed by the unit union, waiting for its opinion
    attached = _attach(api, Role.UNIT_CONTACT, request_id, "附件3-盖章.pdf", PDF + b"stamped")
    assert attached.status_code == 201, attached.text
    body = attached.json()
    assert (body["kind"], body["step"], body["filename"]) == (
        "signed_form",
        "unit",
        "附件3-盖章.pdf",
    )
    assert (body["acting_union_id"], body["content_type"]) == (api.tree.unit.id, "application/pdf")

    # Listed in the request's JSON, for the district and the city that decide on it.
    for role in (Role.DISTRICT_OFFICER, Role.CITY_OFFICER):
        seen = api.client.get(f"/api/v1/change-requests/{request_id}", headers=_h(api, role))
        assert body["id"] in [a["id"] for a in seen.json()["attachments"]]
        got = api.client.get(
            f"/api/v1/change-requests/{request_id}/attachments/{body['id']}", headers=_h(api, role)
        )
        assert got.status_code == 200
        assert got.content == PDF + b"stamped"
        assert got.headers["content-type"] == "application/pdf"
        assert "filename*=UTF-8''" in got.headers["content-disposition"]


def test_a_bad_file_is_refused_in_chinese_and_nothing_is_written(api: Api) -> None:
    request_id = api.own.change_request
    before, attachments = api.writes(), _count(api)
    cases = [
        (
            "证明.exe",
            b"MZ\x90\x00",
            "file_type_refused",
            WRONG_TYPE,
        ),
        ("证明.pdf", PNG, "file_content_mismatch", "文件内容与扩展名不符"),
        ("空.pdf", b"", "empty_file", "文件为空"),
        ("大.pdf", PDF + b"\x00" * (10 * 1024 * 1024), "file_too_large", "文件不能超过 10 MB"),
    ]
    for name, data, code, words in cases:
        refused = _attach(api, Role.UNIT_CONTACT, request_id, name, data)
        assert refused.status_code == 422, refused.text
        problems = refused.json()["error"]["problems"]
        assert any(p["code"] == code and words in p["message"] for p in problems), problems
        assert all(p["field"].startswith("file") for p in problems)
    # A wrong kind and a wrong file are named together.
    both = _attach(api, Role.UNIT_CONTACT, request_id, "x.txt", b"hello", kind="photo")
    assert both.status_code == 422
    fields = {p["field"] for p in both.json()["error"]["problems"]}
    assert fields == {"kind", "file"}
    assert "请选择附件类别" in both.json()["error"]["message"]
    assert api.writes() == before
    assert _count(api) == attachments


def test_only_the_acting_or_filing_union_attaches_and_never_another_district(api: Api) -> None:
    request_id = api.own.change_request
    before = api.writes()
    # Waiting for the unit union: the district union neither acts now nor filed it.
    early = _attach(api, Role.DISTRICT_OFFICER, request_id, "审核意见.pdf", PDF + b"d1")
    assert early.status_code == 403
    assert early.json()["error"]["code"] == "not_your_step"
    assert "当前工会无权上传" in early.json()["error"]["message"]
    # Finance holds no 附件3 role at all.
    finance = _attach(api, Role.FINANCE, request_id, "x.pdf", PDF + b"f")
    assert finance.status_code == 403
    # Another district's request and its files are not found (as if absent).
    other = api.other.change_request
    crossing = _attach(api, Role.UNIT_CONTACT, other, "x.pdf", PDF + b"o")
    assert crossing.status_code == 404
    for role in (Role.DISTRICT_OFFICER, Role.UNIT_CONTACT, Role.FINANCE):
        hidden = api.client.get(
            f"/api/v1/change-requests/{other}/attachments/{api.other.change_attachment}",
            headers=_h(api, role),
        )
        assert hidden.status_code == 404
    # An attachment is only found under its own request.
    wrong = api.client.get(
        f"/api/v1/change-requests/{request_id}/attachments/{api.other.change_attachment}",
        headers=_h(api, Role.CITY_OFFICER),
    )
    assert wrong.status_code == 404
    assert api.writes() == before

    # At the district's step the district attaches; the unit, having filed, still may.
    _step(api, Role.UNIT_CONTACT, request_id, "unit", "2026-06-05")
    district = _attach(api, Role.DISTRICT_OFFICER, request_id, "审核.pdf", PDF + b"d2")
    assert (district.status_code, district.json()["step"]) == (201, "district"), district.text
    assert (
        _attach(
            api, Role.UNIT_CONTACT, request_id, "退休证.png", PNG, "retirement_proof"
        ).status_code
        == 201
    )
    city_early = _attach(api, Role.CITY_OFFICER, request_id, "审定.pdf", PDF + b"c1")
    assert (city_early.status_code, city_early.json()["error"]["code"]) == (403, "not_your_step")
    # At the city's step the city attaches; the district (not the filer) no longer does.
    _step(api, Role.DISTRICT_OFFICER, request_id, "district", "2026-06-08")
    city = _attach(api, Role.CITY_OFFICER, request_id, "审定.pdf", PDF + b"c2")
    assert (city.status_code, city.json()["step"]) == (201, "city"), city.text
    late = _attach(api, Role.DISTRICT_OFFICER, request_id, "补充.pdf", PDF + b"d3")
    assert (late.status_code, late.json()["error"]["code"]) == (403, "not_your_step")
    # Once decided, only the deciding city attaches (its decision document: see
    # test_api_change_attachments_after_decision.py); the unit no longer does.
    _step(api, Role.CITY_OFFICER, request_id, "city", "2026-06-10")
    closed = _attach(api, Role.UNIT_CONTACT, request_id, "补充.pdf", PDF + b"u3")
    assert (closed.status_code, closed.json()["error"]["code"]) == (422, "request_decided")
    listed = api.client.get(
        f"/api/v1/change-requests/{request_id}", headers=_h(api, Role.UNIT_CONTACT)
    ).json()["attachments"]
    assert [(a["step"], a["kind"]) for a in listed] == [
        ("unit", "signed_form"),
        ("district", "signed_form"),
        ("district", "retirement_proof"),
        ("city", "signed_form"),
    ]
