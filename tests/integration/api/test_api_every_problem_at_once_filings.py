"""A 附件3, a naming, a leader event and an intake body refused for a type error also name their
required texts sent as spaces only (or left out where another field requires them), in the same
422, by the use case's own check of each: before, those came in a second answer once the type
error was fixed. The ids in the paths need not exist: the body is read before any record."""

from __future__ import annotations

from typing import Any

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api
from tests.integration.api.test_api_every_problem_at_once_texts import _every, _same_later

NOT_A_DAY = "应为日期"


def _post(api: Api, role: Role, url: str, body: dict[str, Any]) -> Any:
    return api.client.post(url, json=body, headers=api.callers[role].headers)


def test_a_change_request_names_its_blank_texts_beside_a_type_error(api: Api) -> None:
    before = api.writes()
    d = api.own.designation
    filing = {"reason": "retired", "reason_details": "  ", "measure": "exit_keeping_title",
              "filed_on": "2026-13-01"}  # fmt: skip
    _every(
        _post(api, Role.UNIT_CONTACT, f"/api/v1/designations/{d}/change-requests", filing),
        {"filed_on": "没有2026-13-01这一天", "reason_details": "申请原因具体情况不能为空"},
    )
    r = api.own.change_request
    back = {"decision": "send_back", "decided_on": "x", "signer": " ", "opinion": "  "}
    _every(
        _post(api, Role.DISTRICT_OFFICER, f"/api/v1/change-requests/{r}/district", back),
        {"decided_on": NOT_A_DAY, "signer": "签署人不能为空", "opinion": "退回理由不能为空"},
    )
    agree = back | {"decision": "approve"}
    _every(
        _post(api, Role.UNIT_CONTACT, f"/api/v1/change-requests/{r}/unit", agree),
        {"decided_on": NOT_A_DAY, "signer": "签署人不能为空", "opinion": "意见不能为空"},
    )
    gone = {"withdrawn_on": "x", "signer": " ", "reason": " "}
    _every(
        _post(api, Role.UNIT_CONTACT, f"/api/v1/change-requests/{r}/withdraw", gone),
        {"withdrawn_on": NOT_A_DAY, "signer": "签署人不能为空", "reason": "撤回理由不能为空"},
    )
    again = {"resubmitted_on": "x", "signer": " ", "reason": "retired", "reason_details": " ",
             "measure": "exit_keeping_title", "note": "  "}  # fmt: skip
    _every(
        _post(api, Role.UNIT_CONTACT, f"/api/v1/change-requests/{r}/resubmit", again),
        {"resubmitted_on": NOT_A_DAY, "signer": "填报人不能为空",
         "reason_details": "申请原因具体情况不能为空", "note": "重新提交说明不能为空"},
    )  # fmt: skip
    assert api.writes() == before


def test_a_leader_event_and_a_direct_change_name_their_blank_texts(api: Api) -> None:
    before = api.writes()
    url = f"/api/v1/workshops/{api.own.workshop}/leader-events"
    other = {"kind": "other", "occurred_on": "x", "source": "  "}  # 具体情况 left out
    first = _every(
        _post(api, Role.UNIT_CONTACT, url, other),
        {"occurred_on": NOT_A_DAY, "source": "信息来源不能为空", "details": "具体情况不能为空"},
    )
    fixed = other | {"occurred_on": "2026-11-01"}
    _same_later(_post(api, Role.UNIT_CONTACT, url, fixed), first, ("source", "details"))
    # An event of another kind may leave 具体情况 out.
    _every(
        _post(api, Role.UNIT_CONTACT, url, other | {"kind": "retirement"}),
        {"occurred_on": NOT_A_DAY, "source": "信息来源不能为空"},
    )
    change = {"new_leader_person_id": "x", "effective_on": "2026-11-01", "reason": "   "}
    _every(
        _post(api, Role.DISTRICT_OFFICER,
              f"/api/v1/designations/{api.own.designation}/leader-change", change),
        {"new_leader_person_id": "应为整数", "reason": "变更事由不能为空"},
    )  # fmt: skip
    assert api.writes() == before


def test_a_naming_names_its_blank_texts_beside_a_type_error(api: Api) -> None:
    before = api.writes()
    existing = {"workshop_id": api.own.workshop, "scheme": "yangpu-district", "title": " ",
                "number": " ", "naming_date": "x", "decision_ref": " ", "status": "revoked",
                "ended_on": "2025-01-01"}  # fmt: skip
    _every(
        _post(api, Role.DISTRICT_OFFICER, "/api/v1/designations/existing", existing),
        {"naming_date": NOT_A_DAY, "title": "工作室称号不能为空", "number": "命名编号不能为空",
         "decision_ref": "命名文号不能为空", "end_ref": "撤牌或退出决定文号不能为空"},
    )  # fmt: skip
    d = api.own.designation
    _every(
        _post(api, Role.DISTRICT_OFFICER, f"/api/v1/designations/{d}/rejection",
              {"decided_on": "x", "reason": " "}),
        {"decided_on": NOT_A_DAY, "reason": "事由不能为空"},
    )  # fmt: skip
    naming = {"title": " ", "number": "杨浦 2026-1", "naming_date": "x", "decision_ref": " "}
    _every(
        _post(api, Role.DISTRICT_OFFICER, f"/api/v1/designations/{d}/naming", naming),
        {"naming_date": NOT_A_DAY, "title": "工作室称号不能为空",
         "decision_ref": "命名文号不能为空"},
    )  # fmt: skip
    assert api.writes() == before


def test_an_intake_body_names_its_blank_texts_beside_a_type_error(api: Api) -> None:
    before = api.writes()
    call = {"scheme": "yangpu-district", "year": 2026, "title": "  ", "opens_on": "x",
            "deadline": "2026-12-31"}  # fmt: skip
    _every(
        _post(api, Role.DISTRICT_OFFICER, "/api/v1/intake/calls", call),
        {"opens_on": NOT_A_DAY, "title": "通知标题不能为空"},
    )
    a = api.own.intake
    step = {"stage": "unit", "action": "return", "decided_on": "x", "signer": " "}
    _every(  # a return says why: the opinion left out is named
        _post(api, Role.UNIT_CONTACT, f"/api/v1/intake/applications/{a}/steps", step),
        {"decided_on": NOT_A_DAY, "signer": "签署人不能为空（100字以内）",
         "opinion": "退回或不同意须写明理由"},
    )  # fmt: skip
    for stage, words in (("council", "不予命名须写明理由"), ("recommend", "不予推荐须写明理由")):
        _every(  # a refusal at the decision or the batch is named as what the stage decides
            _post(api, Role.DISTRICT_OFFICER, f"/api/v1/intake/applications/{a}/steps",
                  step | {"stage": stage, "action": "reject", "opinion": " "}),
            {"decided_on": NOT_A_DAY, "signer": "签署人不能为空（100字以内）", "opinion": words},
        )  # fmt: skip
    _every(  # agreeing needs none
        _post(api, Role.UNIT_CONTACT, f"/api/v1/intake/applications/{a}/steps",
              step | {"action": "approve"}),
        {"decided_on": NOT_A_DAY, "signer": "签署人不能为空（100字以内）"},
    )  # fmt: skip
    _every(
        _post(api, Role.UNIT_CONTACT, f"/api/v1/intake/applications/{a}/withdraw",
              {"decided_on": "x", "signer": " ", "reason": "  "}),
        {"decided_on": NOT_A_DAY, "signer": "签署人不能为空（100字以内）",
         "reason": "撤回申报须写明理由"},
    )  # fmt: skip
    _every(
        _post(api, Role.DISTRICT_OFFICER, f"/api/v1/intake/batches/{api.own.batch}/submit",
              {"signer": " ", "expected_version": "x"}),
        {"expected_version": "应为整数", "signer": "签署人不能为空（100字以内）"},
    )  # fmt: skip
    naming = {"application_ids": [a], "document_ref": " ", "decided_on": "x", "signer": " "}
    _every(
        _post(api, Role.DISTRICT_OFFICER, f"/api/v1/intake/calls/{api.own.call}/naming", naming),
        {"decided_on": NOT_A_DAY, "document_ref": "命名文号不能为空",
         "signer": "签署人不能为空"},
    )  # fmt: skip
    assert api.writes() == before


def test_a_continuation_consent_form_names_its_blank_signers_beside_a_bad_date(api: Api) -> None:
    """A multipart body's fields are read by their rules as a JSON body's are [Y13]."""
    before = api.writes()
    got = api.client.post(
        f"/api/v1/designations/{api.own.designation}/continuation-consents",
        data={"leader_consented_on": "2026-02-30", "leader_signer": "  ",
              "unit_consented_on": "2026-11-02", "unit_signer": " "},
        files={"file": ("同意书.pdf", b"%PDF-1.4\n", "application/pdf")},
        headers=api.callers[Role.UNIT_CONTACT].headers,
    )  # fmt: skip
    _every(
        got,
        {"leader_consented_on": "没有2026-02-30这一天", "leader_signer": "本人签名不能为空",
         "unit_signer": "单位签署人不能为空"},
    )  # fmt: skip
    assert api.writes() == before
