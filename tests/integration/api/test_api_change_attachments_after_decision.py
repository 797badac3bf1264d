"""A 附件3 request's files after the city's decision and where they are read, over the JSON API
on both backends: the deciding city union attaches its decision document (and the form as it
signed it) once it has decided, nobody else does and no more proofs come; every file is in the
request's 修改记录 (who, when, which file) and listed as 附件 on the printed form [C 三（六）]."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from lifecycle.vocab import Role
from tests.integration.api.conftest import PDF, Api


def _h(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


def _attach(api: Api, role: Role, request_id: int, name: str, kind: str, note: str = "") -> Any:
    return api.client.post(
        f"/api/v1/change-requests/{request_id}/attachments",
        data={"kind": kind, "description": note},
        files={"file": (name, PDF + name.encode(), "application/pdf")},
        headers=_h(api, role),
    )


def _step(api: Api, role: Role, request_id: int, step: str, on: str) -> None:
    body = {"decision": "approve", "decided_on": on, "signer": "签署人", "opinion": "同意"}
    done = api.client.post(
        f"/api/v1/change-requests/{request_id}/{step}", json=body, headers=_h(api, role)
    )
    assert done.status_code == 200, done.text


def test_the_city_attaches_its_decision_document_after_deciding_and_no_one_else(
    api: Api,
) -> None:
    request_id = api.own.change_request
    proof = _attach(api, Role.UNIT_CONTACT, request_id, "死亡证明.pdf", "death_certificate")
    assert proof.status_code == 201, proof.text
    _step(api, Role.UNIT_CONTACT, request_id, "unit", "2026-06-05")
    # Before the city's step no one attaches a decision document, beside 附件类别.
    early = _attach(api, Role.DISTRICT_OFFICER, request_id, "决定.pdf", "decision_document")
    assert early.status_code == 422, early.text
    assert [p["field"] for p in early.json()["error"]["problems"]] == ["kind"]
    assert "当前只能上传" in early.json()["error"]["message"]
    _step(api, Role.DISTRICT_OFFICER, request_id, "district", "2026-06-08")
    _step(api, Role.CITY_OFFICER, request_id, "city", "2026-06-10")

    before = api.writes()
    # The unit and the district are refused, naming the city that decided.
    for role in (Role.UNIT_CONTACT, Role.DISTRICT_OFFICER):
        late = _attach(api, role, request_id, "补充.pdf", "other")
        assert late.status_code == 422, late.text
        error = late.json()["error"]
        assert error["code"] == "request_decided"
        assert "此后只能由作出审定的" in error["message"]
    # The city adds no proofs after its decision: only the decision document or the signed form.
    proof_late = _attach(api, Role.CITY_OFFICER, request_id, "退休证.pdf", "retirement_proof")
    assert proof_late.status_code == 422
    assert "审定决定文件" in proof_late.json()["error"]["message"]
    assert api.writes() == before

    decision = _attach(
        api, Role.CITY_OFFICER, request_id, "市总工会批复.pdf", "decision_document", "沪工批2026-8"
    )
    assert decision.status_code == 201, decision.text
    body = decision.json()
    assert (body["kind"], body["step"], body["filename"]) == (
        "decision_document",
        "city",
        "市总工会批复.pdf",
    )
    listed = api.client.get(
        f"/api/v1/change-requests/{request_id}", headers=_h(api, Role.UNIT_CONTACT)
    ).json()["attachments"]
    assert [a["kind"] for a in listed][-2:] == ["death_certificate", "decision_document"]


def test_every_file_is_in_the_history_and_listed_on_the_printed_form(api: Api) -> None:
    request_id = api.own.change_request
    for name, kind, note in (
        ("附件3-盖章.pdf", "signed_form", ""),
        ("死亡证明.pdf", "death_certificate", "医院出具"),
    ):
        done = _attach(api, Role.UNIT_CONTACT, request_id, name, kind, note)
        assert done.status_code == 201, done.text

    audit = api.client.get(
        f"/api/v1/change-requests/{request_id}/audit", headers=_h(api, Role.CITY_OFFICER)
    )
    assert audit.status_code == 200, audit.text
    files = [e for e in audit.json()["items"] if e["entity"] == "change_request_attachments"]
    files = files[-2:]  # the world's request already holds a file; these are the test's
    assert [(e["action"], e["after"]["kind"]) for e in files] == [
        ("insert", "signed_form"),
        ("insert", "death_certificate"),
    ]
    unit_user = api.callers[Role.UNIT_CONTACT].principal
    assert {e["user_id"] for e in files} == {unit_user.user_id}
    assert audit.json()["total"] >= len(files) + 1  # the request's own entries too

    html = api.client.get(
        f"/api/v1/change-requests/{request_id}/html", headers=_h(api, Role.DISTRICT_OFFICER)
    )
    pdf = api.client.get(
        f"/api/v1/change-requests/{request_id}/pdf", headers=_h(api, Role.DISTRICT_OFFICER)
    )
    assert html.status_code == pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for printed in ("".join(text.split()), html.text):
        assert "附件：" in printed
        assert "1．死亡证明（医院出具）：死亡证明.pdf" in printed
        # The scan of this very form, once stamped, is not listed on it.
        assert "附件3-盖章.pdf" not in printed
