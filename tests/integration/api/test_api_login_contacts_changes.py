"""API: login for machine clients (throttled), removing a contact, amending a change request."""

from __future__ import annotations

from sqlalchemy import select

from lifecycle.accounts.model import ApiToken
from lifecycle.accounts.service import hash_secret
from lifecycle.accounts.throttle import FREE_FAILURES
from lifecycle.unions.model import UnionContact
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

LOGIN = "/api/v1/auth/tokens"


def test_login_issues_a_token_once_that_works_and_can_be_revoked(api: Api) -> None:
    caller = api.callers[Role.FINANCE]
    body = {"username": caller.principal.username, "password": api.passwords[Role.FINANCE]}
    issued = api.client.post(LOGIN, json={**body, "token_name": "报表机"})
    assert issued.status_code == 201, issued.text
    got = issued.json()
    assert issued.headers["cache-control"] == "no-store"
    assert got["token"].startswith("wst_")
    assert (got["name"], got["role"], got["user_id"]) == (
        "报表机",
        "finance",
        caller.principal.user_id,
    )
    with api.uow() as u:
        stored = u.session.scalars(
            select(ApiToken).where(ApiToken.token_hash == hash_secret(got["token"]))
        ).one()
        assert stored.id == got["id"]
        (entry,) = u.audit.for_record("api_tokens", stored.id)
        assert entry.user_id == caller.principal.user_id
        assert entry.after is not None
        assert entry.after["token_hash"] == "***"
    bearer = {"Authorization": f"Bearer {got['token']}"}
    assert api.client.get("/api/v1/me", headers=bearer).json()["username"] == (
        caller.principal.username
    )
    revoked = api.client.delete(f"/api/v1/me/tokens/{got['id']}", headers=bearer)
    assert revoked.status_code == 200
    assert api.client.get("/api/v1/me", headers=bearer).status_code == 401


def test_login_failures_throttle_that_address_like_the_page_login(api: Api) -> None:
    caller = api.callers[Role.UNIT_CONTACT]
    wrong = {"username": caller.principal.username, "password": "wrong-password-0"}
    for _ in range(FREE_FAILURES):
        failed = api.client.post(LOGIN, json=wrong)
        assert failed.status_code == 401
        assert failed.json()["error"]["code"] == "login_failed"
    right = {"username": caller.principal.username, "password": api.passwords[Role.UNIT_CONTACT]}
    locked = api.client.post(LOGIN, json=right)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "login_throttled"
    # How long to wait, for a client to schedule its retry (RFC 6585): as the message says.
    assert locked.headers["retry-after"] == "30"
    assert locked.json()["error"]["message"] == "登录失败次数过多，请30秒后再试"
    # The same throttle refuses the page login from that address (one count per name and address).
    page = api.client.get("/login")
    token = page.cookies.get("workshops_login_csrf")
    form = {**right, "csrf_token": token, "next": "/dashboard"}
    refused = api.client.post("/login", data=form)
    assert refused.status_code == 422
    assert "登录失败次数过多" in refused.text
    unknown = api.client.post(LOGIN, json={"username": "nobody", "password": "x"})
    assert unknown.status_code == 401
    assert unknown.json()["error"]["message"] == "用户名或密码不正确"
    missing = api.client.post(LOGIN, json={"username": "nobody"})
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "password"


def test_removing_a_contact_is_scoped_and_audited_with_the_admin(api: Api) -> None:
    admin = api.callers[Role.ADMIN]
    path = f"/api/v1/unions/{api.own.unit}/contacts/{api.own.contact}"
    officer = api.client.delete(path, headers=api.callers[Role.DISTRICT_OFFICER].headers)
    assert officer.status_code == 403
    wrong_union = api.client.delete(
        f"/api/v1/unions/{api.own.district}/contacts/{api.own.contact}", headers=admin.headers
    )
    assert wrong_union.status_code == 404
    removed = api.client.delete(path, headers=admin.headers)
    assert removed.status_code == 200, removed.text
    assert removed.json()["id"] == api.own.contact
    with api.uow() as u:
        assert u.session.get(UnionContact, api.own.contact) is None
        entry = u.audit.for_record("union_contacts", api.own.contact)[-1]
        assert (entry.action, entry.user_id) == ("delete", admin.principal.user_id)
    listed = api.client.get(f"/api/v1/unions/{api.own.unit}/contacts", headers=admin.headers)
    assert api.own.contact not in {c["id"] for c in listed.json()["items"]}
    again = api.client.delete(path, headers=admin.headers)
    assert again.status_code == 404
    assert again.json()["error"]["field"] == "contact_id"


def _decide(api: Api, step: str, role: Role, decision: str) -> None:
    done = api.client.post(
        f"/api/v1/change-requests/{api.own.change_request}/{step}",
        json={
            "decision": decision,
            "decided_on": "2026-11-10",
            "signer": "王",
            "opinion": "请补充退休证明" if decision == "send_back" else "同意",
        },
        headers=api.callers[role].headers,
    )
    assert done.status_code == 200, done.text


def test_a_returned_request_is_resubmitted_then_withdrawn(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    path = f"/api/v1/change-requests/{api.own.change_request}"
    amended = {
        "resubmitted_on": "2026-11-12",
        "signer": "赵主席",
        "reason": "retired",
        "reason_details": "领衔人已退休，附退休证明",
        "measure": "exit_keeping_title",
    }
    early = api.client.post(f"{path}/resubmit", json=amended, headers=unit)
    assert early.status_code == 422
    assert early.json()["error"]["code"] == "not_returned"
    _decide(api, "unit", Role.UNIT_CONTACT, "approve")
    _decide(api, "district", Role.DISTRICT_OFFICER, "send_back")
    assert api.client.get(path, headers=unit).json()["status"] == "returned"
    bad = api.client.post(
        f"{path}/resubmit", json={**amended, "resubmitted_on": "2026-11-01"}, headers=unit
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["problems"][0]["field"] == "resubmitted_on"
    again = api.client.post(f"{path}/resubmit", json=amended, headers=unit)
    assert again.status_code == 200, again.text
    assert (again.json()["status"], again.json()["round"]) == ("pending_unit", 2)
    assert again.json()["reason_details"] == "领衔人已退休，附退休证明"
    other = api.client.post(
        f"/api/v1/change-requests/{api.other.change_request}/withdraw",
        json={"withdrawn_on": "2026-11-13", "signer": "赵主席", "reason": "不再变更"},
        headers=unit,
    )
    assert other.status_code == 404
    gone = api.client.post(
        f"{path}/withdraw",
        json={"withdrawn_on": "2026-11-13", "signer": "赵主席", "reason": "不再变更"},
        headers=unit,
    )
    assert gone.status_code == 200, gone.text
    assert gone.json()["status"] == "withdrawn"
    steps = api.client.get(f"{path}/steps", headers=unit).json()
    assert [s["action"] for s in steps][-2:] == ["resubmitted", "withdrawn"]
    trail = api.client.get(f"{path}/audit", headers=api.callers[Role.DISTRICT_OFFICER].headers)
    last = trail.json()["items"][-1]
    assert last["user_id"] == api.callers[Role.UNIT_CONTACT].principal.user_id


def test_a_decision_sent_on_a_version_read_before_anothers_is_a_conflict(api: Api) -> None:
    """Two city officers read the city step; A sends it back, B's approval on the same version
    is 409 on ``expected_version`` naming who sent it back and when (not a refusal of B's role
    for the step now waiting, nor a bare 「已被他人处理」), and nothing of it is written."""
    path = f"/api/v1/change-requests/{api.own.change_request}"
    city = api.callers[Role.CITY_OFFICER].headers
    _decide(api, "unit", Role.UNIT_CONTACT, "approve")
    _decide(api, "district", Role.DISTRICT_OFFICER, "approve")
    read = api.client.get(path, headers=city).json()
    assert read["status"] == "pending_city"
    typed = {"decided_on": "2026-11-12", "signer": "市总", "expected_version": read["version"]}
    back = typed | {"decision": "send_back", "opinion": "请补充退休证明"}
    assert api.client.post(f"{path}/city", json=back, headers=city).status_code == 200
    before = api.writes()
    approve = typed | {"decision": "approve", "opinion": "同意", "decision_ref": "沪工〔2026〕1号"}
    stale = api.client.post(f"{path}/city", json=approve, headers=city)
    assert stale.status_code == 409, stale.text
    error = stale.json()["error"]
    assert (error["code"], error["field"], error["message"]) == (
        "step_already_done",
        "expected_version",
        f"市创建命名办公室审定已由{api.tree.city.name}（签署人：市总）于2026年11月12日办理（退回），"
        "当前状态为：已退回，待修改后重新提交；您的意见未保存，请刷新后查看",
    )
    assert api.writes() == before
    assert api.client.get(path, headers=city).json()["status"] == "returned"
