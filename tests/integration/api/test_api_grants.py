"""API: finance records, corrects and voids grants [Y14][S10]; JSON errors name the field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lifecycle.accounts.service import issue_token
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.schemes.leshan_city import CODE as LESHAN
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api


def test_correct_then_void_a_grant_keeps_it_visible_and_counts_it_no_more(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    grant_id = api.own.grant
    corrected = api.client.post(
        f"/api/v1/grants/{grant_id}/correction",
        headers=finance,
        json={"reason": "到账日期录入有误", "paid_on": "2026-10-09", "expected_version": 1},
    )
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert body["grant"]["paid_on"] == "2026-10-09"
    assert body["grant"]["version"] == 2
    assert body["grant"]["correction_reason"] == "到账日期录入有误"
    stale = api.client.post(
        f"/api/v1/grants/{grant_id}/void",
        headers=finance,
        json={"reason": "误录", "expected_version": 1},
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    voided = api.client.post(
        f"/api/v1/grants/{grant_id}/void",
        headers=finance,
        json={"reason": "误录", "expected_version": 2},
    )
    assert voided.status_code == 200, voided.text
    assert voided.json()["grant"]["voided"] is True
    grants = api.client.get(f"/api/v1/designations/{api.own.designation}/grants", headers=finance)
    assert [(g["id"], g["voided"]) for g in grants.json()["items"]] == [(grant_id, True)]
    ledger = api.client.get(
        f"/api/v1/designations/{api.own.designation}/fund-ledger", headers=finance
    ).json()
    assert ledger["received_fen"] == 0
    again = api.client.post(
        f"/api/v1/grants/{grant_id}/correction",
        headers=finance,
        json={"reason": "再改", "approval_ref": "新号"},
    )
    assert again.status_code == 422
    assert again.json()["error"]["code"] == "voided"


def test_a_grants_audit_trail_shows_each_correction_before_and_after(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    grant_id = api.own.grant
    corrected = api.client.post(
        f"/api/v1/grants/{grant_id}/correction",
        headers=finance,
        json={"reason": "到账日期录入有误", "paid_on": "2026-10-09", "expected_version": 1},
    )
    assert corrected.status_code == 200, corrected.text
    trail = api.client.get(f"/api/v1/grants/{grant_id}/audit", headers=finance)
    assert trail.status_code == 200, trail.text
    body = trail.json()
    assert body["total"] == 2
    created, changed = body["items"]
    assert (created["action"], changed["action"]) == ("insert", "update")
    assert created["entity"] == "funding_grants"
    assert changed["before"]["correction_reason"] is None
    assert changed["after"]["correction_reason"] == "到账日期录入有误"
    assert changed["after"]["paid_on"] == "2026-10-09"
    assert changed["before"]["paid_on"] == created["after"]["paid_on"]
    city = api.callers[Role.CITY_OFFICER].headers
    assert api.client.get(f"/api/v1/grants/{grant_id}/audit", headers=city).status_code == 200
    contact = api.callers[Role.UNIT_CONTACT].headers
    refused = api.client.get(f"/api/v1/grants/{grant_id}/audit", headers=contact)
    assert refused.status_code == 403
    elsewhere = api.client.get(f"/api/v1/grants/{api.other.grant}/audit", headers=finance)
    assert elsewhere.status_code == 404


def test_recording_a_grant_and_refusals_are_json_with_the_field(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    path = f"/api/v1/designations/{api.own.designation}/grants"
    duplicate = api.client.post(
        path,
        headers=finance,
        json={"kind": "one_off", "approval_ref": "杨工〔2026〕8号", "approved_on": "2026-11-01"},
    )
    assert duplicate.status_code == 422
    codes = {p["code"] for p in duplicate.json()["error"]["problems"]}
    assert codes == {"duplicate_one_off"}  # 整改中 still holds the title: only the duplicate
    # It says the grant is already on record and where its arrival goes, not 「已拨付」.
    (message,) = [p["message"] for p in duplicate.json()["error"]["problems"]]
    # The same rule text as the ledger page's note, citing the article [Y14].
    assert message.startswith(
        "该命名的一次性补贴已登记，每个命名只拨付一次（《杨浦区劳模（先进）、技师创新工作室管理办法》"
        "第十四条），不能重复登记（已登记的为"
    )
    assert message.endswith("款项到账请在该笔补贴上「登记到账」")
    bad = api.client.post(
        f"/api/v1/grants/{api.own.grant}/correction",
        headers=finance,
        json={"reason": "改金额", "amount_yuan": "100.005"},
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "amount_yuan"
    contact = api.callers[Role.UNIT_CONTACT].headers
    refused = api.client.post(
        f"/api/v1/grants/{api.own.grant}/void", headers=contact, json={"reason": "无权"}
    )
    assert refused.status_code == 403
    elsewhere = api.client.post(
        f"/api/v1/grants/{api.other.grant}/void", headers=finance, json={"reason": "越界"}
    )
    assert elsewhere.status_code == 404


def test_a_grant_approved_while_named_is_entered_after_the_revocation_not_one_approved_after(
    api: Api,
) -> None:
    """The title (整改中, deadline long past) is revoked through the API on 2026-11-10; its
    one-off grant approved while it was held is entered afterwards, one approved after the
    revocation is refused naming the field and the date the title ended [Y14][S10]."""
    finance = api.callers[Role.FINANCE].headers
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    revoked = api.client.post(
        f"/api/v1/notices/{api.own.notice}/revocation",
        headers=officer,
        json={"decided_on": "2026-11-10", "decision_ref": "杨工〔2026〕30号"},
    )
    assert revoked.status_code == 200, revoked.text
    title = api.client.get(f"/api/v1/designations/{api.own.designation}", headers=finance)
    assert title.json()["status"] == "revoked"
    void = api.client.post(
        f"/api/v1/grants/{api.own.grant}/void", headers=finance, json={"reason": "文号录错，重录"}
    )
    assert void.status_code == 200, void.text
    path = f"/api/v1/designations/{api.own.designation}/grants"
    late = api.client.post(
        path,
        headers=finance,
        json={"kind": "one_off", "approval_ref": "杨工〔2026〕31号", "approved_on": "2026-11-12"},
    )
    assert late.status_code == 422
    error = late.json()["error"]
    assert error["field"] == "approved_on"
    assert [(p["field"], p["code"]) for p in error["problems"]] == [("approved_on", "after_end")]
    assert "2026年11月10日" in error["problems"][0]["message"]
    entered = api.client.post(
        path,
        headers=finance,
        json={
            "kind": "one_off",
            "approval_ref": "杨工〔2026〕7号",
            "approved_on": "2026-10-01",
            "paid_on": "2026-10-08",
        },
    )
    assert entered.status_code == 201, entered.text
    assert entered.json()["amount_fen"] == 1_000_000


def test_a_leshan_one_off_reward_has_no_fixed_amount_so_finance_enters_the_approved_one(
    api: Api,
) -> None:
    """[L 三] 「授牌并给予一次性奖励」 states no amount: the approved amount must be entered, by
    the Leshan city union's finance, which pays it (a county union's finance is refused)."""
    with api.uow() as u:
        leshan = f.leshan_tree(u)  # a Leshan title is Leshan's city union's alone [L 一]
        title = f.named_designation(u, leshan, scheme=LESHAN)
        county, _ = f.user(u, Role.FINANCE, leshan.district.id)
        county_token = issue_token(u, county, "测试", NOW).plaintext
        principal, _ = f.user(u, Role.FINANCE, leshan.city.id)
        token = issue_token(u, principal, "测试", NOW).plaintext
        u.commit()
    finance = {"Authorization": f"Bearer {token}"}
    path = f"/api/v1/designations/{title.id}/grants"
    grant = {"kind": "one_off", "approval_ref": "乐工〔2026〕3号", "approved_on": "2026-11-02"}
    before = api.writes()
    by_county = api.client.post(
        path,
        headers={"Authorization": f"Bearer {county_token}"},
        json={**grant, "amount_yuan": "5000"},
    )
    assert by_county.status_code == 403
    assert by_county.json()["error"]["code"] == "not_authorised"
    assert f"须由{leshan.city.name}财务人员办理" in by_county.json()["error"]["message"]
    assert api.writes() == before
    missing = api.client.post(path, headers=finance, json=grant)
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "amount_yuan"
    assert missing.json()["error"]["problems"][0]["message"] == "请填写金额（元）"
    entered = api.client.post(path, headers=finance, json={**grant, "amount_yuan": "5000"})
    assert entered.status_code == 201, entered.text
    assert entered.json()["amount_fen"] == 500_000


def test_a_leshan_title_is_refused_money_its_notice_lacks_with_that_alone(api: Api) -> None:
    """[L 三] gives a one-off reward only: excellence support [Y15] and district matching [S10]
    are refused on 类别 alone, not also asked for the Yangpu form's 成果 (before: 「…不实行优秀
    成果项目扶持；请选择申请扶持的创新成果」); nothing written."""
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        title = f.named_designation(u, leshan, scheme=LESHAN)
        principal, _ = f.user(u, Role.FINANCE, leshan.city.id)
        token = issue_token(u, principal, "测试", NOW).plaintext
        u.commit()
    finance = {"Authorization": f"Bearer {token}"}
    before = api.writes()
    for kind, message in (
        ("excellence", "乐山市劳模和工匠人才创新工作室不实行优秀成果项目扶持"),
        ("matching", "乐山市劳模和工匠人才创新工作室不实行区级配套资金"),
    ):
        refused = api.client.post(
            f"/api/v1/designations/{title.id}/grants",
            headers=finance,
            json={"kind": kind, "approval_ref": "乐工〔2026〕3号", "approved_on": "2026-11-02",
                  "amount_yuan": "5000"},
        )  # fmt: skip
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert error["message"] == message
        assert [p["field"] for p in error["problems"]] == ["kind"]
    assert api.writes() == before


def test_finance_audits_its_own_subtree_now_and_a_rerun_stores_nothing_twice(api: Api) -> None:
    """[S10]: a city grant paid on 2026-06-01 with no district 配套 by 2026-08-30 is a finding
    only an audit after that day brings; finance runs it for its own subtree over the API."""
    paid = date(2026, 6, 1)
    titles = []
    with api.uow() as u:
        for tree in (api.tree, replace(api.tree, unit=api.tree.other_unit)):
            d = f.named_designation(
                u, tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
            )
            cmd = RecordGrant(d.id, GrantKind.ONE_OFF, "沪工〔2026〕5号", paid, paid_on=paid)
            city = f.finance_of(tree.city.id)  # the city pays the one-off [S10]
            record_grant(u, cmd, actor=city, as_of=paid, scope=EVERYTHING)
            titles.append(d.id)
        u.commit()
    ours, theirs = titles
    finance = api.callers[Role.FINANCE].headers
    audit = f"/api/v1/unions/{api.tree.district.id}/funding-audit"
    ran = api.client.post(audit, headers=finance)
    assert ran.status_code == 200, ran.text
    body = ran.json()
    assert body["stored"] >= 1
    assert body["by_kind"]["matching_missing"] >= 1
    kinds = [
        x["kind"]
        for x in api.client.get(f"/api/v1/designations/{ours}/findings", headers=finance).json()[
            "items"
        ]
    ]
    assert kinds == ["matching_missing"]
    with api.uow() as u:
        assert u.funding.findings_of(theirs) == []  # another district's: not audited
    again = api.client.post(audit, headers=finance).json()
    assert again["stored"] == 0
    assert again["present"] == body["present"]
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    assert api.client.post(audit, headers=officer).status_code == 403
    elsewhere = f"/api/v1/unions/{api.tree.other_district.id}/funding-audit"
    assert api.client.post(elsewhere, headers=finance).status_code == 404


def test_finance_records_the_day_an_approved_grant_arrived_once(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    grants = f"/api/v1/designations/{api.own.designation}/grants"
    fund = f"/api/v1/designations/{api.own.designation}/fund-ledger"
    voided = api.client.post(
        f"/api/v1/grants/{api.own.grant}/void", headers=finance, json={"reason": "改为待到账"}
    )
    assert voided.status_code == 200, voided.text
    approved = api.client.post(
        grants,
        headers=finance,
        json={"kind": "one_off", "approval_ref": "杨工〔2026〕70号", "approved_on": "2026-10-01"},
    )
    assert approved.status_code == 201, approved.text
    grant = approved.json()
    assert grant["paid_on"] is None
    assert api.client.get(fund, headers=finance).json()["received_fen"] == 0
    payment = f"/api/v1/grants/{grant['id']}/payment"
    writes = api.writes()
    early = api.client.post(payment, headers=finance, json={"paid_on": "2026-09-30"})
    assert early.status_code == 422
    assert early.json()["error"]["field"] == "paid_on"
    # The form asks only the day: the approval day it may not precede is named.
    assert early.json()["error"]["message"] == "到账日期不能早于批准日期（2026年10月1日）"
    stale = api.client.post(
        payment, headers=finance, json={"paid_on": "2026-10-08", "expected_version": 9}
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["field"] == "expected_version"
    assert api.writes() == writes
    unit = api.client.post(
        payment, headers=api.callers[Role.UNIT_CONTACT].headers, json={"paid_on": "2026-10-08"}
    )
    assert unit.status_code == 403
    paid = api.client.post(payment, headers=finance, json={"paid_on": "2026-10-08"})
    assert paid.status_code == 200, paid.text
    assert paid.json()["grant"]["paid_on"] == "2026-10-08"
    assert api.client.get(fund, headers=finance).json()["received_fen"] == 1_000_000
    again = api.client.post(payment, headers=finance, json={"paid_on": "2026-10-09"})
    assert again.status_code == 422
    assert again.json()["error"]["code"] == "already_paid"
    trail = api.client.get(f"/api/v1/grants/{grant['id']}/audit", headers=finance).json()
    paid_entry = trail["items"][-1]
    assert (paid_entry["before"]["paid_on"], paid_entry["after"]["paid_on"]) == (None, "2026-10-08")


def test_a_blank_reason_or_note_is_named_as_the_form_names_it_and_nothing_is_written(
    api: Api,
) -> None:
    """An empty 更正原因 or 作废原因 of a grant or an expenditure, 处理说明 of a finding or 不予扶持
    的理由: the refusal names the field as its page does, not the bare 原因 or 备注."""
    finance = api.callers[Role.FINANCE].headers
    contact = api.callers[Role.UNIT_CONTACT].headers
    spent = f"/api/v1/designations/{api.own.designation}/expenditures"
    expenditure = api.client.get(spent, headers=finance).json()["items"][0]["id"]
    cases = [
        (finance, f"/api/v1/grants/{api.own.grant}/correction", {"reason": ""}, "更正原因不能为空"),
        (finance, f"/api/v1/grants/{api.own.grant}/void", {"reason": ""}, "作废原因不能为空"),
        (
            finance,
            f"/api/v1/grants/{api.own.grant}/correction",
            {"reason": "长" * 2001},
            "更正原因不能超过2000个字符",
        ),
        (
            contact,
            f"/api/v1/expenditures/{expenditure}/void",
            {"reason": "长" * 2001},
            "作废原因不能超过2000个字符",
        ),
        (
            finance,
            f"/api/v1/findings/{api.own.finding}/resolution",
            {"outcome": "explained", "note": "", "resolved_on": "2026-11-01"},
            "处理说明不能为空",
        ),
    ]
    for headers, path, body, expected in cases:
        before = api.writes()
        refused = api.client.post(path, headers=headers, json=body)
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert error["message"] == expected, error
        assert error["field"] in ("reason", "note")
        assert api.writes() == before
